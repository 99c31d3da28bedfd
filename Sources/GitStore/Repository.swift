import CLibGit2
import Foundation

/// A git repository opened with libgit2. Owns the `git_repository` handle.
public final class Repository {
    let pointer: OpaquePointer

    /// Opens the repository containing `path` (searching upward, like git does).
    public init(discoveringFrom path: URL) throws {
        try LibGit2.ensureReady()
        pointer = try made("open repository at \(path.path)") { git_repository_open_ext(&$0, path.path, 0, nil) }
    }

    deinit { git_repository_free(pointer) }

    public var isBare: Bool { git_repository_is_bare(pointer) != 0 }

    /// A merge, rebase, cherry-pick or revert is under way: the index is the person's work in progress.
    public var isMidOperation: Bool { git_repository_state(pointer) != Int32(GIT_REPOSITORY_STATE_NONE.rawValue) }

    /// The work tree, or nil for a bare repository.
    public var workdir: URL? { git_repository_workdir(pointer).map { URL(fileURLWithPath: String(cString: $0)) } }

    /// This worktree's git directory (where its index lives).
    public var gitDir: URL { URL(fileURLWithPath: String(cString: git_repository_path(pointer))) }

    /// The directory every worktree of the clone shares (objects, branches); `gitDir` for the main one.
    public var commonDir: URL {
        git_repository_commondir(pointer).map { URL(fileURLWithPath: String(cString: $0)) } ?? gitDir
    }

    /// Locks a killed ws left, which a ws command of this process removed (see `GitWork`), for the CLI to mention.
    public internal(set) var removedStaleLocks: [String] = []

    /// The branch HEAD names (`refs/heads/main`), also before its first commit.
    public func headBranch() throws -> String {
        var ref: OpaquePointer?
        try check(git_reference_lookup(&ref, pointer, "HEAD"), "look up HEAD")
        defer { git_reference_free(ref) }
        guard let target = git_reference_symbolic_target(ref) else {
            throw GitError(code: -1, operation: "read HEAD", message: "HEAD is detached; check out a branch so ws can commit on it")
        }
        return String(cString: target)
    }

