import ArgumentParser
import Operations
import WorkstreamKit

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One workstream in full: brief, tasks, dependencies both ways, artifacts, devlog.")

    @Argument(help: "The workstream.") var id: String
    @Option(help: "Answer as of a time or an event sequence number.") var at: String?
    @OptionGroup var output: JSONFlag

    func run() throws {
        let ws = try Workspace.open(readOnly: true)
        let view: WorkstreamView
        if let at {
            let seq = try PointInTime.sequence(at, in: ws)
            let replayed = try ws.ledger.replay(upTo: seq)
            guard let w = replayed.state[id], let summary = replayed.state.summary(of: id) else { throw Refusal.unknownWorkstream(id) }
            var past = WorkstreamView(w, summary: summary, dependents: replayed.state.dependents(of: id),
                                      devlog: replayed.devlog.filter { $0.workstream == id })
            // A time is the clock the lease is judged at; a sequence number has no clock, so no lease is called stale.
            past.markStale(now: Int64(at) == nil ? Clock.parse(at) ?? "" : "")
            view = past
        } else {
            view = try WorkstreamView.current(id, ledger: ws.ledger, now: ws.now)
        }
        if output.json { return try Output.json(view) }
        Output.line(view.text)
    }
}

/// `show`'s text form; the document itself is `WorkstreamView` (EventLog), shared with `ws mcp` and the board.
extension WorkstreamView {
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
            out += artifacts.map { a in
                let fingerprint = EventValidation.shown(fingerprint: a.fingerprint)
                return "- \(a.name)" + (a.secret ? " (secret, \(fingerprint))" : " = \(a.value ?? "")")
            }
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
