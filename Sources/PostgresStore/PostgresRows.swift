import EventLog
import PostgresNIO
import WorkstreamKit

/// `LedgerRows` over one PostgreSQL transaction (the append lock held for
/// writes): how rows go in and out of the shared log. The rules live in `LedgerRules`.
public struct PostgresRows: LedgerRows {
    let session: PostgresSession
    /// Whose bookkeeping this is: several clones share one log.
    let clone: String
    /// What an append read with the lock (`PostgresPrefetch`), nil in every other transaction.
    var prefetched: PostgresPrefetch?

    /// One round trip: each is a wait while this writer holds the append lock.
    public func appendPosition(streams: Set<String>) throws -> AppendPosition {
        if let known = prefetched?.appendPosition(streams: streams) { return known }
        var position = AppendPosition(seq: 0, hash: HashChain.genesis, versions: [:], clock: 0)
        let rows = try session.query("""
            WITH h AS (SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1)
            SELECT t.stream, COALESCE((SELECT MAX(e.stream_version) FROM events e WHERE e.stream_id = t.stream), 0),
                   COALESCE((SELECT seq FROM h), 0), COALESCE((SELECT hash FROM h), $2),
                   COALESCE((SELECT MAX(clock) FROM events), 0)::bigint
            FROM unnest($1::text[]) AS t(stream)
            """, [Array(streams), HashChain.genesis])
        for row in rows {
            let (stream, version, seq, hash, clock) = try session.decoded(row, as: (String, Int64, Int64, String, Int64).self)
            position.versions[stream] = version
            (position.seq, position.hash, position.clock) = (seq, hash, clock)
        }
        return position
    }

    public func lastInOrder() throws -> (clock: Int64, eventId: String)? {
        try session.query("SELECT clock, event_id FROM events ORDER BY clock DESC, event_id DESC LIMIT 1").first
            .map { try session.decoded($0, as: (Int64, String).self) }
            .map { (clock: $0.0, eventId: $0.1) }
    }

    public func lastInOrderWithTime() throws -> (clock: Int64, eventId: String, time: String)? {
        if let known = prefetched?.lastInOrderWithTime() { return known }
        let sql = "SELECT clock, event_id, time FROM events ORDER BY clock DESC, event_id DESC LIMIT 1"
        return try session.query(sql).first
            .map { try session.decoded($0, as: (Int64, String, String).self) }
            .map { (clock: $0.0, eventId: $0.1, time: $0.2) }
    }

    /// A page at a time (keyset pagination), so a replay never holds the whole log in memory.
    public func forEachEvent(upTo: Int64?, _ body: (RecordedEvent) throws -> Void) throws {
        var after: (clock: Int64, eventId: String) = (0, "")
        while true {
            let page = try session.query("""
                SELECT \(Self.columns) FROM events WHERE seq <= $1 AND (clock, event_id) > ($2, $3)
                ORDER BY clock, event_id LIMIT 5000
                """, [upTo ?? Int64.max, after.clock, after.eventId]).map(recorded)
            for r in page { try body(r) }
            guard let last = page.last, page.count == 5_000 else { return }
            after = (last.clock, last.eventId)
        }
    }

    public func forEachEventInArrivalOrder(_ body: (RecordedEvent) throws -> Void) throws {
        var after: Int64 = 0
        while true {
            let sql = "SELECT \(Self.columns) FROM events WHERE seq > $1 ORDER BY seq LIMIT 5000"
            let page = try session.query(sql, [after])
                .map(recorded)
            for r in page { try body(r) }
            guard let last = page.last, page.count == 5_000 else { return }
            after = last.seq
        }
    }

    public func load(_ ids: [String]) throws -> [Workstream] {
        let unique = Array(Set(ids))
        guard !unique.isEmpty else { return [] }
        if let known = try prefetched?.load(unique) { return known }
        return try session.column("SELECT doc FROM workstreams WHERE id = ANY($1)", [unique], as: String.self).map(WorkstreamRecord.decode)
    }

    public func loadAll() throws -> [Workstream] {
        try session.column("SELECT doc FROM workstreams ORDER BY position, id", as: String.self).map(WorkstreamRecord.decode)
    }

