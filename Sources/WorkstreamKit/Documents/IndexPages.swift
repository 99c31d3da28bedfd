/// `Workstreams/<xx>/README.md` in a large project's layout: the rows of the
/// index table for the workstreams of one folder, and a Mermaid graph of them
/// with their direct dependencies. One completion rewrites only the pages of
/// the workstreams whose rows or graph nodes it changes (its own, its
/// dependents' and their dependencies'), about 40 rows each at 10,000.
enum IndexPages {
    /// The pages of `wanted` shards (nil: every shard that holds a workstream), by path.
    /// `shards`: each summary's folder, in order.
    static func render(_ summaries: [WorkstreamSummary], shards: [String], wanted: Set<String>?) -> [String: String] {
        var index: [String: Int] = [:]
        index.reserveCapacity(summaries.count)
        for (i, s) in summaries.enumerated() { index[s.id] = i }
        var dependents = [[Int]](repeating: [], count: summaries.count)
        var byShard: [String: [Int]] = [:]
        for (i, s) in summaries.enumerated() {
            for d in s.dependsOn { if let j = index[d] { dependents[j].append(i) } }
            let shard = shards[i]
            if wanted?.contains(shard) ?? true { byShard[shard, default: []].append(i) }
        }
        var files: [String: String] = [:]
        for (shard, rows) in byShard {
            files[DocumentLayout.indexPagePath(shard)] = page(shard, rows: rows, summaries: summaries,
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
        lines.append(GraphRenderer.mermaid(graphNodes(rows, summaries: summaries, index: index))
            .trimmingCharacters(in: .newlines))
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
