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
    /// edits merge through the `ws-generated` driver. The text depends on
    /// nothing, so every clone writes the same bytes.
    public static let tombstone = Doc.header + "\n\n# No longer generated\n\n"
        + "The log no longer produces this document (its workstream was renamed, or its handoff withdrawn). "
        + "See [the index](\(indexPathFromFolders)) for every current document.\n"
    static let indexPathFromFolders = "../Workstreams/README.md"

    public static func handoffPath(_ w: Workstream) -> String { HandoffDocument.path(w) }
    public static func workstreamPath(_ w: Workstream) -> String { Doc.workstreamPath(w) }

    public static let indexPath = "Workstreams/README.md"

    /// Every document of a whole history.
    public static func render(_ history: ProjectHistory) -> [String: String] {
        var files = render(history, only: history.state.ordered.map(\.id))
        files[indexPath] = index(history.summaries(), lastSeq: history.lastSeq, lastTime: history.lastTime)
        return files
    }

    /// The documents of the named workstreams (each exactly as a whole rendering
    /// gives it, as long as `history` holds them, their neighbours and theirs).
    public static func render(_ history: ProjectHistory, only ids: [String]) -> [String: String] {
        var files: [String: String] = [:]
        for id in ids {
            guard let w = history.state[id] else { continue }
            files[Doc.workstreamPath(w)] = WorkstreamDocument.render(w, history: history)
            if w.lifecycle == .completed { files[HandoffDocument.path(w)] = HandoffDocument.render(w, history: history) }
            for day in DevlogDocument.days(of: w, history: history) {
                files[DevlogDocument.path(w, day: day)] = DevlogDocument.render(w, day: day, history: history)
            }
        }
        return files
    }

    public static func index(_ summaries: [WorkstreamSummary], lastSeq: Int64, lastTime: String) -> String {
        IndexDocument.render(summaries, lastSeq: lastSeq, lastTime: lastTime)
    }

    /// Which workstream each generated document of `ids` belongs to, by path.
    public static func owners(in history: ProjectHistory, ids: [String]) -> [String: String] {
        var owner: [String: String] = [:]
        for id in ids {
            guard let w = history.state[id] else { continue }
            owner[Doc.workstreamPath(w)] = id
            if w.lifecycle == .completed { owner[HandoffDocument.path(w)] = id }
            for day in DevlogDocument.days(of: w, history: history) { owner[DevlogDocument.path(w, day: day)] = id }
        }
        return owner
    }
}
