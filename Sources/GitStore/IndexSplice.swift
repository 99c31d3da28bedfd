import CLibGit2
import Crypto
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
              let (bytes, indexTime) = Self.readIndexFile(gitDir.appendingPathComponent("index").path),
              let index = IndexFile.parse(bytes) else { return false }
        let sorted = changes.map { (path: Array($0.path.utf8), change: $0) }
            .sorted { $0.path.lexicographicallyPrecedes($1.path) }
        for (position, item) in sorted.enumerated() {
            if position > 0 && sorted[position - 1].path == item.path { return false }
            if item.change.content != nil && Self.collidesWithFolder(item.path, in: index) { return false }
        }
        trace("read index")
        var written: [[UInt8]] = []
        for item in sorted {
            written.append(try writeForIndex(item.change, path: item.path, workdir: workdir, blobIDs: blobIDs))
        }
        trace("write work tree files")
        let cacheTree = index.cacheTree
        for item in sorted { cacheTree?.invalidate(along: item.path) }
        var pieces: [ArraySlice<UInt8>] = []
        pieces.reserveCapacity(index.entries.count + sorted.count * 2)
        var count = 0
        var next = 0
        for entry in index.entries {
            let path = index.bytes[entry.pathStart..<entry.pathEnd]
            while next < sorted.count && sorted[next].path.lexicographicallyPrecedes(path) {
                if !written[next].isEmpty { pieces.append(written[next][...]); count += 1 }
                next += 1
            }
            // Every stage of a changed path goes: staging a path settles its conflict, as `git add` does.
            if next < sorted.count && sorted[next].path.elementsEqual(path) { continue }
            pieces.append(keptEntry(index.bytes[entry.start..<entry.end], indexTime: indexTime, workdir: workdir))
            count += 1
        }
        for rest in written[next...] where !rest.isEmpty { pieces.append(rest[...]); count += 1 }
        let file = IndexFile.serialize(version: index.version, count: count, pieces: pieces, cacheTree: cacheTree)
        try writeFile(Data(file), to: scratch, naming: gitDir.appendingPathComponent("index").path)
        try lock.replaceIndex(with: scratch)
        trace("write index (\(sorted.count) of \(index.entries.count) entries)")
        return true
    }

    /// Writes (or removes) the change's work tree file; returns its new index entry, or none for a removal.
    private func writeForIndex(_ change: FileChange, path: [UInt8], workdir: URL,
                               blobIDs: [String: git_oid]) throws -> [UInt8] {
        let url = workdir.appendingPathComponent(change.path)
        guard let content = change.content, var id = blobIDs[change.path] else {
            try? FileManager.default.removeItem(at: url)
            return []
        }
        try writeWhole(content, to: url)
        var st = stat()
        guard lstat(url.path, &st) == 0 else {
            throw GitError(code: -1, operation: "stage \(change.path)", message: "cannot stat \(url.path): \(String(cString: strerror(errno)))")
        }
        let idBytes = withUnsafeBytes(of: &id) { Array($0.prefix(20)) }
        return IndexFile.entry(path: path, id: idBytes, mode: UInt32(GIT_FILEMODE_BLOB.rawValue), stat: st)
    }

    /// An entry kept as it is, unless it is racily clean (its file written in the same tick as
    /// the old index, so stat data cannot tell a later change) and its file no longer matches:
    /// then its size is zeroed, as git and libgit2 do when they write an index, so that git
    /// compares the content instead of trusting the stat data against the new index's later time.
    private func keptEntry(_ entry: ArraySlice<UInt8>, indexTime: timespec, workdir: URL) -> ArraySlice<UInt8> {
        let start = entry.startIndex
        let bytes = Array(entry[start..<start + 20])
        let seconds = Int(bytes.uint32(at: 8)), nanoseconds = Int(bytes.uint32(at: 12))
        let racy = indexTime.tv_sec < seconds || (indexTime.tv_sec == seconds && indexTime.tv_nsec <= nanoseconds)
        guard racy, Self.changedSinceStaged(entry, workdir: workdir) else { return entry }
        var smudged = Array(entry)
        for offset in 36..<40 { smudged[offset] = 0 }
        return smudged[...]
    }
}
