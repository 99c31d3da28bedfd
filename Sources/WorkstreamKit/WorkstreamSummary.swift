/// One line of the project's status: what `status`, `ready` and `graph` show.
/// Built from the read models or from a replay; both give the same values.
public struct WorkstreamSummary: Equatable, Codable, Sendable {
    public var id: String
    public var title: String
    public var status: Status
    public var agent: String?
    public var dependsOn: [String]
    public var phase: String?
    public var owner: String?
    public var estimate: Double?
    public var blockedReason: String?
    public var tasksDone: Int
    public var tasksTotal: Int
    /// Two branches started it for different agents (see `Workstream.conflict`).
    public var conflict: String?

    public init(id: String, title: String, status: Status, agent: String?, dependsOn: [String], phase: String?,
                owner: String?, estimate: Double?, blockedReason: String?, tasksDone: Int, tasksTotal: Int, conflict: String? = nil) {
        self.conflict = conflict
        self.id = id; self.title = title; self.status = status; self.agent = agent; self.dependsOn = dependsOn
        self.phase = phase; self.owner = owner; self.estimate = estimate; self.blockedReason = blockedReason
        self.tasksDone = tasksDone; self.tasksTotal = tasksTotal
    }

    enum CodingKeys: String, CodingKey {
        case id, title, status, agent, dependsOn, phase, owner, estimate, blockedReason, tasksDone, tasksTotal, conflict
    }

    /// `agent` is always present (null when nobody holds it), as scripts rely on the key.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(title, forKey: .title); try c.encode(status, forKey: .status)
        try c.encode(agent, forKey: .agent); try c.encode(dependsOn, forKey: .dependsOn)
        try c.encodeIfPresent(phase, forKey: .phase); try c.encodeIfPresent(owner, forKey: .owner)
        try c.encodeIfPresent(estimate, forKey: .estimate); try c.encodeIfPresent(blockedReason, forKey: .blockedReason)
        try c.encode(tasksDone, forKey: .tasksDone); try c.encode(tasksTotal, forKey: .tasksTotal)
        try c.encodeIfPresent(conflict, forKey: .conflict)
    }
}

extension WorkspaceState {
    public func summary(of id: String) -> WorkstreamSummary? {
        guard let w = self[id], let status = status(of: id) else { return nil }
        return WorkstreamSummary(id: w.id, title: w.title, status: status, agent: w.agent, dependsOn: w.dependsOn,
                                 phase: w.phase, owner: w.owner, estimate: w.estimate, blockedReason: w.blockedReason,
                                 tasksDone: w.tasks.filter(\.done).count, tasksTotal: w.tasks.count, conflict: w.conflict)
    }

    public var summaries: [WorkstreamSummary] { ordered.compactMap { summary(of: $0.id) } }
}
