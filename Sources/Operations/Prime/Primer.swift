import EventLog
import Providers
import WorkstreamKit

/// What an agent should read at the start of a session, under a hard budget:
/// the exact next command first, then what it holds (open tasks, what its
/// dependencies left: summaries and artifact names), conflicts that concern
/// it, and what is ready for it. Read-only; built from the read models, so it
/// costs one listing and one query per held workstream, also at 10,000 workstreams.
public struct Primer {
    let ws: Workspace
    let agent: String
    public init(ws: Workspace, agent: String) { self.ws = ws; self.agent = agent }

    struct Held {
        var summary: WorkstreamSummary
        var context: StartContext.Document
    }

    public func render(tokens: Int) throws -> String {
        let summaries = try ws.ledger.summaries()
        let now = ws.now
        let held = try summaries.filter { $0.agent == agent && ($0.status == .inProgress || $0.status == .blocked) }
            .map { s -> Held in
                var s = s
                s.markStale(now: now)
                return Held(summary: s, context: try StartContext.document(for: s.id, in: ws))
            }
        // As `ws ready`: others' work whose lease ran out comes after the ready work, to take over.
        let ready = try ws.ready().listed.filter { !$0.isStale || $0.agent != agent }
        let conflicts = try ConflictListing.reports(ws).filter { r in
            held.contains { $0.summary.id == r.workstream } || r.conflict.entries.contains { $0.actor == agent }
        }
        var out = BudgetedText(tokens: tokens)
        out.add("# ws prime: \(agent) — \(Output.tally(summaries))")
        out.add("Next: " + nextStep(held: held, ready: ready, conflicts: conflicts))
        if !held.isEmpty { add(held, to: &out) }
        if !conflicts.isEmpty {
            out.add("")
            out.add("## Conflicts that concern you")
            out.add(items: conflicts.map { "- \($0.workstream): \($0.conflict.summary) — settle: \(ConflictListing.advice($0))" },
                    more: { "… and \($0) more: ws conflicts" })
        }
        out.add("")
        out.add(held.isEmpty ? "## Ready for you" : "## Also ready")
        if ready.isEmpty {
            out.add("Nothing is ready: 'ws blocked' shows what waits on what.")
        } else {
            out.add(items: ready.map { s in
                if s.isStale {
                    return "- \(s.id): \(s.title) (held by \(s.agent ?? "?"), lease ran out at \(Timestamp.stamp(s.leaseExpiresAt ?? "")): ws start \(s.id) --take-over)"
                }
                return "- \(s.id): \(s.title)" + [s.owner.map { "owner \($0)" }, s.estimate.map(Hours.format)]
                    .compactMap { $0 }.map { " (\($0))" }.joined()
            }, more: { "… and \($0) more: ws ready" })
        }
        return out.text
    }

    private func add(_ held: [Held], to out: inout BudgetedText) {
        out.add("")
        out.add("## You hold")
        for h in held {
            let s = h.summary
            let tasks = s.tasksTotal == 0 ? "no tasks" : "tasks \(s.tasksDone)/\(s.tasksTotal) done"
            let lease = s.leaseExpiresAt.map { s.isStale ? "; your lease ran out at \(Timestamp.stamp($0)): ws renew \(s.id)" : "; lease until \(Timestamp.stamp($0))" } ?? ""
            guard out.add("- \(s.id): \(s.title) — \(s.status.rawValue), \(tasks)" + (s.blockedReason.map { "; blocked: \($0)" } ?? "") + lease) else { return }
            out.add(items: h.context.openTasks.map { "  - [ ] \($0.id) \($0.text)" }, more: { "  … and \($0) more open: ws context \(s.id)" })
            for d in h.context.dependencies {
                let artifacts = d.artifacts.map { $0.name + ($0.secret ? " (secret)" : "") }
                var line = "  - from \(d.id) (\(d.status.rawValue))"
                if let summary = d.summary { line += ": \(summary)" }
                out.add(line)
                if !artifacts.isEmpty { out.add("    artifacts (ws env \(s.id)): \(artifacts.joined(separator: ", "))") }
            }
        }
    }

    /// The one command to run next.
    func nextStep(held: [Held], ready: [WorkstreamSummary], conflicts: [ConflictReport]) -> String {
        if let stale = held.first(where: { $0.summary.isStale }) {
            return "ws renew \(stale.summary.id) (your lease ran out; another agent may take it over)"
        }
        if let first = held.first {
            let id = first.summary.id
            if let task = first.context.openTasks.first { return "do task \(task.id) of \(id) (\(task.text)), then: ws task done \(id) \(task.id)" }
            return "ws complete \(id) --summary '<what was done, for the next agent>'"
        }
        if let c = conflicts.first { return ConflictListing.advice(c) }
        if let r = ready.first { return "ws start \(r.id)" + (r.isStale ? " --take-over" : "") + " --agent \(ShellQuote.quote(agent))" }
        return "ws blocked"
    }
}
