import EventLog
import PostgresNIO
import WorkstreamKit

/// The index's questions over PostgreSQL (`IndexQueries`). A workstream's folder is computed from its id in
/// SQL, the first byte of its SHA-256 as `DocumentLayout.shardNumber` takes it (no column, so no migration
/// and no write pays for it).
extension PostgresRows {
    /// The folder of the workstream row `alias`: `convert_to` gives the id's UTF-8 bytes whatever the
    /// database's encoding (a cast of text to bytea would read backslashes as escapes).
    static func shard(_ alias: String) -> String { "get_byte(sha256(convert_to(\(alias).id, 'UTF8')), 0)" }

    public func shardCounts() throws -> [ShardCount] {
        try session.query(IndexQueries.shardCounts(shard: Self.shard("workstreams"))).map { row in
            let (shard, lifecycle, count) = try session.decoded(row, as: (Int32, String, Int64).self)
            return ShardCount(shard: Int(shard), lifecycle: lifecycle, count: Int(count))
        }
    }

    public func phaseCounts() throws -> [PhaseCount] {
        try session.query(IndexQueries.phaseCounts).map { row in
            let (phase, lifecycle, blocked, held, waiting, count) = try session.decoded(
                row, as: (String?, String, Bool, Bool, Bool, Int64).self)
            return PhaseCount(phase: phase, lifecycle: lifecycle, blocked: blocked, held: held, waiting: waiting,
                              count: Int(count))
        }
    }

    public func listedInIndex() throws -> [WorkstreamSummary] {
        try summaries(where: IndexQueries.listed, [])
    }

    /// The folders' ids first, so the server hashes every id once, not once for each of the three conditions
    /// of `IndexQueries.pageRows` (10,000 ids: 6.6 ms a scan on loopback, PostgreSQL 15).
    public func indexPageSummaries(shards: Set<Int>) throws -> [WorkstreamSummary] {
        let list = shards.sorted().map(String.init).joined(separator: ", ")
        let page = try session.column("SELECT id FROM workstreams WHERE \(Self.shard("workstreams")) IN (\(list))",
                                      as: String.self)
        return try summaries(where: """
            id = ANY($1) OR id IN (SELECT workstream_id FROM dependencies WHERE depends_on = ANY($1))
            OR id IN (SELECT depends_on FROM dependencies WHERE workstream_id = ANY($1))
            """, [page])
    }
}
