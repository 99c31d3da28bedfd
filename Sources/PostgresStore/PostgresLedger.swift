import EventLog
import WorkstreamKit

/// One clone's view of the shared log: the store and whose bookkeeping
/// (`meta`, `published`) it keeps, since several clones share one log. Every
/// rule comes from `Ledger`, run inside one transaction (holding the append
/// lock for writes) over `PostgresRows`, exactly as over SQLite.
public struct PostgresClone: LedgerStore {
    public let store: PostgresEventStore
    public let clone: String

    public var storeDescription: String { store.url.redacted }
    public var localOrigin: String { clone.isEmpty ? "here" : clone }

    public func readRows<T>(_ body: (any LedgerRows) throws -> T) throws -> T {
        try store.session.transaction(write: false) { try body(PostgresRows(session: store.session, clone: clone)) }
    }

    public func writeRows<T>(_ body: (any LedgerRows) throws -> T) throws -> T {
        try store.session.transaction(write: true) { try body(PostgresRows(session: store.session, clone: clone)) }
    }

    public func writeRows<T>(prefetching subjects: [String], _ body: (any LedgerRows) throws -> T) throws -> T {
        let session = store.session
        do {
            return try session.appendTransaction {
                let prefetched = try PostgresPrefetch.fetch(subjects, in: session)
                return try body(PostgresRows(session: session, clone: clone, prefetched: prefetched))
            }
        } catch where PostgresPrefetch.isStoredEventId(error) {
            return try writeRows(body)
        }
    }

    /// A command whose decision reads only the streams it writes is numbered in the server, in one call
    /// (`PostgresSession.numberedAppend`); one that needs more runs under the lock as any other.
    public func writeRows<T>(prefetching subjects: [String], numberedInStore: Bool,
                             _ body: (any LedgerRows) throws -> T) throws -> T {
        let session = store.session
        if numberedInStore {
            do {
                return try session.numberedAppend(subjects: subjects) { prefetched in
                    try body(PostgresRows(session: session, clone: clone, prefetched: prefetched))
                }
            } catch where PostgresSession.runsUnderLock(error) {}
        }
        return try writeRows(prefetching: subjects, body)
    }

    /// An import or a rebuild rewrites every read-model row, leaving the old versions dead and the planner's
    /// figures from before (none at all after the first import). Autovacuum comes within a minute; until then
    /// the listings planned a scan of the bloated heap and a sort instead of reading `workstreams_listing`
    /// alone: `status --json` at 10,000 workstreams spent 25.4 ms in the server against 3.5 ms after
    /// `VACUUM (ANALYZE)` (EXPLAIN ANALYZE, bench plan). A role that does not own a table gets a warning from
    /// the server, not an error, and the table is left to autovacuum.
    public func refreshPlannerStatistics() throws {
        _ = try store.session.query("VACUUM (ANALYZE) " + PostgresSchema.readModelTables.joined(separator: ", "))
    }
}

extension Ledger {
    /// The ledger over PostgreSQL, the store several clones share, as `clone` sees it.
    public convenience init(store: PostgresEventStore, clone: String) {
        self.init(store: PostgresClone(store: store, clone: clone))
    }
}
