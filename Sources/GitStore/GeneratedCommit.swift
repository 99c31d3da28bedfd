import CLibGit2
import Foundation

/// One generated file to put in a commit: its new content, or nil to remove it.
public struct FileChange: Equatable, Sendable {
    public var path: String
    public var content: Data?
    /// Commit and stage this content, but leave the work tree file (a person's own edits) alone.
    public var indexOnly: Bool
    public init(path: String, content: Data?, indexOnly: Bool = false) { self.path = path; self.content = content; self.indexOnly = indexOnly }
}

public struct CommitIdentity: Equatable, Sendable {
    public var name: String
    public var email: String
    public init(name: String, email: String) { self.name = name; self.email = email }
}

extension Repository {
    public enum CommitOutcome: Equatable, Sendable {
        case committed(ObjectID)
        /// HEAD's tree already holds exactly these files.
        case unchanged
    }

    /// Moments of a commit a test can stop at (`kill -9` in the CLI's hook).
    public enum CommitStep: Sendable {
        /// ws holds the index lock (and, for a commit, the branch lock) and has written nothing yet.
        case indexLocked
        /// The index holds the new commit's files; the branch has not moved yet.
        case indexWritten
    }

    /// Commits exactly `changes` on HEAD's branch, on top of whatever the tip is when the commit
    /// is made: the tree is HEAD's tree with these paths replaced, so a person's staged or
    /// unstaged work is never swept in. Commit and index are one step: with the index locked and
    /// then the branch locked at the tip the tree was built on (git's own order, so a `git commit`
    /// that holds the index is waited for, never made to fail), the work tree files and their
    /// index entries are written first (and every `generated` entry that drifted from the new
    /// tree is put back), and only then does the branch move. Cut off in between, the index holds
    /// the new files staged, which a person's commit can only add to and the next ws commit
    /// completes; the other way round (the branch first) the index kept the old files in 8 of 48
    /// `kill -9` runs, and a person's next `git commit` reverted ws's work. A tip that moves
    /// meanwhile is retried.
    /// `committer` (the person whose clone this is) defaults to `author`. While a merge, rebase,
    /// cherry-pick or revert is under way nothing is committed (`GitError.isMidOperation`).
    public func commitGenerated(_ changes: [FileChange], message: String, author: CommitIdentity,
                                committer: CommitIdentity? = nil,
                                generated: GeneratedPaths? = nil, trace: (String) -> Void = { _ in },
                                checkpoint: (CommitStep) -> Void = { _ in }) throws -> CommitOutcome {
        guard !isBare, let workdir else {
            throw GitError(code: -1, operation: "commit", message: "\(gitDir.path) is a bare repository; ws commits need a work tree")
        }
        if let operation = operationInProgress { throw GitError.midOperation(operation) }
        let work = try GitWork(commonDir: commonDir)
        removedStaleLocks += work.removed
        // Checked again under ws's lock: a merge that began meanwhile is the person's index now.
        if let operation = operationInProgress { throw GitError.midOperation(operation) }
        let branch = try headBranch()
        let authorSignature = try Signature.now(name: author.name, email: author.email)
        let committed = committer ?? author
        let signature = try Signature.now(name: committed.name, email: committed.email)
        for _ in 1...20 {
            let tip = try headCommit()
            let base = try tip?.tree() ?? emptyTree()
            let (tree, blobs) = try withoutEachFsync { try updatedTree(base, with: changes) }
            trace("tree")
            if tree.id == base.id && (tip != nil || changes.isEmpty) {
                // Nothing to commit; the work tree and the index are still brought in step with HEAD.
                let lock = try IndexLock(gitDir: gitDir, work: work)
                checkpoint(.indexLocked)
                try updateIndex(changes, blobIDs: blobs, target: tree, history: tip, generated: generated,
                                workdir: workdir, lock: lock, trace: trace)
                lock.release()
                return .unchanged
            }
            let commit = try withoutEachFsync {
                try createCommit(tree: tree, parent: tip, author: authorSignature, committer: signature, message: message)
            }
            try syncObjects()
            try ensureStored(tree, changes: changes, blobs: blobs)
            let lock = try IndexLock(gitDir: gitDir, work: work)
            let ref = try RefLock(self, branch: branch, writing: commit, work: work)
            checkpoint(.indexLocked)
            // Moved between reading the tip and locking it: build on the new one.
            guard try ref.target() == tip?.id else { continue }
            try updateIndex(changes, blobIDs: blobs, target: tree, history: tip, generated: generated,
                            workdir: workdir, lock: lock, trace: trace)
            checkpoint(.indexWritten)
            try ref.move(to: commit, signature: signature, message: "ws: \(firstLine(message))")
            lock.release()
            trace("commit object and ref")
            return .committed(commit)
        }
        throw GitError(code: GIT_EMODIFIED.rawValue, operation: "update \(branch)", message: "\(branch) moved 20 times while ws committed; run the command again")
    }

