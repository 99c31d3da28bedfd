import Foundation
import GRDB
import WorkstreamKit

/// `LedgerRows` over one SQLite transaction: how rows go in and out of the
/// embedded log. The rules live in `LedgerRules`.
public struct SQLiteRows: LedgerRows {
    let db: Database

    public func head() throws -> (seq: Int64, hash: String) {
        let sql = "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1"
        if let row = try Row.fetchOne(db.cachedStatement(sql: sql)) {
            return (row["seq"], row["hash"])
        }
        return (0, HashChain.genesis)
    }

    public func event(withId id: String) throws -> RecordedEvent? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM events WHERE event_id = ?"), arguments: [id])
            .map(recorded)
    }

    public func appendPosition(streams: Set<String>) throws -> AppendPosition {
        let (seq, hash) = try head()
        var versions: [String: Int64] = [:]
        for stream in streams {
            versions[stream] = try Int64.fetchOne(db.cachedStatement(
                sql: "SELECT MAX(stream_version) FROM events WHERE stream_id = ?"), arguments: [stream]) ?? 0
        }
        let clock = try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(clock) FROM events")) ?? 0
        return AppendPosition(seq: seq, hash: hash, versions: versions, clock: clock)
    }

    public func insert(_ events: [RecordedEvent], origin: String) throws {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO events (seq, event_id, stream_id, stream_version, type, schema_version, payload, actor, time,
                prev_hash, hash, clock, origin)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for r in events {
            try insert.execute(arguments: [r.seq, r.eventId, r.stream, r.version, r.type, r.schemaVersion, r.payload,
                                           r.actor, r.time, r.prevHash, r.hash, r.clock, origin])
        }
    }

    public func events(after: Int64, upTo: Int64?, stream: String?) throws -> [RecordedEvent] {
        try events(after: after, upTo: upTo, stream: stream, limit: nil)
    }

    func events(after: Int64, upTo: Int64?, stream: String?, limit: Int?) throws -> [RecordedEvent] {
        var sql = "SELECT * FROM events WHERE seq > ?"
        var args: [(any DatabaseValueConvertible)?] = [after]
        if let upTo { sql += " AND seq <= ?"; args.append(upTo) }
        if let stream { sql += " AND stream_id = ?"; args.append(stream) }
        // The total order every clone computes alike; `seq` is only this clone's order of arrival.
        sql += " ORDER BY clock, event_id"
        if let limit { sql += " LIMIT \(limit)" }
        return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: StatementArguments(args)).map(recorded)
    }

    func recorded(_ row: Row) -> RecordedEvent {
        // By position (the column order of `events`): name lookups cost more than the rest on a million rows.
        RecordedEvent(seq: row[0], eventId: row[1], stream: row[2], version: row[3], type: row[4],
                      schemaVersion: row[5], payload: row[6], actor: row[7], time: row[8], prevHash: row[9],
                      hash: row[10], clock: row[11], origin: row[12])
    }

    public func lastInOrder() throws -> (clock: Int64, eventId: String)? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT clock, event_id FROM events ORDER BY clock DESC, event_id DESC LIMIT 1"))
            .map { (clock: $0[0] as Int64, eventId: $0[1] as String) }
    }

    public func lastInOrderWithTime() throws -> (clock: Int64, eventId: String, time: String)? {
        let sql = "SELECT clock, event_id, time FROM events ORDER BY clock DESC, event_id DESC LIMIT 1"
        return try Row.fetchOne(db.cachedStatement(sql: sql)).map { (clock: $0[0], eventId: $0[1], time: $0[2]) }
    }

    /// A cursor, not an array: a replay of a million events never holds them all in memory.
    public func forEachEvent(upTo: Int64?, _ body: (RecordedEvent) throws -> Void) throws {
        let sql = "SELECT * FROM events WHERE seq <= ? ORDER BY clock, event_id"
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: [upTo ?? Int64.max])
        while let row = try cursor.next() { try body(recorded(row)) }
    }

    public func forEachEventInArrivalOrder(_ body: (RecordedEvent) throws -> Void) throws {
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: "SELECT * FROM events ORDER BY seq"))
        while let row = try cursor.next() { try body(recorded(row)) }
    }

    public func loadIgnoringCase(_ lowercasedIds: [String]) throws -> [Workstream] {
        guard !lowercasedIds.isEmpty else { return [] }
        let ids = try String.fetchAll(db.cachedStatement(sql: "SELECT id FROM workstreams WHERE lower(id) IN (\(questionMarks(count: lowercasedIds.count)))"),
                                      arguments: StatementArguments(lowercasedIds))
        return try load(ids)
    }

    /// `open_deps`: how many dependencies are not completed, so `ready` is one index lookup.
    public func refreshDerived(touched: [String], completed: Set<String>) throws {
        for id in touched { try refreshOpenDependencies(of: id, completed: completed.contains(id)) }
    }

    public func refreshAllDerived() throws {
        try db.execute(sql: "UPDATE workstreams SET open_deps = \(SummaryColumns.openDependencyCount(of: "workstreams.id"))")
    }

    public func derivedDrift() throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: """
            SELECT id FROM workstreams WHERE open_deps <> \(SummaryColumns.openDependencyCount(of: "workstreams.id")) ORDER BY position
            """)).map { "read model counts the open dependencies of \($0) wrongly (run 'ws rebuild')" }
    }

    /// SQLite's quick_check: every page and index entry well formed (what integrity_check does, without
    /// matching each index against its table). Reading the chain alone passes over a damaged index page.
    public func storageDamage() throws -> [String] {
        let found = try String.fetchAll(db, sql: "PRAGMA quick_check(5)")
        guard found != ["ok"] else { return [] }
        return ["the log file is damaged (\(found.joined(separator: "; "))): move it away and run any ws command, "
                + "which builds the log again from the committed journal (docs/reliability.md)"]
    }
}
