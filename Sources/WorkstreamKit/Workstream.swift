/// Where a workstream is in its life. The displayed `Status` is derived from
/// this plus who holds it, whether it is blocked and its dependencies.
public enum Lifecycle: String, Codable, Sendable {
    case open, completed, cancelled
}

public enum Status: String, Codable, CaseIterable, Sendable {
    case planned, ready, inProgress = "in_progress", blocked, completed, cancelled

    /// For prose: "in progress".
    public var label: String { self == .inProgress ? "in progress" : rawValue }

    /// The one rule for status, shared by the replayed state and the SQL read models.
    public static func derive(lifecycle: Lifecycle, blockedReason: String?, agent: String?, waitingOnDependencies: Bool) -> Status {
        switch lifecycle {
        case .completed: return .completed
        case .cancelled: return .cancelled
        case .open:
            if blockedReason != nil { return .blocked }
            if agent != nil { return .inProgress }
            return waitingOnDependencies ? .planned : .ready
        }
    }
}

public struct TaskItem: Equatable, Codable, Sendable {
    public var id: String
    public var text: String
    public var done: Bool
    public init(id: String, text: String, done: Bool = false) { self.id = id; self.text = text; self.done = done }
}

public struct Artifact: Equatable, Codable, Sendable {
    public var name: String
    /// Nil for secrets: their value never leaves the local secret store.
    public var value: String?
    public var secret: Bool
    public var fingerprint: String?
    public var recordedAt: String
    public init(name: String, value: String?, secret: Bool, fingerprint: String?, recordedAt: String) {
        self.name = name; self.value = value; self.secret = secret; self.fingerprint = fingerprint; self.recordedAt = recordedAt
    }
}

public struct Completion: Equatable, Codable, Sendable {
    public var summary: String?
    public var next: [String]
    public var forced: Bool
    public var reason: String?
    public init(summary: String?, next: [String], forced: Bool, reason: String?) {
        self.summary = summary; self.next = next; self.forced = forced; self.reason = reason
    }
}

/// Everything ws knows about one workstream, as folded from its events.
public struct Workstream: Equatable, Sendable {
    public var id: String
    public var title: String
    public var phase: String?
    public var owner: String?
    public var estimate: Double?
    public var brief: String?
    /// Sorted, so the same log always gives the same order.
    public var dependsOn: [String] = []
    public var tasks: [TaskItem] = []
    public var artifacts: [Artifact] = []
    /// Resources provisioned for it, in the order first requested.
    public var provisions: [Provision] = []
    public var agent: String?
    public var blockedReason: String?
    /// Disagreements between clones that nobody has settled yet, in the order they arose.
    public var conflicts: [Conflict] = []
    /// Which event last set each register (holder, block, artifacts, …); see `Register`.
    public var setters: [String: Setter] = [:]
    public var lifecycle: Lifecycle = .open
    public var completion: Completion?
    public var cancelReason: String?
    public var version: Int64 = 0
    /// Global sequence of the declaration: the order workstreams are listed in.
    public var position: Int64 = 0
    public var declaredAt: String = ""
    public var startedAt: String?
    public var closedAt: String?
    public var hoursLogged: Double = 0
    /// The holder's lease: its length, and the time of the holder's latest event on this workstream.
    public var leaseMinutes: Int?
    public var leaseRenewedAt: String?
    /// Commands that show the work is done, in the order declared, with their latest results.
    public var checks: [Check] = []

    public init(id: String, title: String) { self.id = id; self.title = title }

    public var openTasks: [TaskItem] { tasks.filter { !$0.done } }
    public var isClosed: Bool { lifecycle != .open }

    public func task(_ id: String) -> TaskItem? { tasks.first { $0.id == id } }

    /// When the holder's lease runs out: nil when nobody holds it, it is closed, or its start predates leases.
    public var leaseExpiresAt: String? {
        guard lifecycle == .open, agent != nil, let minutes = leaseMinutes, let renewed = leaseRenewedAt else { return nil }
        return Timestamp.adding(minutes: minutes, to: renewed)
    }

    /// Whether the holder's lease had run out at `now`.
    public func leaseIsStale(now: String) -> Bool {
        leaseExpiresAt.map { Timestamp.leaseIsOver($0, now: now) } ?? false
    }

    public func check(_ name: String) -> Check? { checks.first { $0.name == name } }

    /// The first unsettled conflict in one line, for tables.
    public var conflict: String? { Conflict.summary(of: conflicts) }

    /// The id of the event that set a register, or "" when nothing set it: what a new event records as `seen`.
    public func seen(_ register: String) -> String { setters[register]?.eventId ?? "" }
}
