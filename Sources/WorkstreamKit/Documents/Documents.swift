/// Every generated document, by repository path. Pure: the same history gives
/// the same bytes on any machine, in any locale or time zone.
public enum Documents {
    /// The folders ws owns; a file there that ws did not generate is left alone.
    public static let folders = ["Workstreams", "Handoffs", "devlog"]
    public static let header = Doc.header

    public static func handoffPath(_ w: Workstream) -> String { HandoffDocument.path(w) }
    public static func workstreamPath(_ w: Workstream) -> String { Doc.workstreamPath(w) }

    public static func render(_ history: ProjectHistory) -> [String: String] {
        var files: [String: String] = ["Workstreams/README.md": IndexDocument.render(history)]
        for w in history.state.ordered {
            files[Doc.workstreamPath(w)] = WorkstreamDocument.render(w, history: history)
            if w.lifecycle == .completed { files[HandoffDocument.path(w)] = HandoffDocument.render(w, history: history) }
            for day in DevlogDocument.days(of: w, history: history) {
                files[DevlogDocument.path(w, day: day)] = DevlogDocument.render(w, day: day, history: history)
            }
        }
        return files
    }
}
