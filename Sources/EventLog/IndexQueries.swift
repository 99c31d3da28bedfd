import WorkstreamKit

/// What a publish in a large project reads for the index (`Workstreams/README.md` and the touched folders'
/// pages): the summary's counts grouped by the store, and full rows only for the touched pages. Before, it
/// read all 10,000 summaries and hashed every id (callgrind of `ws complete`, static release build: 125 M of
/// 360 M instructions). The SQL is written once here; a store gives the expression of a row's folder
/// (SQLite keeps it as a column, PostgreSQL hashes the id).
public enum IndexQueries {
    /// Two aggregates, each walked in the order of an index in SQLite (one grouped by folder and phase
    /// together sorted 10,000 rows: three times the instructions of both).
    public static func shardCounts(shard: String) -> String {
        "SELECT \(shard), lifecycle, count(*) FROM workstreams GROUP BY \(shard), lifecycle"
    }

    /// Grouped by the columns status is derived from, so the rule stays `Status.derive`.
    public static let phaseCounts = """
        SELECT phase, lifecycle, blocked_reason IS NOT NULL, agent IS NOT NULL, open_deps > 0, count(*)
        FROM workstreams GROUP BY phase, lifecycle, blocked_reason, agent, open_deps
        """

    /// A superset of the workstreams the summary lists (in progress, in conflict): status is derived in Swift.
    public static let listed = "(lifecycle = 'open' AND agent IS NOT NULL) OR conflict IS NOT NULL"

    /// The condition for the rows of the folders `shards`, their dependents and their dependencies;
    /// `shard(alias)` is the store's expression of the folder of the workstream row named `alias` (SQLite's;
    /// PostgreSQL reads the folders' ids first, so it hashes each id once: `PostgresRows.indexPageSummaries`).
    public static func pageRows(_ shards: Set<Int>, shard: (String) -> String) -> String {
        let list = shards.sorted().map(String.init).joined(separator: ", ")
        return """
            \(shard("workstreams")) IN (\(list))
            OR id IN (SELECT d.workstream_id FROM dependencies d JOIN workstreams p ON p.id = d.depends_on
                      WHERE \(shard("p")) IN (\(list)))
            OR id IN (SELECT d.depends_on FROM dependencies d JOIN workstreams p ON p.id = d.workstream_id
                      WHERE \(shard("p")) IN (\(list)))
            """
    }
}

/// One group of `IndexQueries.shardCounts`.
public struct ShardCount: Sendable {
    public var shard: Int, lifecycle: String, count: Int
    public init(shard: Int, lifecycle: String, count: Int) {
        self.shard = shard; self.lifecycle = lifecycle; self.count = count
    }
}

/// One group of `IndexQueries.phaseCounts`.
public struct PhaseCount: Sendable {
    public var phase: String?, lifecycle: String, blocked: Bool, held: Bool, waiting: Bool, count: Int
    public init(phase: String?, lifecycle: String, blocked: Bool, held: Bool, waiting: Bool, count: Int) {
        self.phase = phase; self.lifecycle = lifecycle; self.blocked = blocked; self.held = held
        self.waiting = waiting; self.count = count
    }
}

extension Ledger {
    /// What `Workstreams/README.md` shows in a large project's layout, from the store's aggregates, on one
    /// snapshot. The same as `IndexTally(summaries(), shards:)` (IndexInputsTests).
    public func indexTally() throws -> IndexTally {
        try read { rows in
            var tally = IndexTally()
            for group in try rows.phaseCounts() {
                // An unknown lifecycle reads as open, as `SummaryColumns.summary` reads it.
                let status = Status.derive(lifecycle: Lifecycle(rawValue: group.lifecycle) ?? .open,
                                           blockedReason: group.blocked ? "" : nil, agent: group.held ? "" : nil,
                                           waitingOnDependencies: group.waiting)
                tally.count(group.count, phase: group.phase, status: status)
            }
            for group in try rows.shardCounts() {
                let lifecycle = Lifecycle(rawValue: group.lifecycle) ?? .open
                tally.count(group.count, shard: group.shard, open: lifecycle != .completed && lifecycle != .cancelled)
            }
            let listed = try rows.listedInIndex()
            tally.working = listed.filter { $0.status == .inProgress }
            tally.conflicted = listed.filter { $0.conflict != nil }
            return tally
        }
    }

    /// See `LedgerRows.indexPageSummaries`.
    public func indexPageSummaries(shards: Set<Int>) throws -> [WorkstreamSummary] {
        guard !shards.isEmpty else { return [] }
        return try read { try $0.indexPageSummaries(shards: shards) }
    }
}
