import Foundation
import Testing
@testable import EventLog
@testable import PostgresStore

/// `ws_append_begin` takes the append lock and reads in one statement: its read must be of the state after
/// the commit it waited for, not of the snapshot its statement started with. (A stale read would still be
/// caught by the unique keys, and the append run again: correct, but every append twice.)
@Suite struct PostgresAppendBeginTests {
    @Test func theReadWithTheLockSeesTheCommitItWaitedFor() throws {
        let f = try StoreFixture(.postgres)
        let url = try #require(f.postgresURL)
        _ = try f.store().append([note("e-1")], expecting: [:])
        let slow = try f.openAppend(note("e-2"))
        defer { slow.close() }

        let waiting = Shared(try PostgresSession(url: url))
        defer { waiting.value.close() }
        let seen = ErrorLog()
        let finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            do {
                let session = waiting.value
                let position = try session.transaction(write: true, bodyLocks: true) {
                    try PostgresPrefetch.fetch(["A1"], in: session).appendPosition(streams: ["A1"])
                }
                seen.add("head \(position?.seq ?? -1), A1 at \(position?.versions["A1"] ?? -1)")
            } catch { seen.add("\(error)") }
            finished.signal()
        }
        // It waits for the lock while the first append is open.
        #expect(finished.wait(timeout: .now() + 1) == .timedOut)
        try slow.query("COMMIT")
        #expect(finished.wait(timeout: .now() + 30) == .success)
        #expect(seen.all == ["head 2, A1 at 2"])
    }
}
