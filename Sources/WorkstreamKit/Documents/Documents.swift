/// Every generated document, by repository path. Pure: the same history gives
/// the same bytes on any machine, in any locale or time zone.
public enum Documents {
    /// The folders ws owns; a file there that ws did not generate is left alone.
    public static let folders = ["Workstreams", "Handoffs", "devlog"]
    public static let header = Doc.header

    /// What stays at the path of a document the log no longer produces (a
    /// workstream renamed, a handoff withdrawn when a conflict was settled).
    /// The file is kept, not deleted: a deletion on one clone against an edit
    /// on another is a modify/delete conflict that stops `git pull`, while two
    /// edits merge through the `ws-generated` driver. The text depends on its
    /// path alone (the link back to the index), so every clone writes the same bytes.
    public static func tombstone(at path: String) -> String {
        Doc.header + "\n\n# No longer generated\n\n"
            + "The log no longer produces this document (its workstream was renamed, or its handoff withdrawn). "
            + "See [the index](\(DocumentLayout.link(from: path, to: indexPath))) for every current document.\n"
    }

    public static func handoffPath(_ w: Workstream, _ layout: DocumentLayout) -> String {
        HandoffDocument.path(w, layout)
    }
    public static func workstreamPath(_ w: Workstream, _ layout: DocumentLayout) -> String {
        Doc.workstreamPath(w, layout)
    }

    public static let indexPath = "Workstreams/README.md"

    /// Every document of a whole history.
    public static func render(_ history: ProjectHistory) -> [String: String] {
        var files = render(history, only: history.state.ordered.map(\.id))
        files.merge(index(history.summaries(), lastSeq: history.lastSeq, lastTime: history.lastTime)) { a, _ in a }
        return files
    }

    /// The documents of the named workstreams (each exactly as a whole rendering
    /// gives it, as long as `history` holds them, their neighbours and theirs).
    public static func render(_ history: ProjectHistory, only ids: [String]) -> [String: String] {
        var files: [String: String] = [:]
        let layout = history.layout
        for id in ids {
            guard let w = history.state[id] else { continue }
            files[Doc.workstreamPath(w, layout)] = WorkstreamDocument.render(w, history: history)
            if w.lifecycle == .completed {
                files[HandoffDocument.path(w, layout)] = HandoffDocument.render(w, history: history)
            }
            for day in DevlogDocument.days(of: w, history: history) {
                files[DevlogDocument.path(w, day: day, layout)] = DevlogDocument.render(w, day: day, history: history)
            }
        }
        return files
    }

    /// The index of every workstream: one file in the flat layout; a summary and
    /// every shard's page in the sharded one.
    public static func index(_ summaries: [WorkstreamSummary], lastSeq: Int64, lastTime: String) -> [String: String] {
        guard DocumentLayout(workstreamCount: summaries.count) == .sharded else {
            return [indexPath: IndexDocument.render(summaries, lastSeq: lastSeq, lastTime: lastTime)]
        }
        let shards = summaries.map { DocumentLayout.shardNumber($0.id) }
        var files = IndexPages.render(summaries, shards: shards, wanted: nil)
        files[indexPath] = IndexSummary.render(summaries, shards: shards, lastSeq: lastSeq, lastTime: lastTime)
        return files
    }

    /// The index files that can change when the workstreams `ids` do: the summary, and in
    /// the sharded layout the pages of their shards (each exactly as `index` gives it).
    public static func index(_ summaries: [WorkstreamSummary], lastSeq: Int64, lastTime: String,
                             touching ids: Set<String>) -> [String: String] {
        guard DocumentLayout(workstreamCount: summaries.count) == .sharded else {
            return index(summaries, lastSeq: lastSeq, lastTime: lastTime)
        }
        // One SHA-256 a workstream, shared by the pages and the summary.
        return index(summaries, shards: summaries.map { DocumentLayout.shardNumber($0.id) }, lastSeq: lastSeq,
                     lastTime: lastTime, touching: ids)
    }

    /// `index(_:lastSeq:lastTime:touching:)` in the sharded layout with each summary's folder
    /// (`DocumentLayout.shardNumber`) already known. Only the `dependsOn` of the touched folders' workstreams
    /// and of their dependents are read (`IndexPages`).
    public static func index(_ summaries: [WorkstreamSummary], shards: [Int], lastSeq: Int64, lastTime: String,
                             touching ids: Set<String>) -> [String: String] {
        index(pages: summaries, shards: shards, tally: IndexTally(summaries, shards: shards), lastSeq: lastSeq,
              lastTime: lastTime, touching: ids)
    }

    /// The same from the summary's counts (`tally`) and, for the pages, only the summaries of the touched
    /// folders' workstreams, their dependents and their dependencies, in position order (`shards` each one's
    /// folder): the pages and the summary are those `index` gives for every workstream.
    public static func index(pages summaries: [WorkstreamSummary], shards: [Int], tally: IndexTally,
                             lastSeq: Int64, lastTime: String, touching ids: Set<String>) -> [String: String] {
        var files = IndexPages.render(summaries, shards: shards, wanted: Set(ids.map(DocumentLayout.shardNumber)))
        files[indexPath] = IndexSummary.render(tally, lastSeq: lastSeq, lastTime: lastTime)
        return files
    }

    /// Which workstream each generated document of `ids` belongs to, by path.
    public static func owners(in history: ProjectHistory, ids: [String]) -> [String: String] {
        var owner: [String: String] = [:]
        let layout = history.layout
        for id in ids {
            guard let w = history.state[id] else { continue }
            owner[Doc.workstreamPath(w, layout)] = id
            if w.lifecycle == .completed { owner[HandoffDocument.path(w, layout)] = id }
            for day in DevlogDocument.days(of: w, history: history) {
                owner[DevlogDocument.path(w, day: day, layout)] = id
            }
        }
        return owner
    }
}
