import EventLog
import PostgresNIO
import WorkstreamKit

/// The query tables of the PostgreSQL log, kept in step with the events in
/// the append's transaction: each workstream's state as a document, its
/// dependencies as rows (for the questions asked in both directions), and
/// the devlog.
extension PostgresRows {
    public func save(_ w: Workstream, old: Workstream?) throws {
        prefetched?.saved(w, old: old)
        session.send("""
            INSERT INTO workstreams (id, position, doc, title, phase, owner, estimate, agent, blocked_reason, conflict, lifecycle,
                tasks_done, tasks_total, lease_minutes, lease_renewed_at, depends_on)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
            ON CONFLICT (id) DO UPDATE SET position = EXCLUDED.position, doc = EXCLUDED.doc, title = EXCLUDED.title,
                phase = EXCLUDED.phase, owner = EXCLUDED.owner, estimate = EXCLUDED.estimate, agent = EXCLUDED.agent,
                blocked_reason = EXCLUDED.blocked_reason, conflict = EXCLUDED.conflict, lifecycle = EXCLUDED.lifecycle,
                tasks_done = EXCLUDED.tasks_done, tasks_total = EXCLUDED.tasks_total, lease_minutes = EXCLUDED.lease_minutes,
                lease_renewed_at = EXCLUDED.lease_renewed_at, depends_on = EXCLUDED.depends_on
            """, [w.id, w.position, try WorkstreamRecord.encode(w), w.title, w.phase, w.owner, w.estimate, w.agent, w.blockedReason,
                  try ConflictJSON.encode(w.conflicts), w.lifecycle.rawValue, Int64(w.tasks.filter(\.done).count),
                  Int64(w.tasks.count), w.leaseMinutes.map(Double.init), w.leaseRenewedAt,
                  PostgresSchema.listed(w.dependsOn)], row: "workstreams \(w.id)")
        let before = Set(old?.dependsOn ?? [])
        for d in Set(w.dependsOn).subtracting(before) {
            session.send("""
                INSERT INTO dependencies (workstream_id, depends_on) VALUES ($1, $2) ON CONFLICT DO NOTHING
                """, [w.id, d], row: "dependencies \(w.id) \(d)")
        }
        for d in before.subtracting(w.dependsOn) {
            session.send("DELETE FROM dependencies WHERE workstream_id = $1 AND depends_on = $2", [w.id, d],
                         row: "dependencies \(w.id) \(d)")
        }
    }

    public func saveDevlog(_ e: DevlogEntry) throws {
        prefetched?.wrote()
        var slots: [PostgresWriteBatch.SequenceSlot] = []
        if let numbering = session.numbering {
            // The entry's key is its event's number, which the server gives (`ws_append_numbered`).
            guard let event = numbering.event(numbered: e.seq) else { throw NumberedAppend.Unavailable() }
            slots = [PostgresWriteBatch.SequenceSlot(argument: 0, event: event)]
        }
        session.send("""
            INSERT INTO devlog (seq, workstream_id, kind, message, hours, actor, time)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """, [e.seq, e.workstream, e.kind.rawValue, e.message, e.hours, e.actor, e.time], row: "devlog \(e.seq)",
            slots: slots)
    }

    public func clearReadModels() throws {
        for table in PostgresSchema.readModelTables { try session.query("DELETE FROM \(table)") }
    }
}
