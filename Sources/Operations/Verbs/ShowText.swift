import WorkstreamKit

/// `show`'s texts; the document itself is `WorkstreamView`, shared with `ws mcp` and the board.
extension WorkstreamView {
    /// In full, for `ws show`.
    public var text: String {
        var out = ["\(id): \(title)", "status: \(status.rawValue)" + (agent.map { " (agent \($0))" } ?? "")]
        if let lease {
            out.append("lease: \(lease.holder) until \(Timestamp.stamp(lease.expiresAt))" + (lease.stale ? " — STALE: it ran out; take over with 'ws start \(id) --take-over'" : ""))
        }
        if let blockedReason { out.append("blocked: \(blockedReason)") }
        if let phase { out.append("phase: \(phase)") }
        if let owner { out.append("owner: \(owner)") }
        if let estimate { out.append("estimate: \(Hours.format(estimate))" + (hoursLogged > 0 ? ", logged \(Hours.format(hoursLogged))" : "")) }
        out.append("depends on: \(dependsOn.isEmpty ? "-" : dependsOn.joined(separator: ", "))")
        out.append("blocks: \(dependents.isEmpty ? "-" : dependents.joined(separator: ", "))")
        if let c = completion {
            if let s = c.summary { out += ["", "summary:", s] }
            if !c.next.isEmpty { out += ["", "next steps:"] + c.next.map { "- \($0)" } }
            if c.forced { out.append("completed with --force: \(c.reason ?? "")") }
        }
        if let cancelReason { out.append("cancelled: \(cancelReason)") }
        func section(_ heading: String, _ lines: [String]) { if !lines.isEmpty { out += ["", heading] + lines } }
        section("tasks (\(tasks.filter(\.done).count)/\(tasks.count) done):",
                tasks.map { "- [\($0.done ? "x" : " ")] \($0.id) \($0.text)" })
        section("checks:", checks.map { c in
            "- \(c.name): `\(c.run)` — "
                + (c.last.map { "\($0.label) at \(Timestamp.stamp($0.ranAt))" } ?? "not run yet")
        })
        section("artifacts:", artifacts.map { a in
            let fingerprint = EventValidation.shown(fingerprint: a.fingerprint)
            return "- \(a.name)" + (a.secret ? " (secret, \(fingerprint))" : " = \(a.value ?? "")")
        })
        section("provisioned:", provisions.map { p in
            "- \(p.resource.type) \(p.resource.name) (\(p.resource.provider)): \(p.state.rawValue)"
                + (p.message.map { ": \($0)" } ?? "")
        })
        section("devlog:", devlog.map {
            "- \($0.time) [\($0.kind.rawValue)] \($0.actor): \($0.message)"
                + ($0.hours.map { " (\(Hours.format($0)))" } ?? "")
        })
        if let brief, !brief.isEmpty { out += ["", "brief:", brief.trimmingCharacters(in: .whitespacesAndNewlines)] }
        return out.joined(separator: "\n")
    }

    /// In a line, for an agent (MCP `show`): the whole of it is in the JSON, and as a document in the resource.
    public var line: String {
        let done = tasks.isEmpty ? "no tasks" : "tasks \(tasks.filter(\.done).count)/\(tasks.count) done"
        let held = lease.map { " (\($0.holder), lease until \(Timestamp.stamp($0.expiresAt))" + ($0.stale ? ": STALE" : "") + ")" }
        return "\(id): \(title) — \(status.rawValue)" + (held ?? agent.map { " (\($0))" } ?? "")
            + ", \(done), \(artifacts.count) artifacts, \(devlog.count) devlog entries; document: ws://workstream/\(id)"
    }
}
