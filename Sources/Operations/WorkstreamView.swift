import EventLog
import WorkstreamKit

/// The `show --json` document. `ws show`, `ws mcp`'s `show` and the board's
/// `/api/workstreams/<id>` all build it with `Workspace.show`, so the
/// three cannot drift apart.
public struct WorkstreamView: Encodable {
    public struct TaskView: Encodable { public var id: String; public var text: String; public var done: Bool }
    public struct ArtifactView: Encodable {
        public var name: String; public var secret: Bool; public var value: String?; public var fingerprint: String?; public var recordedAt: String
    }
    public var id: String, title: String, status: Status, agent: String?
    public var dependsOn: [String], dependents: [String]
    public var phase: String?, owner: String?, estimate: Double?, brief: String?, blockedReason: String?
    public var tasks: [TaskView], artifacts: [ArtifactView], provisions: [Provision]
    public var completion: Completion?, cancelReason: String?
    public var version: Int64, declaredAt: String, startedAt: String?, closedAt: String?, hoursLogged: Double
    public var devlog: [DevlogEntry]
    /// Who holds it until when, and whether that had passed when asked (see `markStale`).
    public var lease: WorkstreamSummary.Lease?
    public var checks: [Check]

    public init(_ w: Workstream, summary: WorkstreamSummary, dependents: [String], devlog: [DevlogEntry]) {
        id = w.id; title = w.title; status = summary.status; agent = w.agent
        dependsOn = w.dependsOn; self.dependents = dependents
        phase = w.phase; owner = w.owner; estimate = w.estimate; brief = w.brief; blockedReason = w.blockedReason
        tasks = w.tasks.map { TaskView(id: $0.id, text: $0.text, done: $0.done) }
        artifacts = w.artifacts.map { ArtifactView(name: $0.name, secret: $0.secret, value: $0.secret ? nil : $0.value,
                                                    fingerprint: $0.fingerprint, recordedAt: $0.recordedAt) }
        provisions = w.provisions
        completion = w.completion; cancelReason = w.cancelReason
        version = w.version; declaredAt = w.declaredAt; startedAt = w.startedAt; closedAt = w.closedAt; hoursLogged = w.hoursLogged
        self.devlog = devlog
        lease = summary.lease
        checks = w.checks
    }

    public mutating func markStale(now: String) {
        guard var l = lease, !now.isEmpty else { return }
        l.stale = Timestamp.leaseIsOver(l.expiresAt, now: now)
        lease = l
    }

    enum CodingKeys: String, CodingKey {
        case id, title, status, agent, dependsOn, dependents, phase, owner, estimate, brief, blockedReason, tasks, artifacts, provisions
        case completion, cancelReason, version, declaredAt, startedAt, closedAt, hoursLogged, devlog, lease, checks
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(title, forKey: .title); try c.encode(status, forKey: .status)
        try c.encode(agent, forKey: .agent); try c.encode(dependsOn, forKey: .dependsOn); try c.encode(dependents, forKey: .dependents)
        try c.encodeIfPresent(phase, forKey: .phase); try c.encodeIfPresent(owner, forKey: .owner)
        try c.encodeIfPresent(estimate, forKey: .estimate); try c.encodeIfPresent(brief, forKey: .brief)
        try c.encodeIfPresent(blockedReason, forKey: .blockedReason)
        try c.encode(tasks, forKey: .tasks); try c.encode(artifacts, forKey: .artifacts)
        if !provisions.isEmpty { try c.encode(provisions, forKey: .provisions) }
        try c.encodeIfPresent(completion, forKey: .completion); try c.encodeIfPresent(cancelReason, forKey: .cancelReason)
        try c.encode(version, forKey: .version); try c.encode(declaredAt, forKey: .declaredAt)
        try c.encodeIfPresent(startedAt, forKey: .startedAt); try c.encodeIfPresent(closedAt, forKey: .closedAt)
        try c.encode(hoursLogged, forKey: .hoursLogged); try c.encode(devlog, forKey: .devlog)
        try c.encodeIfPresent(lease, forKey: .lease); try c.encode(checks, forKey: .checks)
    }
}
