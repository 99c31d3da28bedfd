/// `Workstreams/README.md` in a large project's layout: a bounded summary
/// (counts by status and by phase, the work in progress, conflicts, and a table
/// of the index pages) instead of 10,000 rows, so a completion rewrites a few
/// kilobytes here. The rows live in `Workstreams/<xx>/README.md` (`IndexPages`).
enum IndexSummary {
    /// `shards`: each summary's folder (`DocumentLayout.shardNumber`), in order.
    static func render(_ summaries: [WorkstreamSummary], shards: [Int], lastSeq: Int64, lastTime: String) -> String {
        render(IndexTally(summaries, shards: shards), lastSeq: lastSeq, lastTime: lastTime)
    }

    /// The summary from its counts alone (`IndexTally`): what a completion reads from the store's aggregates.
    static func render(_ tally: IndexTally, lastSeq: Int64, lastTime: String) -> String {
        let n = tally.total
        let statuses = Status.allCases
        let none = [Int](repeating: 0, count: statuses.count)
        let counts = tally.byStatus, phases = tally.byPhase, totals = tally.byShard, open = tally.openByShard
        var lines = [Doc.header, "", "# Workstreams", ""]
        let tallied = statuses.indices.compactMap { k in counts[k] > 0 ? "\(counts[k]) \(statuses[k].label)" : nil }
        let events = lastSeq > 0 ? ". \(lastSeq) event\(lastSeq == 1 ? "" : "s"), the last at \(Doc.stamp(lastTime))." : "."
        lines.append("**\(n) workstreams**" + (tallied.isEmpty ? "" : ": " + tallied.joined(separator: ", ")) + events)
        lines += ["", "More than \(DocumentLayout.flatLimit) workstreams: the index is paged by folder (below), each "
                    + "workstream's document is in the folder named by the first two hex digits "
                    + "of the SHA-256 of its id. "
                    + "`ws status`, `ws ready` and `ws blocked` list everything at once."]

        lines += ["", "## By phase", ""]
        lines += Doc.table(["Phase"] + Status.allCases.map(\.label) + ["Total"],
                           phases.keys.sorted().map { phase in
                               let c = phases[phase] ?? none
                               return [phase.isEmpty ? "—" : Doc.inline(phase)] + c.map(String.init)
                                   + [String(c.reduce(0, +))]
                           })

        let limit = IndexDocument.listLimit
        let working = tally.working
        lines += ["", "## In progress", ""]
        lines += working.isEmpty ? ["Nothing is in progress."] : working.prefix(limit).map { s in
            let path = DocumentLayout.sharded.workstreamPath(id: s.id, title: s.title)
            return "- [\(s.id)](\(DocumentLayout.link(from: Documents.indexPath, to: path))) "
                + Doc.inline(s.title) + (Doc.inline(s.agent).map { " — \($0)" } ?? "")
        }
        if working.count > limit {
            lines.append("- … and \(working.count - limit) more: `ws status` lists them all.")
        }

        let conflicted = tally.conflicted
        if !conflicted.isEmpty {
            lines += ["", "## Conflicts between clones", ""]
            lines += conflicted.prefix(limit).map { "- **\($0.id)** \(Text.clip($0.conflict ?? "", 300))" }
            if conflicted.count > limit { lines.append("- … and \(conflicted.count - limit) more.") }
            lines += ["", "`ws conflicts` lists the competing events; `ws resolve` settles each."]
        }

        lines += ["", "## Index pages", ""]
        lines += Doc.table(["Folder", "Workstreams", "Open"], totals.indices.filter { totals[$0] > 0 }.map { i in
            let shard = DocumentLayout.shards[i]
            return ["[\(shard)](\(shard)/README.md)", String(totals[i]), String(open[i])]
        })
        return Doc.join(lines)
    }
}
