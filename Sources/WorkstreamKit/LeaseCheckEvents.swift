/// The events of leases (who holds a workstream, until when) and checks
/// (commands that show the work is done, and their results).
extension WorkstreamEvent {
    /// The holder renews its lease explicitly (every event it records on the stream renews it too).
    public struct LeaseRenewed: Codable, Equatable, Sendable {
        public var agent: String
        public var leaseMinutes: Int?
        public init(agent: String, leaseMinutes: Int? = nil) { self.agent = agent; self.leaseMinutes = leaseMinutes }
    }

    /// `agent` gave the workstream back (or was made to, with `reason`): it is ready again.
    public struct Released: Codable, Equatable, Sendable {
        public var agent: String
        public var reason: String?
        public init(agent: String, reason: String? = nil) { self.agent = agent; self.reason = reason }
    }

    /// `agent` took the workstream over from `previous`, whose lease had run out (or with `forced` and a reason).
    public struct TakenOver: Codable, Equatable, Sendable {
        public var agent: String
        public var previous: String
        public var leaseMinutes: Int?
        /// When the previous holder's lease ran out (nil when it had none).
        public var expiredAt: String?
        public var forced: Bool
        public var reason: String?
        public init(agent: String, previous: String, leaseMinutes: Int?, expiredAt: String?, forced: Bool, reason: String?) {
            self.agent = agent; self.previous = previous; self.leaseMinutes = leaseMinutes; self.expiredAt = expiredAt
            self.forced = forced; self.reason = reason
        }
    }

    /// A named command that shows the work is done; declaring the same name again replaces its command.
    public struct CheckDeclared: Codable, Equatable, Sendable {
        public var name: String
        public var run: String
        public init(name: String, run: String) { self.name = name; self.run = run }
    }

    /// One run of a check. `output` is the tail of what it printed, capped and with secret values masked.
    public struct CheckRan: Codable, Equatable, Sendable {
        public var name: String
        public var run: String
        public var exitCode: Int
        public var durationMs: Int
        public var output: String
        public var timedOut: Bool
        public init(name: String, run: String, exitCode: Int, durationMs: Int, output: String, timedOut: Bool) {
            self.name = name; self.run = run; self.exitCode = exitCode; self.durationMs = durationMs; self.output = output; self.timedOut = timedOut
        }
        public var passed: Bool { exitCode == 0 && !timedOut }
    }
}

/// What git says the workstream changed, between its start and its completion.
public struct Evidence: Codable, Equatable, Sendable {
    public struct Commit: Codable, Equatable, Sendable {
        public var id: String
        public var summary: String
        public var author: String
        public init(id: String, summary: String, author: String) { self.id = id; self.summary = summary; self.author = author }
    }
    /// The commit HEAD was at when the workstream started (nil when git had none then).
    public var base: String?
    public var head: String?
    public var commits: [Commit]
    public var files: [String]
    /// More commits or files than the event carries (see `Limits.evidenceItems`).
    public var truncated: Bool
    public init(base: String?, head: String?, commits: [Commit], files: [String], truncated: Bool = false) {
        self.base = base; self.head = head; self.commits = commits; self.files = files; self.truncated = truncated
    }
}

/// A check as the workstream holds it: its command and its latest result.
public struct Check: Codable, Equatable, Sendable {
    public var name: String
    public var run: String
    public var last: CheckResult?
    public init(name: String, run: String, last: CheckResult? = nil) { self.name = name; self.run = run; self.last = last }
    public var passed: Bool { last?.passed ?? false }
}

public struct CheckResult: Codable, Equatable, Sendable {
    public var exitCode: Int
    public var durationMs: Int
    public var output: String
    public var timedOut: Bool
    public var ranAt: String
    public var actor: String
    public init(exitCode: Int, durationMs: Int, output: String, timedOut: Bool, ranAt: String, actor: String) {
        self.exitCode = exitCode; self.durationMs = durationMs; self.output = output; self.timedOut = timedOut
        self.ranAt = ranAt; self.actor = actor
    }
    public var passed: Bool { exitCode == 0 && !timedOut }
    /// "passed (exit 0, 1.2 s)" / "failed (exit 2, 0.3 s)" / "timed out after 300 s".
    public var label: String {
        let seconds = Double(durationMs) / 1000
        let time = seconds < 10 ? String(Double((seconds * 10).rounded()) / 10) : String(Int(seconds.rounded()))
        if timedOut { return "timed out after \(time) s" }
        return "\(passed ? "passed" : "failed") (exit \(exitCode), \(time) s)"
    }
}
