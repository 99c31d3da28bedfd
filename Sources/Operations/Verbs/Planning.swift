import EventLog
import WorkstreamKit

/// What a verb that changes one workstream's plan answers (`ws new`, `dep`, `task add|reopen`, `brief`,
/// `block`, `unblock`, `cancel`, `resolve`): whether the log changed, the status after, and its line.
public struct PlanChangeOutcome: VerbOutcome {
    public var id: String
    public var changed: Bool
    public var status: String?
    public var details: [String: JSONValue] = [:]
    public var text: String

    public var json: JSONValue {
        var fields = details
        fields["id"] = .string(id)
        fields["changed"] = .bool(changed)
        if let status { fields["status"] = .string(status) }
        return .object(fields)
    }

    init(_ id: String, _ outcome: CommandOutcome, details: [String: JSONValue] = [:], text: String) {
        self.id = id
        changed = !outcome.events.isEmpty
        status = outcome.state.status(of: id)?.rawValue
        self.details = details
        self.text = text
    }
}

/// The verbs that shape the plan, for every front end; the documents are committed by the next command
/// (`cancel` closes a workstream, so it commits when the project says so).
extension Workspace {
    public func declare(_ declaration: Declaration, actor: String) throws -> PlanChangeOutcome {
        let id = declaration.id
        let outcome = try execute(.declare(declaration), actor: actor, commit: false)
        let tasks = outcome.state[id]?.tasks.count ?? 0
        let status = outcome.state.status(of: id)?.rawValue ?? "planned"
        return PlanChangeOutcome(id, outcome, details: ["tasks": .int(Int64(tasks))], text: "declared \(id) (\(status))"
                                 + (tasks > 0 ? ", \(tasks) task\(tasks == 1 ? "" : "s") from the brief" : ""))
    }

    public func addDependency(id: String, dependsOn: String, actor: String) throws -> PlanChangeOutcome {
        let outcome = try execute(.addDependency(id: id, dependsOn: dependsOn), actor: actor, commit: false)
        return PlanChangeOutcome(id, outcome, details: ["dependsOn": .string(dependsOn)], text: outcome.events.isEmpty
                                 ? "\(id) already depends on \(dependsOn)" : "\(id) now depends on \(dependsOn)")
    }

    public func removeDependency(id: String, dependsOn: String, actor: String) throws -> PlanChangeOutcome {
        let outcome = try execute(.removeDependency(id: id, dependsOn: dependsOn), actor: actor, commit: false)
        return PlanChangeOutcome(id, outcome, details: ["dependsOn": .string(dependsOn)],
                                 text: "\(id) no longer depends on \(dependsOn)")
    }

    public func addTask(id: String, text: String, taskId: String?, actor: String) throws -> PlanChangeOutcome {
        let outcome = try execute(.addTask(id: id, text: text, taskId: taskId), actor: actor, commit: false)
        let task = outcome.state[id]?.tasks.last(where: { $0.text == text })?.id ?? taskId ?? "?"
        return PlanChangeOutcome(id, outcome, details: ["task": .string(task)], text: outcome.events.isEmpty
                                 ? "\(id) already has task \(task)" : "added task \(task) to \(id)")
    }

    public func reopenTask(id: String, task: String, actor: String) throws -> PlanChangeOutcome {
        let outcome = try execute(.reopenTask(id: id, taskId: task), actor: actor, commit: false)
        return PlanChangeOutcome(id, outcome, details: ["task": .string(task)], text: outcome.events.isEmpty
                                 ? "task \(task) of \(id) was already open" : "task \(task) of \(id) reopened")
    }

    public func writeBrief(id: String, markdown: String, actor: String) throws -> PlanChangeOutcome {
        let outcome = try execute(.writeBrief(id: id, markdown: markdown), actor: actor, commit: false)
        let added = outcome.events.filter { $0.type == EventType.taskAdded.rawValue }.count
        return PlanChangeOutcome(id, outcome, details: ["tasksAdded": .int(Int64(added))], text: outcome.events.isEmpty
                                 ? "brief of \(id) unchanged"
                                 : "brief of \(id) recorded" + (added > 0 ? "; \(added) new task\(added == 1 ? "" : "s")" : ""))
    }

    public func block(id: String, reason: String, actor: String) throws -> PlanChangeOutcome {
        let outcome = try execute(.block(id: id, reason: reason), actor: actor, commit: false)
        return PlanChangeOutcome(id, outcome, details: ["reason": .string(reason)], text: outcome.events.isEmpty
                                 ? "\(id) was already blocked for that reason" : "\(id) blocked: \(reason)")
    }

    public func unblock(id: String, actor: String) throws -> PlanChangeOutcome {
        let outcome = try execute(.unblock(id: id), actor: actor, commit: false)
        let status = outcome.state.status(of: id)?.rawValue ?? "?"
        return PlanChangeOutcome(id, outcome, text: outcome.events.isEmpty
                                 ? "\(id) was not blocked (\(status))" : "\(id) unblocked (\(status))")
    }

    public func cancel(id: String, reason: String, actor: String, commit: Bool) throws -> PlanChangeOutcome {
        let outcome = try execute(.cancel(id: id, reason: reason), actor: actor, commit: config.autoCommit && commit)
        return PlanChangeOutcome(id, outcome, details: ["reason": .string(reason)], text: outcome.events.isEmpty
                                 ? "\(id) was already cancelled" : "\(id) cancelled: \(reason)")
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
            let outcome = try execute(.resolveHolder(id: id, agent: agent), actor: actor, commit: false)
            return PlanChangeOutcome(id, outcome, details: ["agent": .string(agent)],
                                     text: "\(id) is held by \(agent); the conflict is settled")
        case .keep(let event, let kind, let artifact):
            let outcome = try execute(.resolveConflict(id: id, kind: kind, name: artifact, keep: event), actor: actor, commit: false)
            return PlanChangeOutcome(id, outcome, details: ["kept": .string(event)],
                                     text: "kept event \(event) on \(id); the conflict is settled")
        }
    }
}
