import Foundation
import GRDB
import WorkstreamKit

/// Read-only questions, answered from the read models (never by replaying).
extension Ledger {
    public func summaries() throws -> [WorkstreamSummary] {
        try store.read { db in try Self.summaries(in: db) }
    }

    static func summaries(in db: Database, only id: String? = nil) throws -> [WorkstreamSummary] {
        var deps: [String: [String]] = [:]
        let depSQL = id == nil ? "SELECT workstream_id, depends_on FROM dependencies ORDER BY workstream_id, depends_on"
            : "SELECT workstream_id, depends_on FROM dependencies WHERE workstream_id = ? ORDER BY depends_on"
        for row in try Row.fetchAll(db, sql: depSQL, arguments: id.map { [$0] } ?? []) {
            deps[row[0], default: []].append(row[1])
        }
        var counts: [String: (Int, Int)] = [:]
        let countSQL = id == nil ? "SELECT workstream_id, SUM(done), COUNT(*) FROM tasks GROUP BY workstream_id"
            : "SELECT workstream_id, SUM(done), COUNT(*) FROM tasks WHERE workstream_id = ? GROUP BY workstream_id"
        for row in try Row.fetchAll(db, sql: countSQL, arguments: id.map { [$0] } ?? []) {
            counts[row[0]] = (row[1], row[2])
        }
        let sql = """
            SELECT w.id, w.title, w.phase, w.owner, w.estimate, w.agent, w.blocked_reason, w.conflict, w.lifecycle,
                EXISTS (SELECT 1 FROM dependencies d LEFT JOIN workstreams x ON x.id = d.depends_on
                        WHERE d.workstream_id = w.id AND (x.lifecycle IS NULL OR x.lifecycle <> 'completed')) AS waiting
            FROM workstreams w \(id == nil ? "" : "WHERE w.id = ?") ORDER BY w.position
            """
        return try Row.fetchAll(db, sql: sql, arguments: id.map { [$0] } ?? []).map { r in
            let id: String = r["id"]
            let status = Status.derive(lifecycle: Lifecycle(rawValue: r["lifecycle"]) ?? .open, blockedReason: r["blocked_reason"],
                                       agent: r["agent"], waitingOnDependencies: r["waiting"])
            let c = counts[id] ?? (0, 0)
            return WorkstreamSummary(id: id, title: r["title"], status: status, agent: r["agent"], dependsOn: deps[id] ?? [],
                                     phase: r["phase"], owner: r["owner"], estimate: r["estimate"], blockedReason: r["blocked_reason"],
                                     tasksDone: c.0, tasksTotal: c.1, conflict: r["conflict"])
        }
    }

    /// Ready work: open, unheld, unblocked, every dependency completed.
    public func ready() throws -> [WorkstreamSummary] {
        try summaries().filter { $0.status == .ready }
    }

    /// Everything a person needs to see about one workstream.
    public struct Detail: Sendable {
        public var workstream: Workstream
        public var summary: WorkstreamSummary
        public var dependencies: [WorkstreamSummary]
        public var dependents: [WorkstreamSummary]
        public var devlog: [DevlogEntry]
    }

    public func detail(_ id: String) throws -> Detail {
        try store.read { db in
            guard let w = try ReadModel.load([id], in: db).first,
                  let summary = try Self.summaries(in: db, only: id).first else { throw Refusal.unknownWorkstream(id) }
            let dependentIds = try String.fetchAll(db, sql: "SELECT workstream_id FROM dependencies WHERE depends_on = ? ORDER BY workstream_id", arguments: [id])
            let deps = try w.dependsOn.compactMap { try Self.summaries(in: db, only: $0).first }
            let dependents = try dependentIds.compactMap { try Self.summaries(in: db, only: $0).first }
            return Detail(workstream: w, summary: summary, dependencies: deps, dependents: dependents,
                          devlog: try ReadModel.devlog(of: id, in: db))
        }
    }

    public func exists(_ id: String) throws -> Bool {
        try store.read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM workstreams WHERE id = ?)", arguments: [id]) ?? false }
    }

    /// Events in order, optionally of one stream and after a sequence number.
    public func history(stream: String? = nil, after: Int64 = 0, upTo: Int64? = nil) throws -> [RecordedEvent] {
        try store.read { db in try SQLiteEventStore.events(in: db, after: after, upTo: upTo, stream: stream) }
    }

    /// The last sequence whose time is at or before `time` (ISO 8601 text compares in order).
    public func sequence(atOrBefore time: String) throws -> Int64 {
        try store.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM events WHERE time <= ?", arguments: [time]) ?? 0 }
    }

    /// The whole project as it was after event `seq`, by replaying the log up to it.
    public func replay(upTo seq: Int64? = nil) throws -> (state: WorkspaceState, devlog: [DevlogEntry]) {
        try store.read { db in try Self.replay(in: db, upTo: seq) }
    }

    static func replay(in db: Database, upTo seq: Int64? = nil) throws -> (state: WorkspaceState, devlog: [DevlogEntry]) {
        var state = WorkspaceState()
        var devlog: [DevlogEntry] = []
        try SQLiteEventStore.forEachEvent(in: db, upTo: seq) { r in
            let e = try r.envelope()
            state.evolve(e)
            if case .logged(let l) = e.event {
                devlog.append(DevlogEntry(seq: r.seq, workstream: r.stream, kind: l.kind, message: l.message, hours: l.hours, actor: r.actor, time: r.time))
            }
        }
        return (state, devlog)
    }

    public func head() throws -> (seq: Int64, hash: String) { try store.head() }
}
