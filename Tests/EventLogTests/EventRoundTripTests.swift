import Foundation
import Testing
import EventLog
import WorkstreamKit

/// Every kind of event in the registry (`EventType.allCases`, each with its sample) goes through each
/// stored form ws writes and comes back equal: the log row, the journal line and the export line.
@Suite struct EventRoundTripTests {
    let store: SQLiteEventStore
    init() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ws-roundtrip-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        store = try SQLiteEventStore(path: dir.appendingPathComponent("log.sqlite").path, create: true)
    }

    @Test(arguments: EventType.allCases) func everyEventRoundTripsThroughItsStoredForms(kind: EventType) throws {
        let sample = kind.sample
        #expect(sample.type == kind)
        let new = NewEvent(PendingEvent(stream: "auth", event: sample), eventId: "e-\(kind.rawValue)",
                           actor: "ana", time: "2026-01-02T03:04:05Z")
        #expect(new.type == kind.rawValue)
        // The payload is canonical (a fixed point), so re-serializing on export or import keeps hashes.
        #expect(CanonicalJSON.canonicalize(new.payload) == new.payload)
        let payload = try JSONParser.parse(new.payload)
        #expect(try EventValidation.validate(eventId: new.eventId, stream: new.stream, type: new.type, schemaVersion: new.schemaVersion,
                                             payload: payload, actor: new.actor, time: new.time, clock: 1) == sample)

        let recorded = try #require(try store.append([new], expecting: [:]).first)
        #expect(try store.events().map { try $0.decoded() } == [sample])

        let exported = ExportFormat.line(recorded)
        let imported = try ExportFormat.parse(Substring(exported), number: 1)
        #expect(imported == recorded)
        #expect(ExportFormat.line(imported) == exported)

        let journal = try JSONParser.parse(EventIdentity.line(recorded))
        let type = try #require(journal["type"]?.string)
        let data = try #require(journal["data"])
        #expect(try EventCodec.decode(type: type, json: data) == sample)
        #expect(data.canonical == recorded.payload)
    }

    @Test func anUnknownTypeIsRefusedByName() {
        #expect(throws: EventCodec.DecodingFailure.unknownType("WorkstreamTeleported")) {
            try EventCodec.decode(type: "WorkstreamTeleported", schemaVersion: 1, payload: "{}")
        }
    }
}
