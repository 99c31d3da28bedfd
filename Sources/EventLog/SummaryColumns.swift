import WorkstreamKit

/// The query columns both stores keep beside each workstream, and the one way
/// a row of them becomes a `WorkstreamSummary` (status, lease expiry, conflict
/// summary): listings of ten thousand workstreams read these, never documents.
public enum SummaryColumns {
    /// The columns, in the order `summary` reads them.
    public static let sql = """
        id, title, phase, owner, estimate, agent, blocked_reason, conflict, lifecycle, tasks_done, tasks_total, open_deps,
        lease_minutes, lease_renewed_at
        """
    /// How many columns `sql` names: a store's own columns after them start at this position.
    public static let count: Int32 = 14
    /// Ready work: open, unheld, unblocked, every dependency completed (an index covers it in both stores).
    public static let ready = "lifecycle = 'open' AND blocked_reason IS NULL AND agent IS NULL AND open_deps = 0"
    /// Held under a lease: the candidates for a stale lease.
    public static let leased = "lifecycle = 'open' AND agent IS NOT NULL AND lease_minutes IS NOT NULL"

    /// SQL for the number of dependencies of `idExpression` that are not completed (`open_deps`, kept by each store).
    public static func openDependencyCount(of idExpression: String) -> String {
        """
        (SELECT count(*) FROM dependencies d LEFT JOIN workstreams x ON x.id = d.depends_on
         WHERE d.workstream_id = \(idExpression) AND (x.lifecycle IS NULL OR x.lifecycle <> 'completed'))
        """
    }

    /// Reads the columns of `sql` by position from one row of either store.
    public static func summary(_ r: some ColumnRow) throws -> WorkstreamSummary {
        let lifecycle = Lifecycle(rawValue: try r.text(8)) ?? .open
        let agent = try r.optionalText(5), blockedReason = try r.optionalText(6)
        var expiry: String?
        if lifecycle == .open, agent != nil, let minutes = try r.optionalDouble(12), let renewedAt = try r.optionalText(13) {
            expiry = Timestamp.adding(minutes: Int(minutes), to: renewedAt)
        }
        // The dependencies come from the dependencies table, filled in by the caller.
        return WorkstreamSummary(
            id: try r.text(0), title: try r.text(1),
            status: Status.derive(lifecycle: lifecycle, blockedReason: blockedReason, agent: agent,
                                  waitingOnDependencies: try r.int(11) > 0),
            agent: agent, dependsOn: [], phase: try r.optionalText(2), owner: try r.optionalText(3),
            estimate: try r.optionalDouble(4), blockedReason: blockedReason, tasksDone: try r.int(9), tasksTotal: try r.int(10),
            conflict: Conflict.summary(of: ConflictJSON.decode([Conflict].self, try r.optionalText(7)) ?? []), leaseExpiresAt: expiry)
    }
}

/// One row of a query, read by column position: SQLite's raw statement, or a PostgreSQL row.
public protocol ColumnRow {
    func text(_ i: Int32) throws -> String
    func optionalText(_ i: Int32) throws -> String?
    func optionalDouble(_ i: Int32) throws -> Double?
    func int(_ i: Int32) throws -> Int
}
