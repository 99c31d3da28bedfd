import EventLog
import PostgresNIO

/// The shared log: the events table of SQLite in a PostgreSQL database.
/// Every append holds one advisory lock until it commits (transaction-level, or, for a command's append,
/// session-level from its read to its commit: `PostgresSession+Append`), so
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
        try PostgresRows(session: session, clone: "").events(after: after, upTo: nil, stream: nil, limit: limit)
    }

    public func head() throws -> (seq: Int64, hash: String) { try PostgresRows(session: session, clone: "").head() }

    /// Inside a write transaction (the advisory lock is held).
    static func append(_ events: [NewEvent], expecting: [String: ExpectedVersion], in s: PostgresSession) throws -> [RecordedEvent] {
        try LedgerRules.append(events, expecting: expecting, in: PostgresRows(session: s, clone: "")).events
    }
}

/// The rows of the events table.
extension PostgresRows {
    static let columns = """
        seq, event_id, stream_id, stream_version, type, schema_version::bigint, payload, actor, time, prev_hash, hash, \
        clock, origin
        """

    public func head() throws -> (seq: Int64, hash: String) {
        let row = try session.query("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").first
        return try row.map { try session.decoded($0, as: (Int64, String).self) } ?? (0, HashChain.genesis)
    }

    /// With the append's reads prefetched, nil: the events table's unique key checks the id when the batch goes
    /// in, and a stored one runs the append again without the prefetch (`PostgresClone.writeRows(prefetching:)`).
    public func event(withId id: String) throws -> RecordedEvent? {
        if prefetched?.current == true { return nil }
        return try session.query("SELECT \(Self.columns) FROM events WHERE event_id = $1", [id]).first.map(recorded)
    }

    /// In a shared log, "here" is recorded as the clone's identity: each clone's commits name only its own events.
    public func insert(_ events: [RecordedEvent], origin: String) throws {
        let stored = origin == "here" && !clone.isEmpty ? clone : origin
        prefetched?.wrote()
        if session.numbering != nil {
            // Numbered again by the server, and inserted by its call (`settled`).
            session.numbering?.events += events
            session.numbering?.origin = stored
            return
        }
        for r in events {
            session.send("""
                INSERT INTO events (seq, event_id, stream_id, stream_version, type, schema_version, payload, actor,
                    time, prev_hash, hash, clock, origin)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
                """, [r.seq, r.eventId, r.stream, r.version, r.type, Int64(r.schemaVersion), r.payload, r.actor, r.time,
                      r.prevHash, r.hash, r.clock, stored], row: "events \(r.seq)")
        }
    }

    public func settled(_ events: [RecordedEvent]) throws -> [RecordedEvent] {
        session.numbering == nil ? events : try session.commitNumbered()
    }

    public func events(after: Int64, upTo: Int64?, stream: String?) throws -> [RecordedEvent] {
        try events(after: after, upTo: upTo, stream: stream, limit: nil)
    }

    func events(after: Int64, upTo: Int64?, stream: String?, limit: Int?) throws -> [RecordedEvent] {
        var sql = "SELECT \(Self.columns) FROM events WHERE seq > $1 AND seq <= $2"
        var args: [(any PostgresDynamicTypeEncodable)?] = [after, upTo ?? Int64.max]
        if let stream { sql += " AND stream_id = $3"; args.append(stream) }
        // The total order every clone computes alike; `seq` is only the order of arrival.
        sql += " ORDER BY clock, event_id"
        if let limit { sql += " LIMIT \(max(0, limit))" }
        return try session.query(sql, args).map(recorded)
    }

    func recorded(_ row: PostgresRow) throws -> RecordedEvent {
        let (seq, eventId, stream, version, type, schemaVersion, payload, actor, time, prevHash, hash, clock, origin) =
            try session.decoded(row, as: (Int64, String, String, Int64, String, Int64, String, String, String, String,
                                          String, Int64, String).self)
        return RecordedEvent(seq: seq, eventId: eventId, stream: stream, version: version, type: type,
                             schemaVersion: Int(schemaVersion), payload: payload, actor: actor, time: time,
                             prevHash: prevHash, hash: hash, clock: clock, origin: origin)
    }
}
