import CLibGit2
import Foundation
import Spawning

extension Repository {
    /// Under git's index lock (`lock`, held by the caller): writes the changed files to the work
    /// tree, points their index entries at them, and puts back every generated entry that drifted
    /// from `target` (see `drift`). The index is read after the lock was taken and replaced before
    /// it is let go, so a `git add` running meanwhile is never lost; every other entry stays as it was.
    /// `blobIDs` are the ids of contents already written as blobs: their entries are made from
    /// the file's stat data, as git would, without reading the file back to hash it again (a
    /// 10,000-row index document is megabytes). Returns the drifted entries it put back.
    @discardableResult
    func updateIndex(_ changes: [FileChange], blobIDs: [String: git_oid], target: Tree?, history: Commit?,
                     generated: GeneratedPaths?, workdir: URL, lock: IndexLock, trace: (String) -> Void) throws -> [IndexDrift] {
        let scratch = gitDir.appendingPathComponent("ws-index").path
        // Gone before the lock goes: the next holder uses the same names.
        defer {
            unlink(scratch + ".lock")
            unlink(scratch)
        }
        // No drift to put back: the changed entries are spliced into the index's bytes (`spliceIndex`).
        if generated == nil || target == nil,
           try spliceIndex(changes, blobIDs: blobIDs, workdir: workdir, scratch: scratch, lock: lock, trace: trace) {
            return []
        }
        let index = try openScratchIndex(scratch)
        // Back to the real index for this handle's later use (it returns 0 whatever it is given).
        defer { _ = git_repository_set_index(pointer, nil) }
        trace("read index")
        for change in changes { try apply(change, to: index, workdir: workdir, blobIDs: blobIDs) }
        trace("write work tree files")
        var drifted: [DriftedEntry] = []
        if let generated, let target, !isMidOperation {
            drifted = try drift(in: index, against: target, history: history, generated: generated)
            for entry in drifted { try restore(entry, in: index, workdir: workdir) }
            trace("compare generated entries with the commit: \(drifted.count) put back")
        }
        guard !changes.isEmpty || !drifted.isEmpty else { return [] } // nothing to write: the index stays as it is
        // The index is a cache of the work tree, rebuilt by git from HEAD if lost: git does not fsync
        // it either. Lost in a power cut after the branch moved, it is drift, which the next ws command puts back.
        LibGit2.fsyncEachFile(false)
        defer { LibGit2.fsyncEachFile(true) }
        try check(git_index_write(index.pointer), "write index")
        try lock.replaceIndex(with: scratch)
        trace("write index")
        return drifted.map(\.drift)
    }

    /// The index as it is on disk, as an index object of its own at `scratch` (a hard link of the
    /// index, or a copy where links fail), made this handle's index so that libgit2 treats it as the
    /// repository's (racy entries, capabilities). libgit2 writes it to `scratch`, never to
    /// `index.lock`, which ws holds itself.
    private func openScratchIndex(_ scratch: String) throws -> Index {
        let real = gitDir.appendingPathComponent("index").path
        // Left by a killed ws: only ws, under the index lock, uses these names.
        unlink(scratch)
        unlink(scratch + ".lock")
        if link(real, scratch) != 0 && errno != ENOENT {
            guard let data = FileManager.default.contents(atPath: real) else {
                throw GitError(code: -1, operation: "read index", message: "cannot read \(real)")
            }
            try writeFile(data, to: scratch, naming: real)
        }
        let index = Index(try made("read index") { git_index_open(&$0, scratch) })
        try check(git_repository_set_index(pointer, index.pointer), "use index")
        try check(git_index_set_caps(index.pointer, Int32(GIT_INDEX_CAPABILITY_FROM_OWNER.rawValue)), "index capabilities")
        return index
    }

    private func apply(_ change: FileChange, to index: Index, workdir: URL, blobIDs: [String: git_oid]) throws {
        let url = workdir.appendingPathComponent(change.path)
        if let content = change.content, change.indexOnly {
            try removeConflict(change.path, in: index)
            var entry = git_index_entry()
            entry.mode = UInt32(GIT_FILEMODE_BLOB.rawValue)
            try change.path.withCString { cPath in
                entry.path = cPath
                try content.withUnsafeBytes { buffer in
                    _ = try check(git_index_add_from_buffer(index.pointer, &entry, buffer.baseAddress, buffer.count), "stage \(change.path)")
                }
            }
        } else if let content = change.content {
            try writeWhole(content, to: url, path: change.path, workdir: workdir)
            if let id = blobIDs[change.path] {
                try stage(change.path, at: url, id: id, mode: UInt32(GIT_FILEMODE_BLOB.rawValue), in: index)
            } else {
                try check(git_index_add_bypath(index.pointer, change.path), "stage \(change.path)")
            }
        } else {
            removeOwned(change.path, in: workdir)
            let rc = git_index_remove_bypath(index.pointer, change.path)
            if rc != GIT_ENOTFOUND.rawValue { try check(rc, "unstage \(change.path)") }
        }
    }

