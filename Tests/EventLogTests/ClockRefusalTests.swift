import Foundation
import Testing
@testable import EventLog
import WorkstreamKit

/// The clock bound of an import (`ClockRefusal`): a peer that recorded a thousand events while this log held a
/// few brings them all in; a line clocked past every event the log would then hold is refused, alone.
@Suite struct ClockRefusalTests {
    static func ledger() throws -> Ledger {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("ws-clock-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return Ledger(store: try SQLiteEventStore(path: dir.appendingPathComponent("log.sqlite").path, create: true))
    }

    static func lines(_ ledger: Ledger) throws -> [NewEvent] {
        try ledger.history().map { r in
            NewEvent(eventId: r.eventId, stream: r.stream, type: r.type, schemaVersion: r.schemaVersion,
                     payload: r.payload, actor: r.actor, time: r.time, clock: r.clock)
        }
    }

    @Test func aPeerOfflineForAThousandEventsIsImportedWhole() throws {
        let (here, there) = (try Self.ledger(), try Self.ledger())
        let time = "2026-11-21T10:00:00.000Z"
        _ = try here.execute(.declare(Declaration(id: "H1", title: "Here")), actor: "alice", time: time)
        _ = try there.execute(.declare(Declaration(id: "T1", title: "There")), actor: "bob", time: time)
        for i in 0..<1_000 {
            _ = try there.execute(.log(id: "T1", message: "n\(i)", kind: .note, hours: nil), actor: "bob", time: time)
        }
        let result = try here.importJournal(try Self.lines(there))
        #expect(result.imported == 1_001 && result.clockTooHigh.isEmpty, "\(result.clockTooHigh.prefix(3))")
        // And back: the peer takes this log's events, whose clocks it has long passed.
        #expect(try there.importJournal(try Self.lines(here)).clockTooHigh.isEmpty)
    }

    @Test func aLineClockedPastTheEventsHeldIsRefusedAlone() throws {
        let here = try Self.ledger()
        let time = "2026-11-21T10:00:00.000Z"
        _ = try here.execute(.declare(Declaration(id: "H1", title: "Here")), actor: "alice", time: time)
        var forged = NewEvent(eventId: "", stream: "H1", type: "DevlogEntryRecorded", schemaVersion: 1,
                              payload: #"{"kind":"note","message":"late"}"#, actor: "mallory", time: time,
                              clock: 1 << 53)
        forged.eventId = EventIdentity.contentId(of: forged)
        var honest = forged
        honest.clock = 2
        honest.payload = #"{"kind":"note","message":"honest"}"#
        honest.eventId = EventIdentity.contentId(of: honest)
        // One event held, two lines read and one refused elsewhere: nothing may be clocked past 4.
        let result = try here.importJournal([forged, honest], refused: 1)
        #expect(result.imported == 1)
        #expect(result.clockTooHigh == [ClockRefusal(eventId: forged.eventId, clock: 1 << 53, bound: 4)])
        #expect(try here.verify().ok)
    }
}
