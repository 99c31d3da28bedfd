import EventLog
import Foundation
import TestSupport
import Testing

/// The fast path's processes keep the log's closed connection until they exit instead of freeing it
/// (SQLiteQueueRetention: freeing it cost more than the close). The close itself must still happen:
/// after each `ws log` and `ws task done` the WAL is checkpointed and empty, and a copy of `log.sqlite`
/// alone holds every event those processes acknowledged.
@Suite struct FastPathLogAtRestTests {
    func walSize(_ s: Sandbox) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: s.logPath + "-wal"))?[.size] as? Int
    }

    @Test func eachFastPathAppendLeavesTheLogOneFileAtRest() throws {
        let s = try Sandbox.planned()
        try s.ws("task", "add", "A1", "fast path task", "--task-id", "t1").check()
        for n in 1...3 {
            try s.ws("log", "A1", "fast path entry \(n)").check()
            #expect(walSize(s) ?? 0 == 0, "the WAL holds \(walSize(s) ?? 0) bytes after ws log")
        }
        try s.ws("task", "done", "A1", "t1").check()
        #expect(walSize(s) ?? 0 == 0, "the WAL holds \(walSize(s) ?? 0) bytes after ws task done")

        let copy = s.root.appendingPathComponent("copy-of-log.sqlite").path
        try FileManager.default.copyItem(atPath: s.logPath, toPath: copy)
        let events = try SQLiteEventStore(path: copy).events()
        for n in 1...3 { #expect(events.contains { $0.payload.contains("fast path entry \(n)") }) }
        #expect(events.count == (try SQLiteEventStore(path: s.logPath).events().count))
    }
}
