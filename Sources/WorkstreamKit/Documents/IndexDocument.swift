/// `Workstreams/README.md`: every workstream at a glance, what is ready, what
/// waits on what, the critical path and a Mermaid graph GitHub renders.
///
/// Rendered on every commit, for ten thousand workstreams too, so it works
/// over indices into `summaries` (one id lookup table, no per-row arrays)
/// and writes the big table as one block of text.
enum IndexDocument {
    /// Above this many workstreams the Mermaid graph is left out: GitHub cannot draw it.
    static let graphLimit = 300
    /// The ready and blocked lists stop here on large projects (`ws ready` and `ws blocked` give them all).
    static let listLimit = 100

    static func render(_ summaries: [WorkstreamSummary], lastSeq: Int64, lastTime: String) -> String {
        let n = summaries.count
        var index: [String: Int] = [:]
        index.reserveCapacity(n)
        for (i, s) in summaries.enumerated() { index[s.id] = i }
        var dependents = [[Int]](repeating: [], count: n)
        var counts: [Status: Int] = [:]
        for (i, s) in summaries.enumerated() {
            counts[s.status, default: 0] += 1
            for d in s.dependsOn { if let j = index[d] { dependents[j].append(i) } }
        }

        var lines = [Doc.header, "", "# Workstreams", ""]
        let tally = Status.allCases.compactMap { s in counts[s].map { "\($0) \(s.label)" } }
        lines.append("**\(n) workstream\(n == 1 ? "" : "s")**" + (tally.isEmpty ? "" : ": " + tally.joined(separator: ", ")) +
                     (lastSeq > 0 ? ". \(lastSeq) event\(lastSeq == 1 ? "" : "s"), the last at \(Doc.stamp(lastTime))." : "."))
        lines.append("")
        lines.append(table(summaries, dependents: dependents, rows: summaries.indices))

        let analysis = BlockingAnalysis(summaries)
        let cycles = analysis.cycles
        let conflicted = summaries.filter { $0.conflict != nil }
        if !conflicted.isEmpty || !cycles.isEmpty {
            // Shown until settled: every clone holding the same events shows the same outcome and the same list.
            lines += ["", "## Conflicts between clones", ""]
            lines += conflicted.map { "- **\($0.id)** \(Text.clip($0.conflict ?? "", 300))" }
            lines += cycles.map { "- **\($0[0])** dependency cycle \($0.joined(separator: " → ")): none of them can start until one dependency is removed" }
            lines.append("")
            lines.append("`ws conflicts` lists the competing events; `ws resolve` settles each.")
        }

        let ready = summaries.filter { $0.status == .ready }
        lines += ["", "## Ready to start", ""]
        lines += ready.isEmpty ? ["Nothing is ready right now."] : ready.prefix(listLimit).map { s in
            "- **\(s.id)** \(Doc.inline(s.title))" + [s.estimate.map(Hours.format), Doc.inline(s.owner)].compactMap { $0 }.map { " — \($0)" }.joined()
        }
        if ready.count > listLimit { lines.append("- … and \(ready.count - listLimit) more: `ws ready` lists them all.") }

        lines += ["", "## Blocked and waiting", ""]
        func label(_ id: String) -> String {
            guard let i = index[id] else { return id }
            let s = summaries[i]
            return "\(id) (\(s.status.label)\(s.agent.map { ", \(Doc.inline($0))" } ?? ""))"
        }
        lines += analysis.waiting.isEmpty ? ["Nothing is blocked."] : analysis.waiting.prefix(listLimit).map { i in
            let r = analysis.report(i)
            var why: [String] = []
            if let reason = r.reason { why.append("blocked: \(Doc.inline(reason))") }
            if !r.waitingOn.isEmpty { why.append("waits on " + r.chainText(label)) }
            if let cycle = cycles.first(where: { $0.contains(r.id) }) { why.append("in the dependency cycle " + cycle.joined(separator: " → ")) }
            let others = r.rootBlockers.filter { $0 != r.chain.last }
            if !others.isEmpty { why.append("also needs " + others.map(label).joined(separator: ", ")) }
            return "- **\(r.id)** \(Doc.inline(r.title)): " + why.joined(separator: "; ")
        }
        if analysis.waiting.count > listLimit { lines.append("- … and \(analysis.waiting.count - listLimit) more: `ws blocked` lists them all.") }

        let critical = criticalPath(summaries, index: index, dependents: dependents)
        lines += ["", "## Critical path", ""]
        lines.append(critical.path.isEmpty ? "No open work." :
                        "\(critical.path.joined(separator: " → ")): \(Hours.format(critical.total)) of open work (1 h counted where no estimate is given).")

        lines += ["", "## Dependency graph", ""]
        if n > graphLimit {
            lines.append("Left out: \(n) workstreams are more than a Mermaid graph on GitHub can show. `ws graph --format dot | dot -Tsvg` draws it.")
        } else {
            lines += ["An arrow points from a workstream to the work it unblocks.", "", "```mermaid"]
            lines.append(GraphRenderer.mermaid(summaries).trimmingCharacters(in: .newlines))
            lines.append("```")
        }
        return Doc.join(lines)
    }

