import EventLog
import WorkstreamKit

/// What the index documents of one publish read, and no more. In a large project's layout the summary
/// (`Workstreams/README.md`) is made from the store's counts (`Ledger.indexTally`: SQL aggregates grouped
/// by folder and by phase), and only the pages of the touched folders read rows: theirs with their edges,
/// their dependents' (to list who each row unblocks) and their dependencies' (graph nodes). Reading every
/// summary and hashing every id cost 125 M instructions of a 360 M-instruction `ws complete` at 10,000
/// workstreams (callgrind, static release build).
struct IndexInputs {
    /// Every summary (flat layout), or the touched pages' rows, dependents and dependencies (sharded).
    var summaries: [WorkstreamSummary]
    /// Each summary's folder number and the summary's counts (sharded layout), or nil in the flat layout.
    var shards: [Int]?
    var tally: IndexTally?

    /// How many workstreams the project declares.
    var workstreamCount: Int { tally?.total ?? summaries.count }

    /// The summaries `Documents.index(touching: render)` needs, read from `ledger`.
    /// As of `seq` (`Ledger.summaries(_:asOf:)`); in the sharded layout the tally counts what the read models hold.
    static func read(_ ledger: Ledger, touching render: Set<String>, upTo seq: Int64) throws -> IndexInputs {
        guard DocumentLayout(workstreamCount: try ledger.workstreamCount()) == .sharded else {
            let summaries = try ledger.summaries(try ledger.summaries(), asOf: seq)
            return IndexInputs(summaries: summaries, shards: nil, tally: nil)
        }
        let tally = try ledger.indexTally()
        let shards = Set(render.map(DocumentLayout.shardNumber))
        let pages = try ledger.summaries(try ledger.indexPageSummaries(shards: shards), asOf: seq)
        return IndexInputs(summaries: pages, shards: pages.map { DocumentLayout.shardNumber($0.id) }, tally: tally)
    }

    /// The index files that can change when `render` changes (`Documents.index(touching:)`).
    func files(lastSeq: Int64, lastTime: String, touching render: Set<String>) -> [String: String] {
        guard let shards, let tally else {
            return Documents.index(summaries, lastSeq: lastSeq, lastTime: lastTime, touching: render)
        }
        return Documents.index(pages: summaries, shards: shards, tally: tally, lastSeq: lastSeq, lastTime: lastTime,
                               touching: render)
    }
}
