import GRDB
import WorkstreamKit

/// What the ledger needs from a store: transactions that hand out its rows,
/// and how to name it. `Ledger` writes every method once over this; a store
/// adds only its SQL (`LedgerRows`) and these few lines.
public protocol LedgerStore {
    /// Where the log is, for people (a file path, or a URL with its password hidden).
    var storeDescription: String { get }
    /// The `origin` of the events this clone records itself ("here" in its own log; its
    /// identity in a shared one), so a commit names only this clone's work.
    var localOrigin: String { get }
    /// Runs `body` on one consistent snapshot.
    func readRows<T>(_ body: (any LedgerRows) throws -> T) throws -> T
    /// Runs `body` in one write transaction (the append lock held): all of it commits, or none.
    func writeRows<T>(_ body: (any LedgerRows) throws -> T) throws -> T
    /// The same for a command that reads `subjects` first: a store that waits for each read while it holds the
    /// append lock may fetch them with the lock, in one round trip.
    func writeRows<T>(prefetching subjects: [String], _ body: (any LedgerRows) throws -> T) throws -> T
    /// The same for a command whose decision reads only the streams it writes (`LedgerRules.readsOnlyItsStreams`)
    /// when `numberedInStore`: a store may read without the lock, and take the lock only to check those streams'
    /// versions and number the batch (`LedgerRows.settled`).
    func writeRows<T>(prefetching subjects: [String], numberedInStore: Bool,
                      _ body: (any LedgerRows) throws -> T) throws -> T
    /// After a write that replaced every read-model row (an import, a rebuild): whatever the store's query
    /// planner keeps about those tables is brought up to date, outside any transaction.
    func refreshPlannerStatistics() throws
}

extension LedgerStore {
    /// SQLite plans the listings from their indexes alone (no `sqlite_stat1` is kept): nothing to refresh.
    public func refreshPlannerStatistics() throws {}

    public func writeRows<T>(prefetching subjects: [String], _ body: (any LedgerRows) throws -> T) throws -> T {
        try writeRows(body)
    }

    public func writeRows<T>(prefetching subjects: [String], numberedInStore: Bool,
                             _ body: (any LedgerRows) throws -> T) throws -> T {
        try writeRows(prefetching: subjects, body)
    }
}

extension SQLiteEventStore: LedgerStore {
    public var storeDescription: String { path }
    public var localOrigin: String { "here" }
    public func readRows<T>(_ body: (any LedgerRows) throws -> T) throws -> T { try read { db in try body(SQLiteRows(db: db)) } }
    public func writeRows<T>(_ body: (any LedgerRows) throws -> T) throws -> T { try write { db in try body(SQLiteRows(db: db)) } }
}
