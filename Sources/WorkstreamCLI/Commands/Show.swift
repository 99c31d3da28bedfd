import ArgumentParser
import EventLog
import WorkstreamKit

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One workstream in full: brief, tasks, dependencies both ways, artifacts, devlog.")

    @Argument(help: "The workstream.") var id: String
    @Option(help: "Answer as of a time or an event sequence number.") var at: String?
    @OptionGroup var output: JSONFlag

    func run() throws {
        let ws = try Workspace.open(readOnly: true)
        var view: WorkstreamView
        if let at {
            let seq = try PointInTime.sequence(at, in: ws)
            let replayed = try ws.ledger.replay(upTo: seq)
            guard let w = replayed.state[id], let summary = replayed.state.summary(of: id) else { throw Refusal.unknownWorkstream(id) }
            view = WorkstreamView(w, summary: summary, dependents: replayed.state.dependents(of: id),
                                  devlog: replayed.devlog.filter { $0.workstream == id })
        } else {
            let d = try ws.ledger.detail(id)
            view = WorkstreamView(d.workstream, summary: d.summary, dependents: d.dependents.map(\.id), devlog: d.devlog)
        }
        view.markStale(now: at.flatMap { Int64($0) == nil ? Clock.parse($0) : nil } ?? (at == nil ? ws.now : ""))
        if output.json { return try Output.json(view) }
        Output.line(view.text)
    }
}

/// The `show --json` document, and its text form.
struct WorkstreamView: Encodable {
    struct TaskView: Encodable { var id: String; var text: String; var done: Bool }
    struct ArtifactView: Encodable {
        var name: String; var secret: Bool; var value: String?; var fingerprint: String?; var recordedAt: String
    }
    var id: String, title: String, status: Status, agent: String?
    var dependsOn: [String], dependents: [String]
    var phase: String?, owner: String?, estimate: Double?, brief: String?, blockedReason: String?
    var tasks: [TaskView], artifacts: [ArtifactView], provisions: [Provision]
    var completion: Completion?, cancelReason: String?
    var version: Int64, declaredAt: String, startedAt: String?, closedAt: String?, hoursLogged: Double
    var devlog: [DevlogEntry]
    /// Who holds it until when, and whether that had passed when asked (see `markStale`).
    var lease: WorkstreamSummary.Lease?
    var checks: [Check]

    init(_ w: Workstream, summary: WorkstreamSummary, dependents: [String], devlog: [DevlogEntry]) {
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

    mutating func markStale(now: String) {
        guard var l = lease, !now.isEmpty else { return }
        l.stale = Timestamp.isPast(l.expiresAt, now: now)
        lease = l
    }

    enum CodingKeys: String, CodingKey {
        case id, title, status, agent, dependsOn, dependents, phase, owner, estimate, brief, blockedReason, tasks, artifacts, provisions
        case completion, cancelReason, version, declaredAt, startedAt, closedAt, hoursLogged, devlog, lease, checks
    }

    func encode(to encoder: Encoder) throws {
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

    var text: String {
        var out = ["\(id): \(title)", "status: \(status.rawValue)" + (agent.map { " (agent \($0))" } ?? "")]
        if let lease {
            out.append("lease: \(lease.holder) until \(Output.stamp(lease.expiresAt))" + (lease.stale ? " — STALE: it ran out; take over with 'ws start \(id) --take-over'" : ""))
        }
        if let blockedReason { out.append("blocked: \(blockedReason)") }
        if let phase { out.append("phase: \(phase)") }
        if let owner { out.append("owner: \(owner)") }
        if let estimate { out.append("estimate: \(Output.hours(estimate)) h" + (hoursLogged > 0 ? ", logged \(Output.hours(hoursLogged)) h" : "")) }
        out.append("depends on: \(dependsOn.isEmpty ? "-" : dependsOn.joined(separator: ", "))")
        out.append("blocks: \(dependents.isEmpty ? "-" : dependents.joined(separator: ", "))")
        if let c = completion {
            if let s = c.summary { out += ["", "summary:", s] }
            if !c.next.isEmpty { out += ["", "next steps:"] + c.next.map { "- \($0)" } }
            if c.forced { out.append("completed with --force: \(c.reason ?? "")") }
        }
        if let cancelReason { out.append("cancelled: \(cancelReason)") }
        if !tasks.isEmpty {
            out += ["", "tasks (\(tasks.filter(\.done).count)/\(tasks.count) done):"]
            out += tasks.map { "- [\($0.done ? "x" : " ")] \($0.id) \($0.text)" }
        }
        if !checks.isEmpty {
            out += ["", "checks:"]
            out += checks.map { c in
                "- \(c.name): `\(c.run)` — " + (c.last.map { "\($0.label) at \(Output.stamp($0.ranAt))" } ?? "not run yet")
            }
        }
        if !artifacts.isEmpty {
            out += ["", "artifacts:"]
            out += artifacts.map { "- \($0.name)" + ($0.secret ? " (secret, \($0.fingerprint ?? "no fingerprint"))" : " = \($0.value ?? "")") }
        }
        if !provisions.isEmpty {
            out += ["", "provisioned:"]
            out += provisions.map { p in
                "- \(p.resource.type) \(p.resource.name) (\(p.resource.provider)): \(p.state.rawValue)" + (p.message.map { ": \($0)" } ?? "")
            }
        }
        if !devlog.isEmpty {
            out += ["", "devlog:"]
            out += devlog.map { "- \($0.time) [\($0.kind.rawValue)] \($0.actor): \($0.message)" + ($0.hours.map { " (\(Output.hours($0)) h)" } ?? "") }
        }
        if let brief, !brief.isEmpty { out += ["", "brief:", brief.trimmingCharacters(in: .whitespacesAndNewlines)] }
        return out.joined(separator: "\n")
    }
}
