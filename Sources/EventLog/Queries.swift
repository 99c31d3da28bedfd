import Foundation
import GRDB
import WorkstreamKit

/// Read-only questions, answered from the read models (never by replaying).
extension Ledger {
    public func summaries() throws -> [WorkstreamSummary] {
        try store.read { db in try Self.summaries(in: db) }
    }

    /// One query, decoded by column position: listings of ten thousand
    /// workstreams are on the hot path of `status`, `ready` and `blocked`.
    static func summaries(in db: Database, only id: String? = nil, readyOnly: Bool = false) throws -> [WorkstreamSummary] {
        var conditions: [String] = []
        if id != nil { conditions.append("w.id = ?") }
        if readyOnly { conditions.append("w.lifecycle = 'open' AND w.blocked_reason IS NULL AND w.agent IS NULL") }
        let sql = """
            SELECT w.id, w.title, w.phase, w.owner, w.estimate, w.agent, w.blocked_reason, w.conflict, w.lifecycle,
                w.tasks_done, w.tasks_total,
                EXISTS (SELECT 1 FROM dependencies d LEFT JOIN workstreams x ON x.id = d.depends_on
                        WHERE d.workstream_id = w.id AND (x.lifecycle IS NULL OR x.lifecycle <> 'completed')) AS waiting,
                (SELECT group_concat(depends_on, char(31)) FROM
                    (SELECT depends_on FROM dependencies d WHERE d.workstream_id = w.id ORDER BY depends_on)) AS deps
            FROM workstreams w \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")) ORDER BY w.position
            """
        var result: [WorkstreamSummary] = []
        let cursor = try Row.fetchCursor(db, sql: sql, arguments: id.map { [$0] } ?? [])
        while let r = try cursor.next() {
            let waiting: Bool = r[11]
            if readyOnly && waiting { continue }
            let lifecycle = Lifecycle(rawValue: r[8] as String) ?? .open
            let agent: String? = r[5]
            let blocked: String? = r[6]
            let deps: String? = r[12]
            result.append(WorkstreamSummary(
                id: r[0], title: r[1], status: Status.derive(lifecycle: lifecycle, blockedReason: blocked, agent: agent, waitingOnDependencies: waiting),
                agent: agent, dependsOn: deps.map { $0.split(separator: "\u{1F}").map(String.init) } ?? [], phase: r[2], owner: r[3],
                estimate: r[4], blockedReason: blocked, tasksDone: r[9], tasksTotal: r[10], conflict: r[7]))
        }
        return result
    }

    /// Ready work: open, unheld, unblocked, every dependency completed.
    public func ready() throws -> [WorkstreamSummary] {
        try store.read { db in try Self.summaries(in: db, readyOnly: true) }
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
