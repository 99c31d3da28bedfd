/// `Workstreams/<xx>/README.md` in a large project's layout: the rows of the
/// index table for the workstreams of one folder, and a Mermaid graph of them
/// with their direct dependencies. One completion rewrites only the pages of
/// the workstreams whose rows or graph nodes it changes (its own, its
/// dependents' and their dependencies'), about 40 rows each at 10,000.
enum IndexPages {
    /// The pages of `wanted` shards (nil: every shard that holds a workstream), by path.
    /// `shards`: each summary's folder (`DocumentLayout.shardNumber`), in order.
    /// A completion wants two or three of 256 pages, so only their rows' dependents are collected, and
    /// only the ids those rows depend on are looked up (no dictionary of every id).
    static func render(_ summaries: [WorkstreamSummary], shards: [Int], wanted: Set<Int>?) -> [String: String] {
        var byShard: [Int: [Int]] = [:]
        var onPage: [String: Int] = [:]
        for (i, shard) in shards.enumerated() where wanted?.contains(shard) ?? true {
            byShard[shard, default: []].append(i)
            onPage[summaries[i].id] = i
        }
        var dependents = [[Int]](repeating: [], count: summaries.count)
        var outside: Set<String> = []
        // By index, not `for s in summaries`: each summary copied out of the array cost two copies a row.
        for i in summaries.indices {
            for d in summaries[i].dependsOn { if let j = onPage[d] { dependents[j].append(i) } }
        }
        for rows in byShard.values {
            for i in rows { outside.formUnion(summaries[i].dependsOn.filter { onPage[$0] == nil }) }
        }
        var index = onPage
        if !outside.isEmpty {
            for i in summaries.indices where outside.contains(summaries[i].id) { index[summaries[i].id] = i }
        }
        var files: [String: String] = [:]
        for (shard, rows) in byShard {
            let name = DocumentLayout.shards[shard]
            files[DocumentLayout.indexPagePath(name)] = page(name, rows: rows, summaries: summaries,
                                                            index: index, dependents: dependents)
        }
        return files
    }

    private static func page(_ shard: String, rows: [Int], summaries: [WorkstreamSummary],
                             index: [String: Int], dependents: [[Int]]) -> String {
        let n = rows.count
        var counts: [Status: Int] = [:]
        for i in rows { counts[summaries[i].status, default: 0] += 1 }
        let tally = Status.allCases.compactMap { s in counts[s].map { "\($0) \(s.label)" } }
        var lines = [Doc.header, "", "# Workstreams in folder \(shard)", ""]
        lines.append("**\(n) workstream\(n == 1 ? "" : "s")**: " + tally.joined(separator: ", ")
                     + ". One page of the index: [every workstream](../README.md) at a glance, and the other pages.")
        lines.append("")
        lines.append(IndexDocument.table(summaries, dependents: dependents, rows: rows))
        lines += ["", "## Dependency graph", "",
                  "This folder's workstreams and their direct dependencies. "
                    + "An arrow points from a workstream to the work it unblocks.", "", "```mermaid"]
        // `mermaid` starts with "graph TD" and ends with one line break: dropping that byte is what trimming
        // line breaks did (Foundation's trimming took a third of a page's rendering).
        let graph = GraphRenderer.mermaid(graphNodes(rows, summaries: summaries, index: index))
        lines.append(graph.utf8.last == 0x0A ? String(Substring(graph.utf8.dropLast())) : graph)
        lines.append("```")
        return Doc.join(lines)
    }

    /// The page's workstreams, then the dependencies outside the page (drawn without their own dependencies).
    private static func graphNodes(_ rows: [Int], summaries: [WorkstreamSummary],
                                   index: [String: Int]) -> [WorkstreamSummary] {
        let own = Set(rows)
        var outside: [Int] = []
        var seen: Set<Int> = []
        for i in rows {
            for d in summaries[i].dependsOn.sorted() {
                guard let j = index[d], !own.contains(j), seen.insert(j).inserted else { continue }
                outside.append(j)
            }
        }
        return rows.map { summaries[$0] } + outside.map { j in
            var s = summaries[j]
            s.dependsOn = []
            return s
        }
    }
}
