import WorkstreamKit

/// `ws log` and the MCP `log` tool: one devlog entry.
public struct LogOutcome: VerbOutcome {
    public var id: String
    public var kind: LogKind
    public var seq: Int64

    public var json: JSONValue { .object(["id": .string(id), "seq": .int(seq)]) }
    public var text: String { "logged \(kind.rawValue) on \(id) (#\(seq))" }
}

/// `ws task done` and the MCP `task_done` tool: a task checked off (or found done already).
public struct TaskDoneOutcome: VerbOutcome {
    public var id: String
    public var task: String
    public var changed: Bool
    public var openTasks: Int

    public var json: JSONValue {
        .object(["id": .string(id), "task": .string(task), "changed": .bool(changed),
                 "openTasks": .int(Int64(openTasks))])
    }
    public var text: String {
        (changed ? "task \(task) of \(id) done" : "task \(task) of \(id) was already done") + "; \(openTasks) open"
    }
}

extension Workspace {
    public func log(id: String, message: String, kind: LogKind, hours: Double?, actor: String) throws -> LogOutcome {
        let outcome = try execute(.log(id: id, message: message, kind: kind, hours: hours), actor: actor, commit: false)
        return LogOutcome(id: id, kind: kind, seq: outcome.events.first?.seq ?? 0)
    }

    public func completeTask(id: String, task: String, actor: String) throws -> TaskDoneOutcome {
        let outcome = try execute(.completeTask(id: id, taskId: task), actor: actor, commit: false)
        return TaskDoneOutcome(id: id, task: task, changed: !outcome.events.isEmpty,
                               openTasks: outcome.state[id]?.openTasks.count ?? 0)
    }
}
