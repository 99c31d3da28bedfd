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

    /// Commits exactly `changes` on HEAD's branch, on top of whatever the tip is
    /// when the commit is made: the tree is HEAD's tree with these paths
    /// replaced, so a person's staged or unstaged work is never swept in. A tip
    /// that moves meanwhile is retried. Afterwards the work tree files and their
    /// index entries match the commit, and nothing else in the index changes.
    public func commitGenerated(_ changes: [FileChange], message: String, author: CommitIdentity,
                                trace: (String) -> Void = { _ in }) throws -> CommitOutcome {
        guard !isBare, let workdir else {
            throw GitError(code: -1, operation: "commit", message: "\(gitDir.path) is a bare repository; ws commits need a work tree")
        }
        let lock = gitDir.appendingPathComponent("index.lock")
        if FileManager.default.fileExists(atPath: lock.path) {
            throw GitError(code: GIT_ELOCKED.rawValue, operation: "commit",
                           message: "the index is locked (\(lock.path) exists): another git command is running, or one crashed and left it; remove it once no git command runs")
        }
        let branch = try headBranch()
        let signature = try Signature.now(name: author.name, email: author.email)
        var outcome = CommitOutcome.unchanged
        var blobIDs: [String: git_oid] = [:]
        for attempt in 1...20 {
            let tip = try headCommit()
            // The new objects are written without an fsync each and made durable together,
            // before the branch points at them: ten fsyncs cost more than the rest of a commit.
            LibGit2.fsyncEachFile(false)
            defer { LibGit2.fsyncEachFile(true) }
            let base = try tip?.tree() ?? emptyTree()
            let (tree, blobs) = try updatedTree(base, with: changes)
            blobIDs = blobs
            trace("tree")
            if tree.id == base.id && tip != nil { outcome = .unchanged; break }
            var commitOid = git_oid()
            var treeOid = tree.id.raw
            var treeObject: OpaquePointer?
            try check(git_tree_lookup(&treeObject, pointer, &treeOid), "look up new tree")
            defer { git_tree_free(treeObject) }
            var parents: [OpaquePointer?] = tip.map { [$0.pointer] } ?? []
            try check(git_commit_create(&commitOid, pointer, nil, signature.pointer, signature.pointer, "UTF-8", message,
                                        treeObject, parents.count, &parents), "create commit")
            try syncObjects()
            LibGit2.fsyncEachFile(true)
            var ref: OpaquePointer?
            let rc: Int32
            if let tip {
                var expected = tip.id.raw
                rc = git_reference_create_matching(&ref, pointer, branch, &commitOid, 1, &expected, "ws: \(firstLine(message))")
            } else {
                rc = git_reference_create(&ref, pointer, branch, &commitOid, 0, "ws: \(firstLine(message))")
            }
            git_reference_free(ref)
            if (rc == GIT_EMODIFIED.rawValue || rc == GIT_EEXISTS.rawValue) && attempt < 20 { continue } // the tip moved: build on the new one
            try check(rc, "update \(branch)")
            outcome = .committed(ObjectID(commitOid))
            break
        }
        trace("commit object and ref")
        try syncWorkTree(changes, workdir: workdir, blobIDs: blobIDs, trace: trace)
        return outcome
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

    /// Writes the files to the work tree and points their index entries at them,
    /// leaving every other index entry as it was.
    /// `blobIDs` are the ids of contents already written as blobs: their entries
    /// are made from the file's stat data, as git would, without reading the
    /// file back to hash it again (a 10,000-row index document is megabytes).
    public func syncWorkTree(_ changes: [FileChange], workdir: URL, blobIDs: [String: git_oid] = [:],
                             trace: (String) -> Void = { _ in }) throws {
        var out: OpaquePointer?
        try check(git_repository_index(&out, pointer), "open index")
        guard let out else { return }
        let index = Index(out)
        // Opening read the index already; read again only if it changed on disk since (not forced:
        // a 26,000-entry index takes tens of milliseconds to parse and checksum).
        try check(git_index_read(index.pointer, 0), "read index")
        trace("read index")
        for change in changes {
            let url = workdir.appendingPathComponent(change.path)
            if let content = change.content, change.indexOnly {
                var entry = git_index_entry()
                entry.mode = UInt32(GIT_FILEMODE_BLOB.rawValue)
                try change.path.withCString { cPath in
                    entry.path = cPath
                    try content.withUnsafeBytes { buffer in
                        try check(git_index_add_from_buffer(index.pointer, &entry, buffer.baseAddress, buffer.count), "stage \(change.path)")
                    }
                }
            } else if let content = change.content {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try content.write(to: url, options: .atomic)
                if let id = blobIDs[change.path] {
                    try stage(change.path, at: url, id: id, in: index)
                } else {
                    try check(git_index_add_bypath(index.pointer, change.path), "stage \(change.path)")
                }
            } else {
                try? FileManager.default.removeItem(at: url)
                let rc = git_index_remove_bypath(index.pointer, change.path)
                if rc != GIT_ENOTFOUND.rawValue { try check(rc, "unstage \(change.path)") }
            }
        }
        trace("write work tree files")
        // The index is a cache of the work tree, rebuilt by git from HEAD if lost: git does not fsync it either.
        LibGit2.fsyncEachFile(false)
        defer { LibGit2.fsyncEachFile(true) }
        try check(git_index_write(index.pointer), "write index")
        trace("write index")
    }

    /// An index entry for a file just written whose blob id is known.
    private func stage(_ path: String, at url: URL, id: git_oid, in index: Index) throws {
        var st = stat()
        guard stat(url.path, &st) == 0 else {
            throw GitError(code: -1, operation: "stage \(path)", message: "cannot stat \(url.path): \(String(cString: strerror(errno)))")
        }
        var entry = git_index_entry()
        entry.ctime = git_index_time(seconds: Int32(truncatingIfNeeded: st.st_ctim.tv_sec), nanoseconds: UInt32(truncatingIfNeeded: st.st_ctim.tv_nsec))
        entry.mtime = git_index_time(seconds: Int32(truncatingIfNeeded: st.st_mtim.tv_sec), nanoseconds: UInt32(truncatingIfNeeded: st.st_mtim.tv_nsec))
        entry.dev = UInt32(truncatingIfNeeded: st.st_dev)
        entry.ino = UInt32(truncatingIfNeeded: st.st_ino)
        entry.mode = UInt32(GIT_FILEMODE_BLOB.rawValue)
        entry.uid = st.st_uid
        entry.gid = st.st_gid
        entry.file_size = UInt32(truncatingIfNeeded: st.st_size)
        entry.id = id
        try path.withCString { cPath in
            entry.path = cPath
            try check(git_index_add(index.pointer, &entry), "stage \(path)")
        }
    }

    /// HEAD's tree with the changes applied, and the blob id of each new content by path.
    func updatedTree(_ base: Tree, with changes: [FileChange]) throws -> (Tree, [String: git_oid]) {
        var blobs: [String: git_oid] = [:]
        var updates: [git_tree_update] = []
        var paths: [UnsafeMutablePointer<CChar>] = []
        defer { paths.forEach { free($0) } }
        for change in changes {
            guard let cPath = strdup(change.path) else { continue }
            paths.append(cPath)
            if let content = change.content {
                var oid = git_oid()
                try content.withUnsafeBytes { buffer in
                    try check(git_blob_create_from_buffer(&oid, pointer, buffer.baseAddress, buffer.count), "write blob \(change.path)")
                }
                blobs[change.path] = oid
                updates.append(git_tree_update(action: GIT_TREE_UPDATE_UPSERT, id: oid, filemode: GIT_FILEMODE_BLOB, path: cPath))
            } else if try exists(change.path, in: base) {
                updates.append(git_tree_update(action: GIT_TREE_UPDATE_REMOVE, id: git_oid(), filemode: GIT_FILEMODE_BLOB, path: cPath))
            }
        }
        var oid = git_oid()
        try check(git_tree_create_updated(&oid, pointer, base.pointer, updates.count, &updates), "build tree")
        return (try lookupTree(ObjectID(oid)), blobs)
    }

    private func exists(_ path: String, in tree: Tree) throws -> Bool {
        var entry: OpaquePointer?
        let rc = git_tree_entry_bypath(&entry, tree.pointer, path)
        if rc == GIT_ENOTFOUND.rawValue { return false }
        try check(rc, "find \(path)")
        git_tree_entry_free(entry)
        return true
    }

    private func firstLine(_ s: String) -> String { s.split(separator: "\n").first.map(String.init) ?? s }
}
