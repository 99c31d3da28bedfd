import EventLog
import PostgresNIO

/// The shared log: the events table of SQLite in a PostgreSQL database.
/// Every append holds a transaction-level advisory lock until it commits, so
/// appends run one at a time: the next sequence number is the head plus one,
/// the sequence has no gap, and a reader can never see event N+1 committed
/// before event N (which a plain sequence would allow).
public final class PostgresEventStore: EventStore {
    public let url: PostgresURL
    let session: PostgresSession

    /// Connects and checks (or, with `create`, makes) the schema.
    public init(url: PostgresURL, create: Bool = false) throws {
        self.url = url
        session = try PostgresSession(url: url)
        try PostgresSchema.prepare(session, create: create)
    }

    /// Closes the connection now instead of when the store goes away.
    public func close() { session.close() }

    public func append(_ events: [NewEvent], expecting: [String: ExpectedVersion]) throws -> [RecordedEvent] {
        try session.transaction(write: true) { try Self.append(events, expecting: expecting, in: session) }
    }

    public func events(after: Int64, limit: Int?) throws -> [RecordedEvent] {
        try Self.events(in: session, after: after, limit: limit)
    }

    public func head() throws -> (seq: Int64, hash: String) { try Self.head(in: session) }

    // MARK: - Inside a write transaction (the advisory lock is held)

    static func append(_ events: [NewEvent], expecting: [String: ExpectedVersion], in s: PostgresSession) throws -> [RecordedEvent] {
        try LedgerRules.append(events, expecting: expecting, in: PostgresRows(session: s, clone: "")).events
    }

    /// Stores an event exactly as given (an export imported into an empty log).
    static func insert(_ r: RecordedEvent, origin: String = "here", in s: PostgresSession) throws {
        try s.query("""
            INSERT INTO events (seq, event_id, stream_id, stream_version, type, schema_version, payload, actor, time, prev_hash, hash, clock, origin)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            """, [r.seq, r.eventId, r.stream, r.version, r.type, Int64(r.schemaVersion), r.payload, r.actor, r.time, r.prevHash, r.hash,
                  r.clock, origin])
    }

    // MARK: - Reads

    static let columns = "seq, event_id, stream_id, stream_version, type, schema_version::bigint, payload, actor, time, prev_hash, hash, clock, origin"

    static func head(in s: PostgresSession) throws -> (seq: Int64, hash: String) {
        guard let row = try s.query("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").first else { return (0, HashChain.genesis) }
        let (seq, hash) = try s.decoded(row, as: (Int64, String).self)
        return (seq, hash)
    }

    static func event(withId id: String, in s: PostgresSession) throws -> RecordedEvent? {
        try s.query("SELECT \(columns) FROM events WHERE event_id = $1", [id]).first.map { try recorded($0, in: s) }
    }

    static func events(in s: PostgresSession, after: Int64 = 0, upTo: Int64? = nil, stream: String? = nil, limit: Int? = nil) throws -> [RecordedEvent] {
        var sql = "SELECT \(columns) FROM events WHERE seq > $1 AND seq <= $2"
        var args: [(any PostgresDynamicTypeEncodable)?] = [after, upTo ?? Int64.max]
        if let stream { sql += " AND stream_id = $3"; args.append(stream) }
        // The total order every clone computes alike; `seq` is only the order of arrival.
        sql += " ORDER BY clock, event_id"
        if let limit { sql += " LIMIT \(max(0, limit))" }
        return try s.query(sql, args).map { try recorded($0, in: s) }
    }

    static func recorded(_ row: PostgresRow, in s: PostgresSession) throws -> RecordedEvent {
        let (seq, eventId, stream, version, type, schemaVersion, payload, actor, time, prevHash, hash, clock, origin) =
            try s.decoded(row, as: (Int64, String, String, Int64, String, Int64, String, String, String, String, String, Int64, String).self)
        return RecordedEvent(seq: seq, eventId: eventId, stream: stream, version: version, type: type, schemaVersion: Int(schemaVersion),
                             payload: payload, actor: actor, time: time, prevHash: prevHash, hash: hash, clock: clock, origin: origin)
    }
}
