import Foundation
import Testing

/// A damaged log file gets a clear error that says how to recover, and is
/// left exactly as it was: never a silent reset, never a partial answer.
@Suite struct CorruptLogTests {
    /// A repository whose documents and journal are committed (complete commits them).
    func repositoryWithACommittedJournal() throws -> Sandbox {
        let s = try Sandbox()
        try s.ws("init").check()
        try s.ws("new", "A1", "--title", "Infrastructure").check()
        try s.ws("start", "A1").check()
        for n in 1...40 { try s.ws("log", "A1", "entry \(n) " + String(repeating: "padding ", count: 40)).check() }
        try s.ws("complete", "A1", "--summary", "done").check()
        try s.ws("new", "A2", "--title", "After").check()
        return s
    }

    func expectRefusedAndUntouched(_ s: Sandbox, damaged: Data, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try damaged.write(to: URL(fileURLWithPath: s.logPath))
        for args in [["status"], ["log", "A2", "must not be recorded"], ["verify"]] {
            let r = try s.ws(args)
            #expect(r.code == 1, "\(args): \(r.stderr)", sourceLocation: sourceLocation)
            #expect(r.stderr.contains("Nothing was changed") && r.stderr.contains(".ws/journal") && r.stderr.contains("ws import"),
                    "\(args): \(r.stderr)", sourceLocation: sourceLocation)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: s.logPath)) == damaged, "the damaged file was modified", sourceLocation: sourceLocation)
    }

    @Test func aTruncatedLogIsRefusedWithTheWayBack() throws {
        let s = try repositoryWithACommittedJournal()
        let whole = try Data(contentsOf: URL(fileURLWithPath: s.logPath))
        #expect(!FileManager.default.fileExists(atPath: s.logPath + "-wal") || ((try? Data(contentsOf: URL(fileURLWithPath: s.logPath + "-wal")))?.isEmpty ?? true))
        try expectRefusedAndUntouched(s, damaged: whole.prefix(whole.count / 2))
        // The way back the message names: move it away, and the journal rebuilds the log.
        try FileManager.default.moveItem(atPath: s.logPath, toPath: s.logPath + ".damaged")
        let status = try s.ws("status").check()
        #expect(status.stdout.contains("A1") && status.stdout.contains("completed"))
        try s.ws("verify").check()
    }

    @Test func aGarbageLogIsRefusedWithTheWayBack() throws {
        let s = try repositoryWithACommittedJournal()
        var generator = SystemRandomNumberGenerator()
        let garbage = Data((0..<65_536).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try expectRefusedAndUntouched(s, damaged: garbage)
    }

    @Test func aLogWithAGarbledMiddleIsRefused() throws {
        let s = try repositoryWithACommittedJournal()
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: s.logPath)))
        // Keep the header, scribble over every page after the first.
        for i in stride(from: 4096, to: bytes.count, by: 7) { bytes[i] = 0xA5 }
        try expectRefusedAndUntouched(s, damaged: Data(bytes))
    }
}
