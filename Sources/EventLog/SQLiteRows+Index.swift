import GRDB
import WorkstreamKit

/// The index's questions over SQLite (`IndexQueries`): each workstream's folder is the column `shard`
/// (schema 9), filled when a workstream is saved.
extension SQLiteRows {
    public func shardCounts() throws -> [ShardCount] {
        var groups: [ShardCount] = []
        try RawQuery.each(db, IndexQueries.shardCounts(shard: "shard")) { r in
            groups.append(ShardCount(shard: r.int(0), lifecycle: r.text(1), count: r.int(2)))
        }
        return groups
    }

    public func phaseCounts() throws -> [PhaseCount] {
        var groups: [PhaseCount] = []
        try RawQuery.each(db, IndexQueries.phaseCounts) { r in
            groups.append(PhaseCount(phase: r.optionalText(0), lifecycle: r.text(1), blocked: r.int(2) != 0,
                                     held: r.int(3) != 0, waiting: r.int(4) != 0, count: r.int(5)))
        }
        return groups
    }

    public func listedInIndex() throws -> [WorkstreamSummary] {
        try summaries(only: nil, condition: IndexQueries.listed, dependencies: false)
    }

    public func indexPageSummaries(shards: Set<Int>) throws -> [WorkstreamSummary] {
        try summaries(only: nil, condition: IndexQueries.pageRows(shards) { "\($0).shard" })
    }
}