    /// The table of every workstream, as one block: the same text `Doc.table`
    /// gives, written as bytes (String appends cost microseconds a row).
    /// `rows`: the indices into `summaries` to list (a page of a large project lists its folder's).
    static func table(_ summaries: [WorkstreamSummary], dependents: [[Int]], rows: some Sequence<Int>) -> String {
        let out = JSONBuffer(capacity: rows.underestimatedCount * 200 + 256)
        out.raw("| ID | Workstream | Phase | Status | Agent | Tasks | Depends on | Blocks |\n| --- | --- | --- | --- | --- | --- | --- | --- |")
        // Doc.cell byte by byte: a pipe is escaped, a line break becomes a space.
        func cellText(_ c: String) {
            var c = c
            c.withUTF8 { bytes in
                guard bytes.contains(where: { $0 == 0x7C || $0 == 0x0A }) else { return out.append(bytes) }
                for b in bytes {
                    if b == 0x7C { out.append(0x5C); out.append(0x7C) } else if b == 0x0A { out.append(0x20) } else { out.append(b) }
                }
            }
        }
        func cell(_ c: String) { out.append(0x20); cellText(c); out.raw(" |") }
        func list(_ items: [String]) {
            out.append(0x20)
            if items.isEmpty { out.raw("—") }
            for (k, item) in items.enumerated() { if k > 0 { out.raw(", ") }; cellText(item) }
            out.raw(" |")
        }
        for i in rows {
            let s = summaries[i]
            out.raw("\n| [")
            cellText(s.id); out.raw("](")
            cellText(s.id); out.append(0x2D); cellText(Doc.slug(s.title)); out.raw(".md) |")
            cell(Doc.inline(s.title))
            cell(Doc.inline(s.phase) ?? "—")
            cell(Doc.badge(s.status))
            cell(Doc.inline(s.agent) ?? "—")
            if s.tasksTotal == 0 { cell("—") } else { out.append(0x20); out.int(s.tasksDone); out.append(0x2F); out.int(s.tasksTotal); out.raw(" |") }
            list(s.dependsOn)
            list(dependents[i].map { summaries[$0].id }.sorted())
        }
        return out.string
    }

    /// `DependencyGraph.criticalPath` over indices, with the same answer: the
    /// longest chain of open work by estimate (1 h where none is given),
    /// dependencies tried in id order, the first of equal chains kept.
    static func criticalPath(_ summaries: [WorkstreamSummary], index: [String: Int], dependents: [[Int]]) -> (path: [String], total: Double) {
        let n = summaries.count
        let deps: [[Int]] = summaries.map { s in (s.dependsOn.count > 1 ? s.dependsOn.sorted() : s.dependsOn).compactMap { index[$0] } }
        // Kahn's order, as the graph's: a dependency that is not a workstream holds its dependent back.
        var remaining = summaries.map { $0.dependsOn.count }
        var queue = (0..<n).filter { remaining[$0] == 0 }
        var head = 0
        var total = [Double](repeating: 0, count: n), prev = [Int](repeating: -1, count: n)
        var included = [Bool](repeating: false, count: n)
        while head < queue.count {
            let i = queue[head]; head += 1
            for d in dependents[i] { remaining[d] -= 1; if remaining[d] == 0 { queue.append(d) } }
            let s = summaries[i]
            guard s.status != .completed, s.status != .cancelled else { continue }
            let w = s.estimate ?? 1
            total[i] = w
            for d in deps[i] where included[d] && total[d] + w > total[i] { total[i] = total[d] + w; prev[i] = d }
            included[i] = true
        }
        var end = -1
        for i in 0..<n where included[i] && (end < 0 || total[end] < total[i]) { end = i }
        guard end >= 0 else { return ([], 0) }
        var path = [end]
        while prev[path[0]] >= 0 { path.insert(prev[path[0]], at: 0) }
        return (path.map { summaries[$0].id }, total[end])
    }
}
