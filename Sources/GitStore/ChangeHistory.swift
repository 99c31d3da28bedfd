import CLibGit2
import Foundation

/// What a piece of work changed in the repository: the commits HEAD gained
/// since a base commit (or, without one, since a time) and the files they
/// changed, for a completion's evidence. Read-only.
public struct ChangeSummary: Equatable, Sendable {
    public struct CommitInfo: Equatable, Sendable {
        public var id: String
        public var summary: String
        public var author: String
    }
    public var head: String?
    /// The commit the changes are counted from (the one given, or the newest before `since`).
    public var base: String?
    /// Oldest first.
    public var commits: [CommitInfo]
    public var files: [String]
    public var truncated: Bool
}

extension Repository {
    /// The commits reachable from HEAD but not from `base` (when `base` is nil: those committed
    /// at or after `since`, seconds since 1970), skipping commits that only touched paths
    /// `ignore` accepts (ws's own documents), and the files changed from the base's tree to HEAD's,
    /// `ignore`d ones left out. At most `limit` of each; `truncated` says when there were more.
    public func changes(since base: String?, orTime since: Int64?, limit: Int, ignore: (String) -> Bool) throws -> ChangeSummary {
        guard let head = try headCommit() else { return ChangeSummary(head: nil, base: base, commits: [], files: [], truncated: false) }
        var baseOid = git_oid()
        let knownBase = base.map { $0.count == 40 && git_oid_fromstr(&baseOid, $0) == 0 } ?? false
        var commits: [ChangeSummary.CommitInfo] = []
        var truncated = false
        var oldest: Commit?
        // After a rewrite (an amend, a rebase) the base is no ancestor of HEAD: hiding it stops the walk where the
        // histories meet, not at the root (every commit of the project, each compared with its parent).
        let hidden = knownBase && (try? lookupCommit(ObjectID(baseOid))) != nil ? baseOid : nil
        try walkFirstParents(from: head, hiding: hidden) { oid in
            if knownBase && git_oid_equal(&oid, &baseOid) != 0 { return false }
            let commit = try lookupCommit(ObjectID(oid))
            if !knownBase, let since, Int64(git_commit_time(commit.pointer)) < since { return false }
            oldest = commit
            guard try touchesWork(commit, ignore: ignore) else { return true }
            if commits.count >= limit { truncated = true; return true }
            let author = git_commit_author(commit.pointer).flatMap { $0.pointee.name.map { String(cString: $0) } } ?? ""
            let summary = commit.message.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? ""
            commits.append(.init(id: commit.id.description, summary: summary, author: author))
            return true
        }
        let from: Commit? = knownBase ? try lookupCommit(ObjectID(baseOid)) : try oldest.flatMap { try parent(of: $0) }
        var files = try changedPaths(from: from?.tree(), to: head.tree()).filter { !ignore($0) }
        if files.count > limit { files = Array(files.prefix(limit)); truncated = true }
        return ChangeSummary(head: head.id.description, base: from?.id.description, commits: commits.reversed(), files: files, truncated: truncated)
    }

    func parent(of commit: Commit) throws -> Commit? {
        guard git_commit_parentcount(commit.pointer) > 0 else { return nil }
        return Commit(try made("first parent of \(commit.id)") { git_commit_parent(&$0, commit.pointer, 0) })
    }

    /// Whether a commit changed any path `ignore` does not accept (against its first parent).
    func touchesWork(_ commit: Commit, ignore: (String) -> Bool) throws -> Bool {
        try changedPaths(from: try parent(of: commit)?.tree(), to: commit.tree()).contains { !ignore($0) }
    }

    /// Paths added, changed or deleted between the tree of commit `id` and HEAD's (blob ids compared, equal
    /// subtrees skipped), or nil when `id` is not a commit here (collected as garbage, or never fetched).
    public func headChangedPaths(since id: String) throws -> [String]? {
        var oid = git_oid()
        guard id.count == 40, git_oid_fromstr(&oid, id) == 0, let head = try headCommit(),
              let old = try? lookupCommit(ObjectID(oid)) else { return nil }
        return try changedPaths(from: old.tree(), to: head.tree())
    }
}