    /// Puts a drifted entry back as `target` has it. The work tree file is rewritten only when it
    /// is gone or holds the same old version as the entry did (what a cut-off commit leaves); a
    /// file a person changed stays, and shows as an unstaged change.
    private func restore(_ drifted: DriftedEntry, in index: Index, workdir: URL) throws {
        let path = drifted.drift.path
        let url = workdir.appendingPathComponent(path)
        // Only a regular file reached through real folders: never a symlink, a FIFO or what they reach.
        var info = stat()
        let regular = !hasForeignFolder(path, in: workdir) && lstat(url.path, &info) == 0
            && info.st_mode & S_IFMT == S_IFREG
        let onDisk = regular ? try? Data(contentsOf: url) : nil
        let onDiskID = try onDisk.map { try blobID(of: $0) }
        let staleCopy = onDiskID != nil && onDiskID == drifted.staged.map { ObjectID($0) }
        if onDisk == nil || staleCopy {
            try writeWhole(try blob(drifted.wanted), to: url, path: path, workdir: workdir)
            try stage(path, at: url, id: drifted.wanted, mode: drifted.mode, in: index)
        } else if onDiskID == ObjectID(drifted.wanted) {
            try stage(path, at: url, id: drifted.wanted, mode: drifted.mode, in: index)
        } else {
            // No stat data: git compares the file's content, and shows the person's version as unstaged.
            var entry = git_index_entry()
            entry.mode = drifted.mode
            entry.id = drifted.wanted
            try path.withCString { cPath in
                entry.path = cPath
                try check(git_index_add(index.pointer, &entry), "stage \(path)")
            }
        }
    }

    /// Writes `content` to `url` whole or not at all, through a file in the git directory renamed
    /// into place: a write cut off by `kill -9` leaves no temporary file in the work tree for a
    /// person's `git add -A` to commit (Foundation's atomic write puts its `.dat.nosync…` beside
    /// the target; one of 60 kill rounds committed one). Only the holder of the index lock writes it.
    /// `path` (relative to `workdir`) gets real folders first: see `makeRoom`.
    func writeWhole(_ content: Data, to url: URL, path: String, workdir: URL) throws {
        try makeRoom(for: path, in: workdir)
        let temp = gitDir.appendingPathComponent("ws-write").path
        try writeFile(content, to: temp, naming: url.path)
        guard rename(temp, url.path) != 0 else { return }
        let reason = errno
        unlink(temp)
        // A work tree on another file system than its git directory: the rename cannot cross it.
        guard reason == EXDEV else {
            throw GitError(code: -1, operation: "write \(url.path)", message: String(cString: strerror(reason)))
        }
        let beside = url.path + ".ws-write"
        try writeFile(content, to: beside, naming: url.path)
        guard rename(beside, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(beside)
            throw GitError(code: -1, operation: "write \(url.path)", message: reason)
        }
    }

    /// A plain write(2) of the whole file; a full disk is a `GitError` saying so, like libgit2's own.
    func writeFile(_ content: Data, to path: String, naming target: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw GitError(code: -1, operation: "write \(target)", message: "cannot write \(target): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard content.withUnsafeBytes({ FileDescriptorWrites.writeAll(fd, $0) }) else {
            let reason = String(cString: strerror(errno == 0 ? ENOSPC : errno))
            unlink(path)
            throw GitError(code: -1, operation: "write \(target)", message: "cannot write \(target): \(reason)")
        }
    }

    /// An index entry for a file just written whose blob id is known.
    private func stage(_ path: String, at url: URL, id: git_oid, mode: UInt32, in index: Index) throws {
        var st = stat()
        guard stat(url.path, &st) == 0 else {
            throw GitError(code: -1, operation: "stage \(path)", message: "cannot stat \(url.path): \(String(cString: strerror(errno)))")
        }
        var entry = git_index_entry()
        entry.ctime = git_index_time(seconds: Int32(truncatingIfNeeded: st.st_ctim.tv_sec), nanoseconds: UInt32(truncatingIfNeeded: st.st_ctim.tv_nsec))
        entry.mtime = git_index_time(seconds: Int32(truncatingIfNeeded: st.st_mtim.tv_sec), nanoseconds: UInt32(truncatingIfNeeded: st.st_mtim.tv_nsec))
        entry.dev = UInt32(truncatingIfNeeded: st.st_dev)
        entry.ino = UInt32(truncatingIfNeeded: st.st_ino)
        entry.mode = mode
        entry.uid = st.st_uid
        entry.gid = st.st_gid
        entry.file_size = UInt32(truncatingIfNeeded: st.st_size)
        entry.id = id
        try removeConflict(path, in: index)
        try path.withCString { cPath in
            entry.path = cPath
            try check(git_index_add(index.pointer, &entry), "stage \(path)")
        }
    }

    /// A stage-0 entry beside conflict stages 1-3 is an index git rejects ("multiple stage
    /// entries for merged file"): staging a path settles its conflict, as `git add` does.
    private func removeConflict(_ path: String, in index: Index) throws {
        let rc = git_index_conflict_remove(index.pointer, path)
        if rc != GIT_ENOTFOUND.rawValue { try check(rc, "resolve the conflict of \(path)") }
    }
}
