import Foundation
import Testing
@testable import EventLog
import WorkstreamKit

/// A command retried with the event ids it was first given, through the ledger (on PostgreSQL the path
/// that reads the append's rows with the lock and leaves the stored-id check to the unique key).
@Suite struct RetriedCommandTests {
    @Test(arguments: StoreKind.allCases)
    func aCommandRetriedWithItsEventIdsComesBackAsStored(kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        let time = "2026-12-05T10:00:00.000Z"
        _ = try f.ledger().execute(.declare(Declaration(id: "R1", title: "Retried")), actor: "pm", time: time)
        let log = Command.log(id: "R1", message: "once", kind: .note, hours: nil)
        let first = try f.ledger().execute(log, actor: "pm", time: time, eventIds: ["retry-1"])
        // Another connection, as the process retrying after losing the answer would have.
        let again = try f.ledger().execute(log, actor: "pm", time: time, eventIds: ["retry-1"])
        // The same rows (the origin a PostgreSQL insert reports is "here", the stored one the clone's name).
        #expect(again.events.map(\.seq) == first.events.map(\.seq))
        #expect(again.events.map(\.hash) == first.events.map(\.hash))
        #expect(try f.store().events(after: 0, limit: nil).count == 2)
        let other = Command.log(id: "R1", message: "other", kind: .note, hours: nil)
        #expect(throws: EventStoreError.eventIdReused("retry-1")) {
            try f.ledger().execute(other, actor: "pm", time: time, eventIds: ["retry-1"])
        }
        #expect(try f.store().events(after: 0, limit: nil).count == 2)
        #expect(try f.ledger().verify().ok)
    }
}
