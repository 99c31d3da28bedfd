import EventLog
import WorkstreamKit

/// What the index documents of one publish read, and no more. In a large project's layout the summary
/// (`Workstreams/README.md`) counts every workstream but reads no edges, and only the pages of the touched
/// folders read `dependsOn` (their rows, and their dependents to list who each row unblocks). At 10,000
/// workstreams the 30,000 rows of edges cost 40 M instructions of a 476 M-instruction `ws complete`
/// (callgrind, static release build); the edges of two or three pages are a few hundred rows.
struct IndexInputs {
    var summaries: [WorkstreamSummary]
    /// Each summary's folder number (sharded layout), or nil in the flat layout.
    var shards: [Int]?

    /// The summaries `Documents.index(touching: render)` needs, read from `ledger`.
    static func read(_ ledger: Ledger, touching render: Set<String>) throws -> IndexInputs {
        guard DocumentLayout(workstreamCount: try ledger.workstreamCount()) == .sharded else {
            return IndexInputs(summaries: try ledger.summaries(), shards: nil)
        }
        var summaries = try ledger.summariesWithoutDependencies()
        let shards = summaries.map { DocumentLayout.shardNumber($0.id) }
        let wanted = Set(render.map(DocumentLayout.shardNumber))
        var onPages: Set<String> = []
        var position: [String: Int] = [:]
        for i in summaries.indices where wanted.contains(shards[i]) {
            onPages.insert(summaries[i].id)
        }
        let readers = onPages.union(try ledger.neighbours(of: onPages).dependents)
        for i in summaries.indices where readers.contains(summaries[i].id) { position[summaries[i].id] = i }
        for full in try ledger.summaries(of: readers.sorted()) {
            if let i = position[full.id] { summaries[i].dependsOn = full.dependsOn }
        }
        return IndexInputs(summaries: summaries, shards: shards)
    }

    /// The index files that can change when `render` changes (`Documents.index(touching:)`).
    func files(lastSeq: Int64, lastTime: String, touching render: Set<String>) -> [String: String] {
        guard let shards else {
            return Documents.index(summaries, lastSeq: lastSeq, lastTime: lastTime, touching: render)
        }
        return Documents.index(summaries, shards: shards, lastSeq: lastSeq, lastTime: lastTime, touching: render)
    }
}
