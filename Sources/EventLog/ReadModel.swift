import Foundation
import GRDB
import WorkstreamKit

/// The query tables, kept in step with the log inside the append's
/// transaction. A workstream is saved by difference from what was loaded,
/// so an append touches only the rows it changes.
extension SQLiteRows {
    // MARK: Save

    public func save(_ new: Workstream, old: Workstream?) throws {
        let next = new.completion.map { (try? CanonicalJSON.text($0.next)) ?? "[]" }
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO workstreams (id, title, phase, owner, estimate, brief, agent, blocked_reason, conflict, lifecycle, summary,
                next_steps, forced, force_reason, cancel_reason, version, position, declared_at, started_at, closed_at, hours,
                tasks_done, tasks_total, registers, lease_minutes, lease_renewed_at, checks, shard)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [new.id, new.title, new.phase, new.owner, new.estimate, new.brief, new.agent, new.blockedReason,
                             try ConflictJSON.encode(new.conflicts),
                             new.lifecycle.rawValue, new.completion?.summary, next, new.completion?.forced ?? false,
                             new.completion?.reason, new.cancelReason, new.version, new.position, new.declaredAt,
                             new.startedAt, new.closedAt, new.hoursLogged, new.tasks.filter(\.done).count, new.tasks.count,
                             try ConflictJSON.encode(new.setters), new.leaseMinutes, new.leaseRenewedAt,
                             try ConflictJSON.encode(new.checks), DocumentLayout.shardNumber(new.id)])
        for (i, t) in new.tasks.enumerated() where old.map({ i >= $0.tasks.count || $0.tasks[i] != t }) ?? true {
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO tasks (workstream_id, task_id, position, text, done) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [new.id, t.id, i, t.text, t.done])
        }
        let oldDeps = Set(old?.dependsOn ?? [])
        for d in Set(new.dependsOn).subtracting(oldDeps) {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO dependencies (workstream_id, depends_on) VALUES (?, ?)").execute(arguments: [new.id, d])
        }
        for d in oldDeps.subtracting(new.dependsOn) {
            try db.cachedStatement(sql: "DELETE FROM dependencies WHERE workstream_id = ? AND depends_on = ?").execute(arguments: [new.id, d])
        }
        for (i, a) in new.artifacts.enumerated() where old.map({ i >= $0.artifacts.count || $0.artifacts[i] != a }) ?? true {
            try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO artifacts (workstream_id, name, position, value, secret, fingerprint, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [new.id, a.name, i, a.value, a.secret, a.fingerprint, a.recordedAt])
        }
        // A destroyed resource takes its artifacts with it.
        for name in Set(old?.artifacts.map(\.name) ?? []).subtracting(new.artifacts.map(\.name)) {
            try db.cachedStatement(sql: "DELETE FROM artifacts WHERE workstream_id = ? AND name = ?").execute(arguments: [new.id, name])
        }
        if let old, old.artifacts.count > new.artifacts.count {
            for (i, a) in new.artifacts.enumerated() {
                try db.cachedStatement(sql: "UPDATE artifacts SET position = ? WHERE workstream_id = ? AND name = ?").execute(arguments: [i, new.id, a.name])
            }
        }
        for (i, p) in new.provisions.enumerated() where old.map({ i >= $0.provisions.count || $0.provisions[i] != p }) ?? true {
            try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO provisions (workstream_id, provider, type, name, position, body) VALUES (?, ?, ?, ?, ?, ?)
                """).execute(arguments: [new.id, p.resource.provider, p.resource.type, p.resource.name, i,
                                         try CanonicalJSON.text(p)])
        }
    }

    /// Recounts the open dependencies of `id`, and, when it has just completed, of its dependents.
    func refreshOpenDependencies(of id: String, completed: Bool) throws {
        try db.cachedStatement(sql: "UPDATE workstreams SET open_deps = \(SummaryColumns.openDependencyCount(of: "workstreams.id")) WHERE id = ?")
            .execute(arguments: [id])
        if completed {
            try db.cachedStatement(sql: """
                UPDATE workstreams SET open_deps = \(SummaryColumns.openDependencyCount(of: "workstreams.id"))
                WHERE id IN (SELECT workstream_id FROM dependencies WHERE depends_on = ?)
                """).execute(arguments: [id])
        }
    }

    public func saveDevlog(_ d: DevlogEntry) throws {
        try db.cachedStatement(sql: "INSERT INTO devlog (seq, workstream_id, kind, message, hours, actor, time) VALUES (?, ?, ?, ?, ?, ?, ?)")
            .execute(arguments: [d.seq, d.workstream, d.kind.rawValue, d.message, d.hours, d.actor, d.time])
    }

    public func clearReadModels() throws {
        for table in SQLiteSchema.readModelTables { try db.execute(sql: "DELETE FROM \(table)") }
    }

    // MARK: Load

    /// The named workstreams (those that exist), with tasks, dependencies and artifacts.
    public func load(_ ids: [String]) throws -> [Workstream] {
        let unique = Array(Set(ids))
        guard !unique.isEmpty else { return [] }
        var result: [Workstream] = []
        // In chunks, well under SQLite's limit on parameters.
        for chunk in unique.chunked(400) {
            let marks = questionMarks(count: chunk.count)
            let args = StatementArguments(Array(chunk))
            result += try assemble(
                rows: Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM workstreams WHERE id IN (\(marks))"), arguments: args),
                tasks: Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM tasks WHERE workstream_id IN (\(marks)) ORDER BY workstream_id, position"), arguments: args),
                deps: Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM dependencies WHERE workstream_id IN (\(marks)) ORDER BY workstream_id, depends_on"), arguments: args),
                artifacts: Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM artifacts WHERE workstream_id IN (\(marks)) ORDER BY workstream_id, position"), arguments: args),
                provisions: Row.fetchAll(db.cachedStatement(sql: "SELECT workstream_id, body FROM provisions WHERE workstream_id IN (\(marks)) ORDER BY workstream_id, position"), arguments: args))
        }
        return result
    }

    public func loadAll() throws -> [Workstream] {
        try assemble(
            rows: Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM workstreams ORDER BY position")),
            tasks: Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM tasks ORDER BY workstream_id, position")),
            deps: Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM dependencies ORDER BY workstream_id, depends_on")),
            artifacts: Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM artifacts ORDER BY workstream_id, position")),
            provisions: Row.fetchAll(db.cachedStatement(sql: "SELECT workstream_id, body FROM provisions ORDER BY workstream_id, position")))
    }

    /// Every workstream that `id` reaches through its dependencies (itself included).
    public func dependencyClosure(of id: String) throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: """
            WITH RECURSIVE reach(id) AS (SELECT ? UNION SELECT d.depends_on FROM dependencies d JOIN reach r ON d.workstream_id = r.id)
            SELECT id FROM reach
            """), arguments: [id])
    }

    public func devlog(of id: String?) throws -> [DevlogEntry] {
        // In the total order of their events, as a replay lists them.
        let ordered = "SELECT d.* FROM devlog d JOIN events e ON e.seq = d.seq"
        let rows = try id.map { try Row.fetchAll(db.cachedStatement(sql: "\(ordered) WHERE d.workstream_id = ? ORDER BY e.clock, e.event_id"), arguments: [$0]) }
            ?? Row.fetchAll(db.cachedStatement(sql: "\(ordered) ORDER BY e.clock, e.event_id"))
        return rows.map { r in
            DevlogEntry(seq: r["seq"], workstream: r["workstream_id"], kind: LogKind(rawValue: r["kind"]) ?? .note,
                        message: r["message"], hours: r["hours"], actor: r["actor"], time: r["time"])
        }
    }

    private func assemble(rows: [Row], tasks: [Row], deps: [Row], artifacts: [Row],
                          provisions: [Row]) throws -> [Workstream] {
        var provisionsBy: [String: [Provision]] = [:]
        for p in provisions { provisionsBy[p["workstream_id"], default: []].append(try ProvisionJSON.decode(p["body"])) }
        var tasksBy: [String: [TaskItem]] = [:]
        for t in tasks { tasksBy[t["workstream_id"], default: []].append(TaskItem(id: t["task_id"], text: t["text"], done: t["done"])) }
        var depsBy: [String: [String]] = [:]
        for d in deps { depsBy[d["workstream_id"], default: []].append(d["depends_on"]) }
        var artifactsBy: [String: [Artifact]] = [:]
        for a in artifacts {
            artifactsBy[a["workstream_id"], default: []].append(
                Artifact(name: a["name"], value: a["value"], secret: a["secret"], fingerprint: a["fingerprint"], recordedAt: a["recorded_at"]))
        }
        return rows.map { r in
            var w = Workstream(id: r["id"], title: r["title"])
            w.phase = r["phase"]; w.owner = r["owner"]; w.estimate = r["estimate"]; w.brief = r["brief"]
            w.agent = r["agent"]; w.blockedReason = r["blocked_reason"]
            w.conflicts = ConflictJSON.decode([Conflict].self, r["conflict"]) ?? []
            w.setters = ConflictJSON.registers(r["registers"]) ?? [:]
            w.lifecycle = Lifecycle(rawValue: r["lifecycle"]) ?? .open
            if w.lifecycle == .completed {
                let nextText: String = r["next_steps"] ?? "[]"
                let next = (try? CanonicalJSON.decode([String].self, from: nextText)) ?? []
                w.completion = Completion(summary: r["summary"], next: next, forced: r["forced"], reason: r["force_reason"])
            }
            w.cancelReason = r["cancel_reason"]; w.version = r["version"]; w.position = r["position"]
            w.declaredAt = r["declared_at"]; w.startedAt = r["started_at"]; w.closedAt = r["closed_at"]; w.hoursLogged = r["hours"]
            w.tasks = tasksBy[w.id] ?? []; w.dependsOn = depsBy[w.id] ?? []; w.artifacts = artifactsBy[w.id] ?? []
            w.provisions = provisionsBy[w.id] ?? []
            w.leaseMinutes = r["lease_minutes"]; w.leaseRenewedAt = r["lease_renewed_at"]
            w.checks = ConflictJSON.decode([Check].self, r["checks"]) ?? []
            return w
        }
    }
}

/// One devlog entry, as `ws show` and the devlog documents list them.
public struct DevlogEntry: Equatable, Codable, Sendable {
    public var seq: Int64
    public var workstream: String
    public var kind: LogKind
    public var message: String
    public var hours: Double?
    public var actor: String
    public var time: String

    public init(seq: Int64, workstream: String, kind: LogKind, message: String, hours: Double?, actor: String, time: String) {
        self.seq = seq; self.workstream = workstream; self.kind = kind; self.message = message
        self.hours = hours; self.actor = actor; self.time = time
    }
}
