/// `Workstreams/README.md`: every workstream at a glance, what is ready, what
/// waits on what, the critical path and a Mermaid graph GitHub renders.
enum IndexDocument {
    /// Above this many workstreams the Mermaid graph is left out: GitHub cannot draw it.
    static let graphLimit = 300
    /// The ready and blocked lists stop here on large projects (`ws ready` and `ws blocked` give them all).
    static let listLimit = 100

    static func render(_ summaries: [WorkstreamSummary], lastSeq: Int64, lastTime: String) -> String {
        var dependentsOf: [String: [String]] = [:]
        for s in summaries { for d in s.dependsOn { dependentsOf[d, default: []].append(s.id) } }
        var lines = [Doc.header, "", "# Workstreams", ""]
        let counts = Status.allCases.compactMap { s -> String? in
            let n = summaries.filter { $0.status == s }.count
            return n == 0 ? nil : "\(n) \(s.label)"
        }
        lines.append("**\(summaries.count) workstream\(summaries.count == 1 ? "" : "s")**" + (counts.isEmpty ? "" : ": " + counts.joined(separator: ", ")) +
                     (lastSeq > 0 ? ". Last event #\(lastSeq), \(Doc.stamp(lastTime))." : "."))
        lines.append("")
        lines += Doc.table(["ID", "Workstream", "Phase", "Status", "Agent", "Tasks", "Depends on", "Blocks"], summaries.map { s in
            let blocks = (dependentsOf[s.id] ?? []).sorted()
            return ["[\(s.id)](\(Doc.workstreamPath(id: s.id, title: s.title).dropFirst("Workstreams/".count)))", s.title, s.phase ?? "—", Doc.badge(s.status),
                    s.agent ?? "—", s.tasksTotal == 0 ? "—" : "\(s.tasksDone)/\(s.tasksTotal)",
                    s.dependsOn.isEmpty ? "—" : s.dependsOn.joined(separator: ", "), blocks.isEmpty ? "—" : blocks.joined(separator: ", ")]
        })

        let ready = summaries.filter { $0.status == .ready }
        lines += ["", "## Ready to start", ""]
        lines += ready.isEmpty ? ["Nothing is ready right now."] : ready.prefix(listLimit).map { s in
            "- **\(s.id)** \(s.title)" + [s.estimate.map(Doc.hours), s.owner].compactMap { $0 }.map { " — \($0)" }.joined()
        }

        if ready.count > listLimit { lines.append("- … and \(ready.count - listLimit) more: `ws ready` lists them all.") }
        let reports = BlockingReport.reports(for: summaries)
        lines += ["", "## Blocked and waiting", ""]
        let byId = Dictionary(summaries.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func label(_ id: String) -> String {
            guard let s = byId[id] else { return id }
            return "\(id) (\(s.status.label)\(s.agent.map { ", \($0)" } ?? ""))"
        }
        lines += reports.isEmpty ? ["Nothing is blocked."] : reports.prefix(listLimit).map { r in
            var why: [String] = []
            if let reason = r.reason { why.append("blocked: \(reason)") }
            if !r.waitingOn.isEmpty { why.append("waits on " + r.chainText(label)) }
            let others = r.rootBlockers.filter { $0 != r.chain.last }
            if !others.isEmpty { why.append("also needs " + others.map(label).joined(separator: ", ")) }
            return "- **\(r.id)** \(r.title): " + why.joined(separator: "; ")
        }

        if reports.count > listLimit { lines.append("- … and \(reports.count - listLimit) more: `ws blocked` lists them all.") }
        let graph = DependencyGraph(nodes: summaries.map(\.id), edges: summaries.flatMap { s in s.dependsOn.map { (s.id, $0) } })
        let critical = graph.criticalPath { id in
            guard let s = byId[id], s.status != .completed, s.status != .cancelled else { return nil }
            return s.estimate ?? 1
        }
        lines += ["", "## Critical path", ""]
        lines.append(critical.path.isEmpty ? "No open work." :
                        "\(critical.path.joined(separator: " → ")): \(Doc.hours(critical.total)) of open work (1 h counted where no estimate is given).")

        lines += ["", "## Dependency graph", ""]
        if summaries.count > graphLimit {
            lines.append("Left out: \(summaries.count) workstreams are more than a Mermaid graph on GitHub can show. `ws graph --format dot | dot -Tsvg` draws it.")
        } else {
            lines += ["An arrow points from a workstream to the work it unblocks.", "", "```mermaid"]
            lines.append(GraphRenderer.mermaid(summaries).trimmingCharacters(in: .newlines))
            lines.append("```")
        }
        return Doc.join(lines)
    }
}
