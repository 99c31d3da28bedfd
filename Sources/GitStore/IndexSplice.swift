import CLibGit2
import Foundation

extension Repository {
    /// `updateIndex`'s fast path, under the same lock and with the same result as libgit2's: the
    /// index file read once, the changed entries replaced, added or removed in place (entries are
    /// sorted by path), the cache tree marked unknown along the changed paths, every other entry
    /// copied byte for byte, and the file written under a new checksum. Returns false, having
    /// written nothing, when it leaves the work to libgit2: an index it does not edit itself (see
    /// `IndexFile`), a content staged without its work tree file, a file where a folder is.
    func spliceIndex(_ changes: [FileChange], blobIDs: [String: git_oid], workdir: URL, scratch: String,
                     lock: IndexLock, trace: (String) -> Void) throws -> Bool {
        guard !changes.isEmpty, changes.allSatisfy({ !$0.indexOnly && ($0.content == nil || blobIDs[$0.path] != nil) }),
              let (raw, indexStat) = Self.readIndexFile(gitDir.appendingPathComponent("index").path) else { return false }
        let ours = IndexWrittenMark.load(gitDir: gitDir)?.describes(indexStat, bytes: raw) == true
        guard let index = IndexFile.parse(raw, verified: ours) else { return false }
        let indexTime = indexStat.st_mtim
        let sorted = changes.map { (path: Array($0.path.utf8), change: $0) }
            .sorted { $0.path.lexicographicallyPrecedes($1.path) }
        for (position, item) in sorted.enumerated() {
            if position > 0 && sorted[position - 1].path == item.path { return false }
            if item.change.content != nil && Self.collidesWithFolder(item.path, in: index) { return false }
        }
        trace(ours ? "read index (as ws wrote it)" : "read index")
        var written: [[UInt8]] = []
        for item in sorted {
            written.append(try writeForIndex(item.change, path: item.path, workdir: workdir, blobIDs: blobIDs))
        }
        trace("write work tree files")
        let cacheTree = index.cacheTree
        for item in sorted { cacheTree?.invalidate(along: item.path) }
        // Where each changed path's entries are: every stage goes, since staging a path settles its conflict, as
        // `git add` does.
        let replaced = sorted.map { item in
            let first = Self.lowerBound(item.path, in: index)
            var end = first
            while end < index.entries.count && index.path(end).elementsEqual(item.path) { end += 1 }
            return first..<end
        }
        let count = index.entries.count - replaced.reduce(0) { $0 + $1.count } + written.filter { !$0.isEmpty }.count
        var out = try IndexFileWriter(path: scratch, naming: gitDir.appendingPathComponent("index").path)
        out.append(IndexFile.header(version: index.version, count: count))
        // The unchanged entries between two changed paths are written as one run of the old index's bytes, the racily
        // clean ones among them smudged on the way (smudging the index as read first copied all 2.8 MB of it at
        // 10,000 workstreams on every completion, the files of the one before being racy).
        let racy = racyEntryStarts(of: index, indexTime: indexTime, workdir: workdir)
        var nextRacy = 0
        func copy(_ run: Range<Int>) {
            var from = run.lowerBound
            while nextRacy < racy.count, racy[nextRacy] < run.upperBound {
                let start = racy[nextRacy]
                nextRacy += 1
                // Before the run: a changed path's entry, replaced by the new one.
                guard start >= run.lowerBound else { continue }
                out.append(index.bytes[from..<(start + IndexFile.sizeOffset)])
                out.append(IndexFile.smudgedSize)
                from = start + IndexFile.sizeOffset + IndexFile.smudgedSize.count
            }
            out.append(index.bytes[from..<run.upperBound])
        }
        var copied = 12
        for (positions, entry) in zip(replaced, written) {
            copy(copied..<index.start(of: positions.lowerBound))
            copied = index.start(of: positions.upperBound)
            if !entry.isEmpty { out.append(entry) }
        }
        copy(copied..<index.entriesEnd)
        out.append(IndexFile.cacheTreeExtension(cacheTree))
        let checksum = try out.finish()
        var scratchStat = stat()
        let marked = lstat(scratch, &scratchStat) == 0
        try lock.replaceIndex(with: scratch)
        if marked { IndexWrittenMark(scratchStat, checksum: checksum).save(gitDir: gitDir) }
        trace("write index (\(sorted.count) of \(index.entries.count) entries)")
        return true
    }

    /// Writes (or removes) the change's work tree file; returns its new index entry, or none for a removal.
    private func writeForIndex(_ change: FileChange, path: [UInt8], workdir: URL,
                               blobIDs: [String: git_oid]) throws -> [UInt8] {
        let url = workdir.appendingPathComponent(change.path)
        guard let content = change.content, var id = blobIDs[change.path] else {
            removeOwned(change.path, in: workdir)
            return []
        }
        try writeWhole(content, to: url, path: change.path, workdir: workdir)
        var st = stat()
        guard lstat(url.path, &st) == 0 else {
            throw GitError(code: -1, operation: "stage \(change.path)",
                           message: "cannot stat \(url.path): \(String(cString: strerror(errno)))")
        }
        let idBytes = withUnsafeBytes(of: &id) { Array($0.prefix(20)) }
        return IndexFile.entry(path: path, id: idBytes, mode: UInt32(GIT_FILEMODE_BLOB.rawValue), stat: st)
    }

    /// Where the entries start that are racily clean (their file written in the same second as the old index: git
    /// as distributions build it compares whole seconds, so stat data cannot tell a later change) and whose file may
    /// no longer match (`mustSmudge`), in index order. Their size is zeroed in the new index (`IndexFile.smudgedSize`), as
    /// git and libgit2 do when they write an index, so that git compares the content instead of trusting the stat
    /// data against the new index's later time. Usually few are racy (the files written just before).
    private func racyEntryStarts(of index: IndexFile, indexTime: timespec, workdir: URL) -> [Int] {
        let indexSeconds = UInt32(truncatingIfNeeded: indexTime.tv_sec)
        let folder = workdir.path.hasSuffix("/") ? workdir.path : workdir.path + "/"
        return index.entries.filter { entry in
            indexSeconds <= index.bytes.uint32(at: entry.start + 8)
                && Self.mustSmudge(entry, in: index.bytes, indexTime: indexTime, workdir: folder)
        }.map(\.start)
    }
}
