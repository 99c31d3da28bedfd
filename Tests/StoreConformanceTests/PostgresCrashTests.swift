import Foundation
import Testing
@testable import EventLog
@testable import PostgresStore
import WorkstreamKit

/// The server killed (SIGKILL to the postmaster and every backend) while 8 processes append, then
/// restarted (crash recovery replays the WAL): every append a writer saw return is in the log, the
/// sequence has no gap, and the chain verifies. An append commits without waiting for the disk and is
/// acknowledged only after a later flush (PostgresDurability): this is the crash that would show a lie.
@Suite(.serialized) struct PostgresCrashTests {
    static let writers = 8
    static let appends = 400

    @Test func everyAcknowledgedAppendSurvivesAKilledServer() throws {
        let cluster = try CrashableCluster()
        defer { cluster.remove() }
        let url = try PostgresURL(parsing: cluster.url)
        let ledger = Ledger(store: try PostgresEventStore(url: url, create: true), clone: "crash-test")
        for i in 0..<Self.writers {
            _ = try ledger.execute(.declare(Declaration(id: "K\(i)", title: "Crash \(i)")), actor: "pm",
                                   time: "2026-12-05T10:00:00.000Z")
        }
        var env = ProcessInfo.processInfo.environment
        env["WS_STORE"] = cluster.url
        let running = try (0..<Self.writers).map { i -> (Process, Pipe) in
            let p = Process()
            p.executableURL = LoadTests.loadgen
            p.arguments = ["K\(i)", String(Self.appends)]
            p.environment = env
            let out = Pipe()
            p.standardOutput = out
            p.standardError = FileHandle.nullDevice
            try p.run()
            return (p, out)
        }
        // Killed mid-stream: once some appends are in, well before all are.
        // Bounded waits: a writer that never gets going, or never returns once its server is gone, fails the
        // test instead of hanging the suite (a client must notice a dead server; see PostgresSession).
        let watcher = try PostgresEventStore(url: url)
        let started = Date()
        while try watcher.head().seq < Int64(Self.writers + 100) {
            guard Date().timeIntervalSince(started) < 120 else { break }
            usleep(20_000)
        }
        #expect(try watcher.head().seq >= Int64(Self.writers + 100), "the writers appended too little in 120 s")
        watcher.close()
        try cluster.kill()
        let killed = Date()
        for (i, (p, _)) in running.enumerated() {
            while p.isRunning && Date().timeIntervalSince(killed) < 120 { usleep(20_000) }
            if p.isRunning {
                Issue.record("writer K\(i) still running 120 s after its server died: killed")
                kill(p.processIdentifier, SIGKILL)
            }
        }
        var acknowledged: [String: Int] = [:]
        for (i, (p, out)) in running.enumerated() {
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            _ = exitStatus(of: p)
            acknowledged["K\(i)"] = Int(text.split(separator: " ").dropFirst().first ?? "") ?? -1
        }
        #expect(acknowledged.values.contains { $0 < Self.appends }, "the kill came after every append: \(acknowledged)")
        try cluster.start()

        let store = try PostgresEventStore(url: url)
        let all = try store.events(after: 0, limit: nil)
        #expect(all.map(\.seq).sorted() == Array(1...Int64(all.count)), "gap in the sequence after the crash")
        for (stream, acked) in acknowledged {
            #expect(acked >= 0, "writer \(stream) printed no acknowledgement")
            let logged = all.filter { $0.stream == stream }.count - 1
            #expect(logged >= acked, "\(stream): \(acked) appends acknowledged, \(logged) in the log after the crash")
        }
        let report = try Ledger(store: store, clone: "crash-test").verify()
        #expect(report.ok, "\(report.problems.prefix(3))")
    }
}
