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

/// Why a workstream cannot be worked on now, and the chain that leads to the
/// work that has to happen first.
public struct BlockingReport: Equatable, Codable, Sendable {
    public var id: String
    public var title: String
    public var status: Status
    public var agent: String?
    public var dependsOn: [String]
    /// Set when someone blocked it explicitly.
    public var reason: String?
    /// Direct dependencies that are not completed.
    public var waitingOn: [String]
    /// One chain from this workstream down to open work that waits on nothing.
    public var chain: [String]
    /// Every open workstream at the bottom of its chains: what must move first.
    public var rootBlockers: [String]

    public static func reports(for summaries: [WorkstreamSummary]) -> [BlockingReport] {
        let byId = Dictionary(summaries.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func open(_ id: String) -> Bool { byId[id].map { $0.status != .completed } ?? false }
        var rootsMemo: [String: [String]] = [:]
        func roots(_ id: String) -> [String] {
            if let r = rootsMemo[id] { return r }
            rootsMemo[id] = [] // guards against a cycle in a hand-edited log
            let waiting = (byId[id]?.dependsOn ?? []).filter(open)
            let r = waiting.isEmpty ? [id] : Array(Set(waiting.flatMap(roots))).sorted()
            rootsMemo[id] = r
            return r
        }
        func chain(_ id: String) -> [String] {
            var path = [id]
            while let next = (byId[path[path.count - 1]]?.dependsOn ?? []).first(where: open), !path.contains(next) {
                path.append(next)
            }
            return path
        }
        return summaries.compactMap { s in
            guard s.status == .blocked || s.status == .planned else { return nil }
            let waiting = s.dependsOn.filter(open)
            return BlockingReport(id: s.id, title: s.title, status: s.status, agent: s.agent, dependsOn: s.dependsOn,
                                  reason: s.blockedReason, waitingOn: waiting,
                                  chain: waiting.isEmpty ? [s.id] : chain(s.id),
                                  rootBlockers: waiting.isEmpty ? [] : waiting.flatMap(roots).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.sorted())
        }
    }
}