    public func loadIgnoringCase(_ lowercasedIds: [String]) throws -> [Workstream] {
        guard !lowercasedIds.isEmpty else { return [] }
        return try load(try session.column("SELECT id FROM workstreams WHERE lower(id) = ANY($1)", [lowercasedIds], as: String.self))
    }

    public func dependencyClosure(of id: String) throws -> [String] {
        try session.column("""
            WITH RECURSIVE reach(id) AS (SELECT $1::text UNION SELECT d.depends_on FROM dependencies d JOIN reach r ON d.workstream_id = r.id)
            SELECT id FROM reach
            """, [id], as: String.self)
    }

    /// In the total order of their events, as a replay lists them.
    public func devlog(of id: String?) throws -> [DevlogEntry] {
        let columns = "d.seq, d.workstream_id, d.kind, d.message, d.hours, d.actor, d.time"
        let from = "FROM devlog d JOIN events e ON e.seq = d.seq"
        let rows = try id.map { try session.query("SELECT \(columns) \(from) WHERE d.workstream_id = $1 ORDER BY e.clock, e.event_id", [$0]) }
            ?? session.query("SELECT \(columns) \(from) ORDER BY e.clock, e.event_id")
        return try rows.map { row in
            let (seq, stream, kind, message, hours, actor, time) =
                try session.decoded(row, as: (Int64, String, String, String, Double?, String, String).self)
            return DevlogEntry(seq: seq, workstream: stream, kind: LogKind(rawValue: kind) ?? .note, message: message,
                               hours: hours, actor: actor, time: time)
        }
    }

    /// `open_deps`, as SQLite keeps it: of the touched workstreams, and of the dependents of those that became,
    /// or stopped being, completed; in one statement (each round trip is a wait under the append lock).
    /// The ids as a UNION, not `id = ANY($1) OR id IN (…)`: PostgreSQL plans that OR as a scan of every
    /// workstream (93 ms of each append at 10,000 workstreams, against 4 ms through the primary key).
    public func refreshDerived(touched: [String], completed: Set<String>) throws {
        // A count moves only with a workstream's dependencies or a dependency's completion: when neither moved in
        // this append (a devlog entry, a task), every count is already right and the statement is a round trip
        // under the lock for nothing. Known only on the prefetch path, which saw every save.
        if completed.isEmpty, let prefetched, !prefetched.dependenciesMoved { return }
        session.send("""
            UPDATE workstreams SET open_deps = \(SummaryColumns.openDependencyCount(of: "workstreams.id"))
            WHERE id IN (SELECT unnest($1::text[]) UNION SELECT workstream_id FROM dependencies WHERE depends_on = ANY($2))
            """, [touched, Array(completed)])
    }

    public func refreshAllDerived() throws {
        try session.query("UPDATE workstreams SET open_deps = \(SummaryColumns.openDependencyCount(of: "workstreams.id"))")
    }

    /// The server keeps its own files; a damaged page reaches ws as an error of the query that reads it.
    public func storageDamage() throws -> [String] { [] }

    /// The dependency rows, the open dependency counts and the query columns, against the documents.
    public func derivedDrift() throws -> [String] {
        let all = try loadAll()
        let edges = try session.query("SELECT workstream_id, depends_on FROM dependencies").map { try session.decoded($0, as: (String, String).self) }
        var problems = Set(edges.map { "\($0.0)>\($0.1)" }) == Set(all.flatMap { w in w.dependsOn.map { "\(w.id)>\($0)" } }) ? []
            : ["dependency read model differs from the workstreams (run 'ws rebuild')"]
        problems += try session.column("""
            SELECT id FROM workstreams WHERE open_deps <> \(SummaryColumns.openDependencyCount(of: "workstreams.id")) ORDER BY position
            """, as: String.self).map { "read model counts the open dependencies of \($0) wrongly (run 'ws rebuild')" }
        if try summaries(readyOnly: false) != WorkspaceState(workstreams: all).summaries {
            problems.append("query columns differ from the workstream documents (run 'ws rebuild')")
        }
        return problems
    }
}
