import Foundation
import WorkstreamKit

/// An event as the log stores it: numbered, chained, immutable.
public struct RecordedEvent: Equatable, Sendable {
    public var seq: Int64
    public var eventId: String
    public var stream: String
    public var version: Int64
    public var type: String
    public var schemaVersion: Int
    /// Canonical JSON (see `CanonicalJSON`); the hash covers these exact bytes.
    public var payload: String
    public var actor: String
    public var time: String
    public var prevHash: String
    public var hash: String
    /// The Lamport clock: greater than the clock of every event the writer held. With
    /// the event id it gives the total order every clone projects in; `seq` is only
    /// this clone's order of arrival.
    public var clock: Int64
    /// "here" for an event recorded by this clone, "git" for one imported from another clone's journal.
    public var origin: String

    public init(seq: Int64, eventId: String, stream: String, version: Int64, type: String, schemaVersion: Int,
                payload: String, actor: String, time: String, prevHash: String, hash: String, clock: Int64 = 0, origin: String = "here") {
        self.seq = seq; self.eventId = eventId; self.stream = stream; self.version = version; self.type = type
        self.schemaVersion = schemaVersion; self.payload = payload; self.actor = actor; self.time = time
        self.prevHash = prevHash; self.hash = hash; self.clock = clock == 0 ? seq : clock; self.origin = origin
    }

    public func decoded() throws -> WorkstreamEvent {
        try EventCodec.decode(type: type, schemaVersion: schemaVersion, payload: payload)
    }

    public func envelope() throws -> EventEnvelope {
        EventEnvelope(seq: seq, stream: stream, version: version, actor: actor, time: time, event: try decoded(), eventId: eventId, clock: clock)
    }

    /// Whether `other` is this same fact (for idempotent appends and imports).
    public func sameFact(as other: NewEvent) -> Bool {
        eventId == other.eventId && stream == other.stream && type == other.type
            && schemaVersion == other.schemaVersion && payload == other.payload
    }
}

/// An event about to be appended: the log gives it its sequence, version and hash.
public struct NewEvent: Equatable, Sendable {
    public var eventId: String
    public var stream: String
    public var type: String
    public var schemaVersion: Int
    public var payload: String
    public var actor: String
    public var time: String
    /// The clock it came with from another clone; 0 for a new event, which the log clocks after everything it holds.
    public var clock: Int64

    public init(eventId: String, stream: String, type: String, schemaVersion: Int, payload: String, actor: String, time: String, clock: Int64 = 0) {
        self.eventId = eventId; self.stream = stream; self.type = type; self.schemaVersion = schemaVersion
        self.payload = payload; self.actor = actor; self.time = time; self.clock = clock
    }

    /// Whether `other` states the same fact (a line read twice from journals).
    public func sameFact(as other: NewEvent) -> Bool {
        eventId == other.eventId && stream == other.stream && type == other.type && schemaVersion == other.schemaVersion
            && payload == other.payload && actor == other.actor && time == other.time
    }

    public init(_ pending: PendingEvent, eventId: String = UUID().uuidString.lowercased(), actor: String, time: String) {
        self.init(eventId: eventId, stream: pending.stream, type: EventCodec.typeName(of: pending.event),
                  schemaVersion: EventCodec.currentSchemaVersion, payload: EventCodec.encodePayload(pending.event),
                  actor: actor, time: time)
    }
}

/// How far a stream must be for an append to go through.
public enum ExpectedVersion: Equatable, Sendable {
    case any
    /// The stream's current version; 0 means the stream must not exist yet.
    case exactly(Int64)
}