    /// The commit HEAD points at, or nil on an unborn branch.
    func headCommit() throws -> Commit? {
        var ref: OpaquePointer?
        let rc = git_repository_head(&ref, pointer)
        if rc == GIT_EUNBORNBRANCH.rawValue || rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "resolve HEAD")
        defer { git_reference_free(ref) }
        guard let oid = git_reference_target(ref) else { return nil }
        return try lookupCommit(ObjectID(oid.pointee))
    }

    public func headCommitID() throws -> ObjectID? { try headCommit()?.id }

    func lookupCommit(_ id: ObjectID) throws -> Commit {
        var oid = id.raw
        return Commit(try made("look up commit \(id)") { git_commit_lookup(&$0, pointer, &oid) })
    }

    func lookupTree(_ id: ObjectID) throws -> Tree {
        var oid = id.raw
        return Tree(try made("look up tree \(id)") { git_tree_lookup(&$0, pointer, &oid) })
    }

    func emptyTree() throws -> Tree {
        var builder: OpaquePointer?
        try check(git_treebuilder_new(&builder, pointer, nil), "new tree builder")
        defer { git_treebuilder_free(builder) }
        var oid = git_oid()
        try check(git_treebuilder_write(&oid, builder), "write empty tree")
        return try lookupTree(ObjectID(oid))
    }

    /// The first value `pick` finds in the messages of HEAD's first-parent line,
    /// newest first, looking at `limit` commits at most.
    public func firstInMessages<T>(limit: Int, _ pick: (String) -> T?) throws -> T? {
        guard let head = try headCommit() else { return nil }
        var seen = 0
        var found: T?
        try walkFirstParents(from: head) { oid in
            guard seen < limit else { return false }
            seen += 1
            found = pick(try lookupCommit(ObjectID(oid)).message)
            return found == nil
        }
        return found
    }

    /// The one walk of `head`'s first-parent line, newest first (`changes`, `indexDrift` and
    /// `firstInMessages` read it): `visit` sees each commit's id and says whether to go on.
    /// `hiding`: a commit whose ancestors (itself included) are not visited.
    func walkFirstParents(from head: Commit, hiding: git_oid? = nil, _ visit: (inout git_oid) throws -> Bool) throws {
        var walk: OpaquePointer?
        try check(git_revwalk_new(&walk, pointer), "revwalk")
        defer { git_revwalk_free(walk) }
        git_revwalk_simplify_first_parent(walk)
        var start = head.id.raw
        try check(git_revwalk_push(walk, &start), "revwalk push")
        if var hidden = hiding { try check(git_revwalk_hide(walk, &hidden), "revwalk hide") }
        var oid = git_oid()
        while git_revwalk_next(&oid, walk) == 0 {
            guard try visit(&oid) else { return }
        }
    }

    /// The content of `path` in HEAD's tree, or nil when it is not there.
    public func headFile(_ path: String) throws -> Data? {
        guard let id = try headCommit()?.tree().entryID(path, type: GIT_OBJECT_BLOB) else { return nil }
        return try blob(id.raw)
    }

    /// HEAD's tree as it is now, to look many paths up in (nil on an unborn branch).
    public final class Snapshot {
        let tree: Tree?
        init(tree: Tree?) { self.tree = tree }

        /// The blob id of `path`, without reading the blob.
        public func fileID(_ path: String) throws -> ObjectID? { try tree?.entryID(path) }
    }

    public func headSnapshot() throws -> Snapshot { Snapshot(tree: try headCommit()?.tree()) }

    /// The id git would give `data` as a blob (nothing is written).
    public func blobID(of data: Data) throws -> ObjectID {
        var oid = git_oid()
        try data.withUnsafeBytes { buffer in
            _ = try check(git_odb_hash(&oid, buffer.baseAddress, buffer.count, GIT_OBJECT_BLOB), "hash blob")
        }
        return ObjectID(oid)
    }

    /// Whether HEAD is `ancestor` or descends from it (a pull or a merge moved forward, not a checkout
    /// or a reset); false for ids that are not commits here.
    public func headDescends(from ancestor: String) throws -> Bool {
        guard let head = try headCommit() else { return false }
        var old = git_oid()
        guard ancestor.count == 40, git_oid_fromstr(&old, ancestor) == 0 else { return false }
        var new = head.id.raw
        if git_oid_equal(&new, &old) != 0 { return true }
        return git_graph_descendant_of(pointer, &new, &old) == 1
    }

    /// Every file path under `directory` in HEAD's tree.
    public func headFiles(under directory: String) throws -> [String] {
        guard let sub = try headFolder(directory) else { return [] }
        return try files(in: sub, prefix: directory)
    }

    /// The blob id (hex) of each file under `directory` in HEAD's tree, by path relative to it (`name`, or
    /// `folder/name` one level down, where a large project keeps its journals): what changed since an earlier look.
    public func headBlobIDs(under directory: String) throws -> [String: String] {
        guard let sub = try headFolder(directory) else { return [:] }
        var result: [String: String] = [:]
        try blobIDs(in: sub, prefix: "", depth: 1, into: &result)
        return result
    }

    private func blobIDs(in tree: Tree, prefix: String, depth: Int, into result: inout [String: String]) throws {
        for i in 0..<git_tree_entrycount(tree.pointer) {
            guard let e = git_tree_entry_byindex(tree.pointer, i) else { continue }
            let name = prefix + String(cString: git_tree_entry_name(e))
            let id = ObjectID(git_tree_entry_id(e).pointee)
            switch git_tree_entry_type(e) {
            // A symlink is a blob too: its text is a path, never a journal to read (red team F2).
            case GIT_OBJECT_BLOB where Self.kind(git_tree_entry_filemode(e)) == .file: result[name] = id.description
            case GIT_OBJECT_TREE where depth > 0:
                try blobIDs(in: lookupTree(id), prefix: name + "/", depth: depth - 1, into: &result)
            default: continue
            }
        }
    }

    /// The tree of `directory` in HEAD, or nil when HEAD has no such folder.
    private func headFolder(_ directory: String) throws -> Tree? {
        try headCommit()?.tree().entryID(directory, type: GIT_OBJECT_TREE).map(lookupTree)
    }

    private func files(in tree: Tree, prefix: String) throws -> [String] {
        var result: [String] = []
        for i in 0..<git_tree_entrycount(tree.pointer) {
            guard let e = git_tree_entry_byindex(tree.pointer, i) else { continue }
            let path = prefix + "/" + String(cString: git_tree_entry_name(e))
            if git_tree_entry_type(e) == GIT_OBJECT_TREE {
                result += try files(in: lookupTree(ObjectID(git_tree_entry_id(e).pointee)), prefix: path)
            } else {
                result.append(path)
            }
        }
        return result
    }
}
