/// What a person or an agent asks ws to do. The decider turns a command into
/// events, or refuses it with a reason.
public enum Command: Equatable, Sendable {
    case declare(Declaration)
    case writeBrief(id: String, markdown: String)
    case addDependency(id: String, dependsOn: String)
    case removeDependency(id: String, dependsOn: String)
    case addTask(id: String, text: String, taskId: String?)
    case completeTask(id: String, taskId: String)
    case reopenTask(id: String, taskId: String)
    /// `leaseMinutes`: how long the lease runs after the holder's latest event (nil: no expiry).
    /// `head`: the commit HEAD is at, from which a completion's evidence counts the changes.
    case start(id: String, agent: String, leaseMinutes: Int? = nil, head: String? = nil)
    /// Takes a held workstream from its holder, whose lease ran out (or with `force` and a reason).
    case takeOver(id: String, agent: String, leaseMinutes: Int?, force: Bool, reason: String?, head: String? = nil)
    case renew(id: String, agent: String, leaseMinutes: Int?)
    /// Gives a held workstream back; someone else than the holder needs `force` and a reason.
    case release(id: String, agent: String, force: Bool, reason: String?)
    case addCheck(id: String, name: String, run: String)
    case recordCheck(id: String, WorkstreamEvent.CheckRan)
    case log(id: String, message: String, kind: LogKind, hours: Double?)
    case recordArtifact(id: String, name: String, value: String?, secret: Bool, fingerprint: String?)
    case block(id: String, reason: String)
    case unblock(id: String)
    case complete(id: String, agent: String, summary: String?, next: [String], force: Bool, reason: String?, evidence: Evidence? = nil)
    case cancel(id: String, reason: String)
    case resolveHolder(id: String, agent: String)
    /// Settles a conflict by keeping one of its competing events (`kind` and `name` pick the conflict when there are several).
    case resolveConflict(id: String, kind: Conflict.Kind?, name: String?, keep: String)
    case applyPlan(Plan)
    case requestProvision(id: String, WorkstreamEvent.ProvisionRequested, replace: Bool)
    case settleProvision(id: String, ProvisionOutcome)
    case planProvision(id: String, WorkstreamEvent.ProvisionPlanned)

    /// The workstreams the decision reads: loaders fetch these (and, for a new
    /// dependency, what the dependency itself reaches).
    public var subjects: [String] {
        switch self {
        case .declare(let d): return [d.id] + d.dependsOn
        case .writeBrief(let id, _), .addTask(let id, _, _), .completeTask(let id, _), .reopenTask(let id, _),
             .start(let id, _, _, _), .log(let id, _, _, _), .recordArtifact(let id, _, _, _, _), .block(let id, _),
             .unblock(let id), .complete(let id, _, _, _, _, _, _),
             .takeOver(let id, _, _, _, _, _), .renew(let id, _, _), .release(let id, _, _, _), .addCheck(let id, _, _), .recordCheck(let id, _), .cancel(let id, _), .resolveHolder(let id, _), .resolveConflict(let id, _, _, _),
             .requestProvision(let id, _, _), .settleProvision(let id, _), .planProvision(let id, _):
            return [id]
        case .addDependency(let id, let dep), .removeDependency(let id, let dep): return [id, dep]
        case .applyPlan(let plan): return plan.workstreams.flatMap { [$0.id] + $0.dependsOn }
        }
    }
}

/// A workstream as a plan or `ws new` declares it.
public struct Declaration: Equatable, Sendable {
    public var id: String
    public var title: String
    public var phase: String?
    public var owner: String?
    public var estimate: Double?
    public var dependsOn: [String]
    public var brief: String?
    /// Tasks declared outright, besides those a brief's checkboxes give.
    public var tasks: [TaskItem]
    /// Checks the plan declares (`checks:`), by name.
    public var checks: [WorkstreamEvent.CheckDeclared] = []

    public init(id: String, title: String, phase: String? = nil, owner: String? = nil, estimate: Double? = nil,
                dependsOn: [String] = [], brief: String? = nil, tasks: [TaskItem] = []) {
        self.id = id; self.title = title; self.phase = phase; self.owner = owner; self.estimate = estimate
        self.dependsOn = dependsOn; self.brief = brief; self.tasks = tasks
    }
}

public struct Plan: Equatable, Sendable {
    public var workstreams: [Declaration]
    public init(workstreams: [Declaration]) { self.workstreams = workstreams }
}

/// How a provider run ended, as the CLI reports it to the decider.
public enum ProvisionOutcome: Equatable, Sendable {
    case succeeded(WorkstreamEvent.ProvisionSucceeded)
    case failed(WorkstreamEvent.ProvisionFailed)

    public var key: String {
        switch self { case .succeeded(let s): return s.key; case .failed(let f): return f.key }
    }
    public var resource: ResourceRef {
        switch self { case .succeeded(let s): return s.resource; case .failed(let f): return f.resource }
    }
}
