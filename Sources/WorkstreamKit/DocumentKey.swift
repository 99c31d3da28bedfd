/// Every document of a workstream is named `<id>-<slug of its title>` (in
/// Workstreams/, Handoffs/ and devlog/), and its journal `<id>.jsonl`. Ids may
/// hold '-', so `a` titled "b c" and `a-b` titled "c" would share every
/// document; `Case1` and `case1` would share a journal on a case-insensitive
/// file system. The decider refuses a workstream (or a new title) whose names
/// would collide with another's, compared without case.
public enum DocumentKey {
    public static func key(id: String, title: String) -> String { (id + "-" + Doc.slug(title)).lowercased() }

    /// The ids (lowercased) of workstreams whose documents could collide with this one's:
    /// its own id, and every prefix of its key that ends where a '-' follows.
    public static func candidates(id: String, title: String) -> [String] {
        let key = key(id: id, title: title)
        var result = [id.lowercased()]
        var prefix = ""
        for ch in key {
            if ch == "-" && !prefix.isEmpty { result.append(prefix) }
            prefix.append(ch)
        }
        return Array(Set(result))
    }

    /// Another workstream of `state` that `id` titled `title` would share documents or a journal with.
    public static func collision(id: String, title: String, in state: WorkspaceState, ignoring: Set<String> = []) -> Workstream? {
        let mine = key(id: id, title: title)
        let lowerId = id.lowercased()
        return state.workstreams.values.filter { w in
            w.id != id && !ignoring.contains(w.id) && (w.id.lowercased() == lowerId || key(id: w.id, title: w.title) == mine)
        }.min { $0.id < $1.id }
    }

    static func refusal(id: String, title: String, other: Workstream) -> Refusal {
        if other.id.lowercased() == id.lowercased() {
            return .invalid("\(id) differs from the existing workstream \(other.id) only in case; their files would collide on a case-insensitive file system. Choose another id.")
        }
        return .invalid("\(id) titled '\(Text.clip(title, 60))' would share its documents (Workstreams/\(id)-\(Doc.slug(title)).md) with \(other.id) titled '\(Text.clip(other.title, 60))'. Choose another id or title.")
    }
}
