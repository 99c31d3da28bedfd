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

    public init(seq: Int64, eventId: String, stream: String, version: Int64, type: String, schemaVersion: Int,
                payload: String, actor: String, time: String, prevHash: String, hash: String) {
        self.seq = seq; self.eventId = eventId; self.stream = stream; self.version = version; self.type = type
        self.schemaVersion = schemaVersion; self.payload = payload; self.actor = actor; self.time = time
        self.prevHash = prevHash; self.hash = hash
    }

    public func decoded() throws -> WorkstreamEvent {
        try EventCodec.decode(type: type, schemaVersion: schemaVersion, payload: payload)
    }

    public func envelope() throws -> EventEnvelope {
        EventEnvelope(seq: seq, stream: stream, version: version, actor: actor, time: time, event: try decoded())
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

    public init(eventId: String, stream: String, type: String, schemaVersion: Int, payload: String, actor: String, time: String) {
        self.eventId = eventId; self.stream = stream; self.type = type; self.schemaVersion = schemaVersion
        self.payload = payload; self.actor = actor; self.time = time
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
