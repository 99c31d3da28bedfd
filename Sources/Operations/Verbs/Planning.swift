import EventLog
import WorkstreamKit

/// What a verb that changes one workstream's plan answers (`ws new`, `dep`, `task add|reopen`, `brief`,
/// `block`, `unblock`, `cancel`, `resolve`): whether the log changed, the status after, and its line.
public struct PlanChangeOutcome: VerbOutcome {
    public var id: String
    public var changed: Bool
    public var status: String?
    public var details: [String: JSONValue]
    public var text: String

    public var json: JSONValue {
        .object(details.merging(["id": .string(id), "changed": .bool(changed)]) { $1 }
                .merging(status.map { ["status": .string($0)] } ?? [:]) { $1 })
    }

    init(_ id: String, _ outcome: CommandOutcome, _ details: [String: JSONValue] = [:], text: String) {
        (self.id, changed, status) = (id, !outcome.events.isEmpty, outcome.state.status(of: id)?.rawValue)
        (self.details, self.text) = (details, text)
    }
}

/// The verbs that shape the plan, for every front end; the documents are committed by the next command
/// (`cancel` closes a workstream, so it commits when the project says so).
extension Workspace {
    public func declare(_ declaration: Declaration, actor: String) throws -> PlanChangeOutcome {
        let (id, outcome) = (declaration.id, try execute(.declare(declaration), actor: actor, commit: false))
        let tasks = outcome.state[id]?.tasks.count ?? 0
        let said = "declared \(id) (\(outcome.state.status(of: id)?.rawValue ?? "planned"))"
            + (tasks > 0 ? ", \(tasks) task\(tasks == 1 ? "" : "s") from the brief" : "")
        return PlanChangeOutcome(id, outcome, ["tasks": .int(Int64(tasks))], text: said)
    }

    public func addDependency(id: String, dependsOn: String, actor: String) throws -> PlanChangeOutcome {
        try change(.addDependency(id: id, dependsOn: dependsOn), id, ["dependsOn": .string(dependsOn)], actor: actor,
                   same: "\(id) already depends on \(dependsOn)", changed: "\(id) now depends on \(dependsOn)")
    }

    public func removeDependency(id: String, dependsOn: String, actor: String) throws -> PlanChangeOutcome {
        let said = "\(id) no longer depends on \(dependsOn)"
        return try change(.removeDependency(id: id, dependsOn: dependsOn), id, ["dependsOn": .string(dependsOn)],
                          actor: actor, same: said, changed: said)
    }

    public func addTask(id: String, text: String, taskId: String?, actor: String) throws -> PlanChangeOutcome {
        let outcome = try execute(.addTask(id: id, text: text, taskId: taskId), actor: actor, commit: false)
        let task = outcome.state[id]?.tasks.last(where: { $0.text == text })?.id ?? taskId ?? "?"
        return PlanChangeOutcome(id, outcome, ["task": .string(task)], text: outcome.events.isEmpty
                                 ? "\(id) already has task \(task)" : "added task \(task) to \(id)")
    }

    public func reopenTask(id: String, task: String, actor: String) throws -> PlanChangeOutcome {
        try change(.reopenTask(id: id, taskId: task), id, ["task": .string(task)], actor: actor,
                   same: "task \(task) of \(id) was already open", changed: "task \(task) of \(id) reopened")
    }

    public func writeBrief(id: String, markdown: String, actor: String) throws -> PlanChangeOutcome {
        let outcome = try execute(.writeBrief(id: id, markdown: markdown), actor: actor, commit: false)
        let added = outcome.events.filter { $0.type == EventType.taskAdded.rawValue }.count
        let said = "brief of \(id) recorded" + (added > 0 ? "; \(added) new task\(added == 1 ? "" : "s")" : "")
        return PlanChangeOutcome(id, outcome, ["tasksAdded": .int(Int64(added))],
                                 text: outcome.events.isEmpty ? "brief of \(id) unchanged" : said)
    }

    public func block(id: String, reason: String, actor: String) throws -> PlanChangeOutcome {
        try change(.block(id: id, reason: reason), id, ["reason": .string(reason)], actor: actor,
                   same: "\(id) was already blocked for that reason", changed: "\(id) blocked: \(reason)")
    }

    public func unblock(id: String, actor: String) throws -> PlanChangeOutcome {
        let outcome = try execute(.unblock(id: id), actor: actor, commit: false)
        let status = outcome.state.status(of: id)?.rawValue ?? "?"
        let said = outcome.events.isEmpty ? "was not blocked" : "unblocked"
        return PlanChangeOutcome(id, outcome, text: "\(id) \(said) (\(status))")
    }

    public func cancel(id: String, reason: String, actor: String, commit: Bool) throws -> PlanChangeOutcome {
        try change(.cancel(id: id, reason: reason), id, ["reason": .string(reason)], actor: actor,
                   commit: config.autoCommit && commit,
                   same: "\(id) was already cancelled", changed: "\(id) cancelled: \(reason)")
    }

    /// A verb whose line says only whether the log changed.
    func change(_ command: Command, _ id: String, _ details: [String: JSONValue], actor: String, commit: Bool = false,
                same: String, changed: String) throws -> PlanChangeOutcome {
        let outcome = try execute(command, actor: actor, commit: commit)
        return PlanChangeOutcome(id, outcome, details, text: outcome.events.isEmpty ? same : changed)
    }
}

/// How `ws resolve` settles a conflict between clones: one of three ways, chosen by its arguments.
public enum Resolution {
    case dropDependency(String)
    case holder(String)
    case keep(event: String, kind: Conflict.Kind?, artifact: String?)
}

extension Workspace {
    /// The resolution is an event, so it reaches every clone through git and settles the conflict there too.
    public func resolve(id: String, _ resolution: Resolution, actor: String) throws -> PlanChangeOutcome {
        switch resolution {
        case .dropDependency(let dependency):
            return try removeDependency(id: id, dependsOn: dependency, actor: actor)
        case .holder(let agent):
            let said = "\(id) is held by \(agent); the conflict is settled"
            return try change(.resolveHolder(id: id, agent: agent), id, ["agent": .string(agent)], actor: actor,
                              same: said, changed: said)
        case .keep(let event, let kind, let artifact):
            let said = "kept event \(event) on \(id); the conflict is settled"
            let command = Command.resolveConflict(id: id, kind: kind, name: artifact, keep: event)
            return try change(command, id, ["kept": .string(event)], actor: actor, same: said, changed: said)
        }
    }
}
