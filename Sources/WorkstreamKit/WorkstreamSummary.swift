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
    /// When the holder's lease runs out (nil: not held, or held without a lease).
    public var leaseExpiresAt: String?
    /// Whether it had run out when the question was asked (`markStale`); a document never says, having no clock.
    public var leaseStale: Bool?

    public init(id: String, title: String, status: Status, agent: String?, dependsOn: [String], phase: String?,
                owner: String?, estimate: Double?, blockedReason: String?, tasksDone: Int, tasksTotal: Int, conflict: String? = nil,
                leaseExpiresAt: String? = nil) {
        self.conflict = conflict
        self.leaseExpiresAt = leaseExpiresAt
        self.id = id; self.title = title; self.status = status; self.agent = agent; self.dependsOn = dependsOn
        self.phase = phase; self.owner = owner; self.estimate = estimate; self.blockedReason = blockedReason
        self.tasksDone = tasksDone; self.tasksTotal = tasksTotal
    }

    enum CodingKeys: String, CodingKey {
        case id, title, status, agent, dependsOn, phase, owner, estimate, blockedReason, tasksDone, tasksTotal, conflict, lease
    }

    /// `lease` in JSON: who holds it, until when, and whether that has passed.
    public struct Lease: Codable, Equatable, Sendable {
        public var holder: String
        public var expiresAt: String
        public var stale: Bool
    }

    public var lease: Lease? {
        guard let agent, let expiry = leaseExpiresAt else { return nil }
        return Lease(holder: agent, expiresAt: expiry, stale: leaseStale ?? false)
    }

    /// Marks whether the lease had run out at `now`.
    public mutating func markStale(now: String) {
        leaseStale = leaseExpiresAt.map { _ in leaseIsStale(now: now) }
    }

    /// Whether the holder's lease had run out at `now` (the one predicate; `Workstream.leaseIsStale` is the same on the full record).
    public func leaseIsStale(now: String) -> Bool {
        leaseExpiresAt.map { Timestamp.leaseIsOver($0, now: now) } ?? false
    }

    public var isStale: Bool { leaseStale ?? false }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id); title = try c.decode(String.self, forKey: .title)
        status = try c.decode(Status.self, forKey: .status); agent = try c.decodeIfPresent(String.self, forKey: .agent)
        dependsOn = try c.decode([String].self, forKey: .dependsOn)
        phase = try c.decodeIfPresent(String.self, forKey: .phase); owner = try c.decodeIfPresent(String.self, forKey: .owner)
        estimate = try c.decodeIfPresent(Double.self, forKey: .estimate); blockedReason = try c.decodeIfPresent(String.self, forKey: .blockedReason)
        tasksDone = try c.decode(Int.self, forKey: .tasksDone); tasksTotal = try c.decode(Int.self, forKey: .tasksTotal)
        conflict = try c.decodeIfPresent(String.self, forKey: .conflict)
        let lease = try c.decodeIfPresent(Lease.self, forKey: .lease)
        leaseExpiresAt = lease?.expiresAt; leaseStale = lease?.stale
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
        try c.encodeIfPresent(lease, forKey: .lease)
    }
}

extension WorkspaceState {
    public func summary(of id: String) -> WorkstreamSummary? {
        guard let w = self[id], let status = status(of: id) else { return nil }
        return WorkstreamSummary(id: w.id, title: w.title, status: status, agent: w.agent, dependsOn: w.dependsOn,
                                 phase: w.phase, owner: w.owner, estimate: w.estimate, blockedReason: w.blockedReason,
                                 tasksDone: w.tasks.filter(\.done).count, tasksTotal: w.tasks.count, conflict: w.conflict,
                                 leaseExpiresAt: w.leaseExpiresAt)
    }

    public var summaries: [WorkstreamSummary] { ordered.compactMap { summary(of: $0.id) } }
}

extension Array where Element == WorkstreamSummary {
    /// `ws status --json`'s listing at `now`: each held lease marked stale or not.
    /// The CLI and the board's `/api/status` both mark through here.
    public mutating func markStale(now: String) {
        for i in indices where self[i].leaseExpiresAt != nil { self[i].markStale(now: now) }
    }
}