    /// The new objects are written without an fsync each and made durable together (`syncObjects`),
    /// before the branch points at them: ten fsyncs cost more than the rest of a commit.
    private func withoutEachFsync<T>(_ body: () throws -> T) rethrows -> T {
        LibGit2.fsyncEachFile(false)
        defer { LibGit2.fsyncEachFile(true) }
        return try body()
    }

    /// Every object the new tree adds is in the object database before a branch names it. On a
    /// nearly full disk (a 3 MB tmpfs, filled to a few KB), an object of a tree libgit2 had just
    /// built could not be read back twice ("object not found"); a commit naming a missing object
    /// would break the repository. A few stats: the blobs and the folders along the changed paths.
    private func ensureStored(_ tree: Tree, changes: [FileChange], blobs: [String: git_oid]) throws {
        let odb = ObjectDatabase(try made("open the object database") { git_repository_odb(&$0, pointer) })
        var ids = Array(blobs.values)
        var folders = Set<String>()
        for change in changes {
            var parts = change.path.split(separator: "/").dropLast()
            while !parts.isEmpty { folders.insert(parts.joined(separator: "/")); parts = parts.dropLast() }
        }
        // A folder emptied by a removal is not there.
        for folder in folders { if let id = try tree.entryID(folder) { ids.append(id.raw) } }
        for id in ids where !odb.contains(id) {
            throw GitError(code: -1, operation: "write objects", message: "object \(ObjectID(id)) was not stored (is the disk full?); nothing was committed")
        }
    }

    private func createCommit(tree: Tree, parent: Commit?, author: Signature, committer: Signature,
                              message: String) throws -> ObjectID {
        var commitOid = git_oid()
        var parents: [OpaquePointer?] = parent.map { [$0.pointer] } ?? []
        try check(git_commit_create(&commitOid, pointer, nil, author.pointer, committer.pointer, "UTF-8", message,
                                    tree.pointer, parents.count, &parents), "create commit")
        return ObjectID(commitOid)
    }

    /// Flushes the file system that holds the object database (syncfs): every
    /// object written since is on disk before a ref names it.
    private func syncObjects() throws {
        // Objects live in the common directory, which a linked worktree shares with the main one.
        guard let common = git_repository_commondir(pointer) else {
            throw GitError(code: -1, operation: "sync objects", message: "libgit2 names no common git directory")
        }
        let objects = URL(fileURLWithPath: String(cString: common)).appendingPathComponent("objects").path
        let fd = open(objects, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw GitError(code: -1, operation: "sync objects", message: "cannot open \(objects): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        // A file system that cannot sync on its own gets the global flush instead.
        if syncfs(fd) != 0 { sync() }
    }

    /// HEAD's tree with the changes applied, and the blob id of each new content by path.
    func updatedTree(_ base: Tree, with changes: [FileChange]) throws -> (Tree, [String: git_oid]) {
        // What a peer put in the way goes first: libgit2 refuses a file where a folder is, and the reverse.
        let cleared = try obstacles(in: base, for: changes)
        let base = cleared.isEmpty ? base : try removing(cleared, from: base)
        var blobs: [String: git_oid] = [:]
        var updates: [git_tree_update] = []
        var paths: [UnsafeMutablePointer<CChar>] = []
        defer { paths.forEach { free($0) } }
        for change in changes {
            guard let cPath = strdup(change.path) else { continue }
            paths.append(cPath)
            if let content = change.content {
                var oid = git_oid()
                _ = try content.withUnsafeBytes { buffer in
                    try check(git_blob_create_from_buffer(&oid, pointer, buffer.baseAddress, buffer.count), "write blob \(change.path)")
                }
                blobs[change.path] = oid
                updates.append(git_tree_update(action: GIT_TREE_UPDATE_UPSERT, id: oid, filemode: GIT_FILEMODE_BLOB, path: cPath))
            } else if try base.entryID(change.path) != nil {
                updates.append(git_tree_update(action: GIT_TREE_UPDATE_REMOVE, id: git_oid(), filemode: GIT_FILEMODE_BLOB, path: cPath))
            }
        }
        var oid = git_oid()
        try check(git_tree_create_updated(&oid, pointer, base.pointer, updates.count, &updates), "build tree")
        return (try lookupTree(ObjectID(oid)), blobs)
    }

    private func removing(_ paths: [String], from base: Tree) throws -> Tree {
        let cPaths = paths.compactMap { strdup($0) }
        defer { cPaths.forEach { free($0) } }
        var updates = cPaths.map {
            git_tree_update(action: GIT_TREE_UPDATE_REMOVE, id: git_oid(), filemode: GIT_FILEMODE_BLOB, path: $0)
        }
        var oid = git_oid()
        try check(git_tree_create_updated(&oid, pointer, base.pointer, updates.count, &updates), "clear the way")
        return try lookupTree(ObjectID(oid))
    }

    private func firstLine(_ s: String) -> String { s.split(separator: "\n").first.map(String.init) ?? s }
}
