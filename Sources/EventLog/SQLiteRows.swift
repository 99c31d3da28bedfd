import Foundation
import GRDB
import WorkstreamKit

/// `LedgerRows` over one SQLite transaction: how rows go in and out of the
/// embedded log. The rules live in `LedgerRules`.
public struct SQLiteRows: LedgerRows {
    let db: Database

    public func head() throws -> (seq: Int64, hash: String) { try SQLiteEventStore.head(in: db) }

    public func event(withId id: String) throws -> RecordedEvent? { try SQLiteEventStore.event(withId: id, in: db) }

    public func appendPosition(streams: Set<String>) throws -> AppendPosition {
        let (seq, hash) = try head()
        var versions: [String: Int64] = [:]
        for stream in streams { versions[stream] = try SQLiteEventStore.streamVersion(stream, in: db) }
        return AppendPosition(seq: seq, hash: hash, versions: versions, clock: try SQLiteEventStore.maxClock(in: db))
    }

    public func insert(_ events: [RecordedEvent], origin: String) throws {
        for r in events { try SQLiteEventStore.insertRow(r, origin: origin, in: db) }
    }

    public func lastInOrder() throws -> (clock: Int64, eventId: String)? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT clock, event_id FROM events ORDER BY clock DESC, event_id DESC LIMIT 1"))
            .map { (clock: $0[0] as Int64, eventId: $0[1] as String) }
    }

    /// A cursor, not an array: a replay of a million events never holds them all in memory.
    public func forEachEvent(upTo: Int64?, _ body: (RecordedEvent) throws -> Void) throws {
        let sql = "SELECT * FROM events WHERE seq <= ? ORDER BY clock, event_id"
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: [upTo ?? Int64.max])
        while let row = try cursor.next() { try body(SQLiteEventStore.recorded(row)) }
    }

    public func forEachEventInArrivalOrder(_ body: (RecordedEvent) throws -> Void) throws {
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: "SELECT * FROM events ORDER BY seq"))
        while let row = try cursor.next() { try body(SQLiteEventStore.recorded(row)) }
    }

    public func load(_ ids: [String]) throws -> [Workstream] { try ReadModel.load(ids, in: db) }

    public func loadAll() throws -> [Workstream] { try ReadModel.loadAll(in: db) }

    public func loadIgnoringCase(_ lowercasedIds: [String]) throws -> [Workstream] {
        guard !lowercasedIds.isEmpty else { return [] }
        let ids = try String.fetchAll(db.cachedStatement(sql: "SELECT id FROM workstreams WHERE lower(id) IN (\(databaseQuestionMarks(count: lowercasedIds.count)))"),
                                      arguments: StatementArguments(lowercasedIds))
        return try load(ids)
    }

    public func dependencyClosure(of id: String) throws -> [String] { try ReadModel.dependencyClosure(of: id, in: db) }

    public func save(_ workstream: Workstream, old: Workstream?) throws { try ReadModel.save(workstream, old: old, in: db) }

    public func saveDevlog(_ entry: DevlogEntry) throws { try ReadModel.saveDevlog(entry, in: db) }

    public func devlog(of id: String?) throws -> [DevlogEntry] { try ReadModel.devlog(of: id, in: db) }

    public func clearReadModels() throws { try ReadModel.clear(in: db) }

    /// `open_deps`: how many dependencies are not completed, so `ready` is one index lookup.
    public func refreshDerived(touched: [String], completed: Set<String>) throws {
        for id in touched { try ReadModel.refreshOpenDependencies(of: id, completed: completed.contains(id), in: db) }
    }

    public func refreshAllDerived() throws {
        try db.execute(sql: "UPDATE workstreams SET open_deps = \(SummaryColumns.openDependencyCount(of: "workstreams.id"))")
    }

    public func derivedDrift() throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: """
            SELECT id FROM workstreams WHERE open_deps <> \(SummaryColumns.openDependencyCount(of: "workstreams.id")) ORDER BY position
            """)).map { "read model counts the open dependencies of \($0) wrongly (run 'ws rebuild')" }
    }
}
