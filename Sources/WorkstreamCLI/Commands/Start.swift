import ArgumentParser
import EventLog
import WorkstreamKit

struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", 
        abstract: "Take a workstream: refused while its dependencies are open or another agent holds it.")

    @Argument(help: "The workstream.") var id: String
    @Flag(name: .customLong("take-over"), help: "Take it from its holder, whose lease ran out (or with --force --reason).") var takeOver = false
    @Flag(help: "With --take-over: take it even though the holder's lease still runs.") var force = false
    @Option(help: "Why --force is needed.") var reason: String?
    @OptionGroup var agent: AgentOption

    func validate() throws {
        if force && !takeOver { throw ValidationError("--force goes with --take-over.") }
        if reason != nil && !force { throw ValidationError("--reason goes with --force.") }
    }

    func run() throws {
        let ws = try Workspace.open()
        let actor = ws.actor(agent.agent)
        let outcome = try Self.claim(id, actor: actor, takeOver: takeOver, force: force, reason: reason, in: ws)
        Output.line(Self.describe(outcome.events, id: id, actor: actor))
        Output.line()
        Output.line(try StartContext.markdown(for: id, in: ws))
    }
}

extension Start {
    /// `ws start` and the MCP `start` tool: a lease of the configured length, and HEAD for the completion's evidence.
    static func claim(_ id: String, actor: String, takeOver: Bool, force: Bool, reason: String?, in ws: Workspace) throws -> CommandOutcome {
        let lease = ws.config.leaseMinutes
        let head = EvidenceReader.head(in: ws)
        let command: Command = takeOver
            ? .takeOver(id: id, agent: actor, leaseMinutes: lease, force: force, reason: reason, head: head)
            : .start(id: id, agent: actor, leaseMinutes: lease, head: head)
        return try ws.execute(command, actor: actor, commit: false)
    }

    static func describe(_ events: [RecordedEvent], id: String, actor: String) -> String {
        guard let event = try? events.first?.decoded() else { return "\(id) is already yours, \(actor)" }
        if case .takenOver(let t) = event {
            let why = t.forced ? "forced: \(t.reason ?? "")" : t.expiredAt.map { "lease ran out at \(Output.stamp($0))" } ?? "lease ran out"
            return "\(id) taken over by \(actor) from \(t.previous) (\(why))"
        }
        if case .started(let s) = event, let minutes = s.leaseMinutes {
            return "\(id) started by \(actor) (lease \(minutes) min, renewed by every command of yours on \(id))"
        }
        return "\(id) started by \(actor)"
    }
}

/// What an agent needs to begin: the brief, the open tasks, and what each
/// dependency left behind (its handoff summary, next steps and artifact names).
enum StartContext {
    static func document(for id: String, in ws: Workspace) throws -> Context.Document {
        let detail = try ws.ledger.detail(id)
        let w = detail.workstream
        let deps = try detail.dependencies.map { dep -> Context.Dependency in
            let d = try ws.ledger.detail(dep.id).workstream
            return Context.Dependency(
                id: d.id, title: d.title, status: dep.status, agent: d.agent, summary: d.completion?.summary,
                next: d.completion?.next ?? [],
                artifacts: d.artifacts.map { .init(name: $0.name, secret: $0.secret, value: $0.secret ? nil : $0.value) },
                handoff: d.lifecycle == .completed ? Documents.handoffPath(d) : nil)
        }
        var summary = detail.summary
        summary.markStale(now: ws.now)
        return Context.Document(id: w.id, title: w.title, status: detail.summary.status, agent: w.agent, brief: w.brief,
                                openTasks: w.openTasks, dependencies: deps, lease: summary.lease, checks: w.checks)
    }

    static func markdown(for id: String, in ws: Workspace) throws -> String {
        let doc = try document(for: id, in: ws)
        var out = ["# \(doc.id): \(doc.title)", "", "Status: \(doc.status.rawValue)" + (doc.agent.map { ", held by \($0)" } ?? "")]
        if let brief = doc.brief, !brief.isEmpty { out += ["", "## Brief", "", brief.trimmingCharacters(in: .whitespacesAndNewlines)] }
        if let lease = doc.lease {
            out.append("Lease: until \(Output.stamp(lease.expiresAt))" + (lease.stale ? " (ran out)" : "") + "; every command of the holder on \(doc.id) renews it")
        }
        out += ["", "## Open tasks", ""]
        out += doc.openTasks.isEmpty ? ["None."] : doc.openTasks.map { "- [ ] \($0.id) \($0.text)" }
        if !doc.checks.isEmpty {
            out += ["", "## Checks ('ws complete \(doc.id)' runs them; it is refused while one fails)", ""]
            out += doc.checks.map { "- \($0.name): `\($0.run)`" + ($0.last.map { " — last \($0.label)" } ?? "") }
        }
        if !doc.dependencies.isEmpty {
            out += ["", "## From its dependencies"]
            for d in doc.dependencies {
                out += ["", "### \(d.id): \(d.title) (\(d.status.rawValue))"]
                if let h = d.handoff { out += ["", "Handoff: \(h)"] }
                if let s = d.summary { out += ["", s] }
                if !d.next.isEmpty { out += ["", "Next steps:"] + d.next.map { "- \($0)" } }
                if !d.artifacts.isEmpty {
                    out += ["", "Artifacts (values: 'ws env \(id)'):"]
                    out += d.artifacts.map { "- \($0.name)" + ($0.secret ? " (secret)" : "") }
                }
            }
        }
        return out.joined(separator: "\n")
    }
}
