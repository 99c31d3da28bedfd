import Foundation
import Testing
@testable import EventLog
@testable import PostgresStore
import WorkstreamKit

/// 16 processes × 500 appends against each store (WS_LOAD_PROCESSES and
/// WS_LOAD_APPENDS change it; `make soak` runs more): zero errors, zero loss,
/// gap-free, with the throughput printed (never asserted).
@Suite(.serialized) struct LoadTests {
    static let processes = Int(ProcessInfo.processInfo.environment["WS_LOAD_PROCESSES"] ?? "") ?? 16
    static let appends = Int(ProcessInfo.processInfo.environment["WS_LOAD_APPENDS"] ?? "") ?? 500

    /// ws-loadgen, built beside this test bundle.
    static let loadgen: URL = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("ws-loadgen")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/ws-loadgen")
    }()

    @Test(arguments: StoreKind.allCases)
    func sixteenProcessesAppendWithoutErrorLossOrGap(kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        let ledger = try f.ledger()
        for i in 0..<Self.processes {
            _ = try ledger.execute(.declare(Declaration(id: "L\(i)", title: "Load \(i)")), actor: "pm", time: "2026-11-21T10:00:00.000Z")
        }
        var env = ProcessInfo.processInfo.environment
        switch kind {
        case .sqlite: env["WS_STORE"] = f.sqlitePath
        case .postgres:
            let url = try #require(f.postgresURL)
            env["WS_STORE"] = "postgres://\(url.user):\(url.password ?? "")@\(url.host):\(url.port)/\(url.database)"
        }
        let started = Date()
        let running = try (0..<Self.processes).map { i -> (Process, Pipe, Pipe) in
            let p = Process()
            p.executableURL = Self.loadgen
            p.arguments = ["L\(i)", String(Self.appends)]
            p.environment = env
            let out = Pipe(), err = Pipe()
            p.standardOutput = out
            p.standardError = err
            try p.run()
            return (p, out, err)
        }
        var acked = 0
        for (p, out, err) in running {
            let o = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(exitStatus(of: p) == 0, "\(e)")
            acked += Int(o.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        let seconds = Date().timeIntervalSince(started)
        let total = Self.processes * Self.appends
        #expect(acked == total)
        let all = try f.store().events(after: 0, limit: nil)
        #expect(all.count == total + Self.processes)
        // Gap-free. Not necessarily in arrival order: in the shared log, appends that each read before the other
        // committed share a clock (ordered by event id); each stream's own events are in order (below).
        #expect(all.map(\.seq).sorted() == Array(1...Int64(all.count)))
        for i in 0..<Self.processes {
            let mine = all.filter { $0.stream == "L\(i)" }
            #expect(mine.map(\.version) == Array(1...Int64(Self.appends + 1)), "stream L\(i) lost or reordered events")
        }
        let report = try f.ledger().verify()
        #expect(report.ok, "\(report.problems.prefix(3))")
        print("load (\(kind.rawValue)): \(Self.processes) processes × \(Self.appends) appends = \(total) events in "
              + String(format: "%.2f s: %.0f events/s", seconds, Double(total) / seconds) + "; 0 errors, 0 lost, gap-free, verify ok")
    }
}

/// Waits for a child by its pid. Foundation's own reaping can miss a child when the same test
/// process also spawns through posix_spawn (the provider tests do), leaving `waitUntilExit`
/// blocked on a zombie; this never depends on it.
func exitStatus(of process: Process) -> Int32 {
    let pid = process.processIdentifier
    while true {
        var status: Int32 = 0
        let r = waitpid(pid, &status, WNOHANG)
        if r == pid { return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f) }
        if r < 0 && !process.isRunning {
                    return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
                }
        usleep(2_000)
    }
}
