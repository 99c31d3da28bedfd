import Crypto
import Foundation

/// What `spliceIndex` checks before and while it edits the index's bytes.
extension Repository {
    /// The index's bytes and its modification time (git's "index timestamp", against which racily
    /// clean entries are told), or nil when there is no index file to edit.
    static func readIndexFile(_ path: String) -> ([UInt8], stat)? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_size > 0 else { return nil }
        // Not zeroed first: read(2) fills it (a 2.8 MB index at 10,000 workstreams).
        var complete = false
        let bytes = [UInt8](unsafeUninitializedCapacity: Int(st.st_size)) { buffer, initialized in
            var filled = 0
            while filled < buffer.count {
                let n = read(fd, buffer.baseAddress.map { $0 + filled }, buffer.count - filled)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { break }
                filled += n
            }
            complete = filled == buffer.count
            initialized = filled
        }
        return complete ? (bytes, st) : nil
    }

    /// A file staged where the index has a folder of that name, or under a folder the index has
    /// as a file: libgit2 settles those (it replaces the other entries); the fast path leaves them to it.
    static func collidesWithFolder(_ path: [UInt8], in index: IndexFile) -> Bool {
        let slash = UInt8(ascii: "/")
        for (offset, byte) in path.enumerated() where byte == slash {
            let folder = Array(path[..<offset])
            let found = lowerBound(folder, in: index)
            if found < index.entries.count && index.path(found).elementsEqual(folder) { return true }
        }
        let folder = path + [slash]
        let found = lowerBound(folder, in: index)
        return found < index.entries.count && index.path(found).starts(with: folder)
    }

    /// The position of the first entry whose path is not before `key` (the entry count if none).
    static func lowerBound(_ key: [UInt8], in index: IndexFile) -> Int {
        var low = 0, high = index.entries.count
        while low < high {
            let middle = (low + high) / 2
            if index.path(middle).lexicographicallyPrecedes(key) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Whether an entry racy in git's whole seconds must be smudged (git's `ce_smudge_racily_clean_entry`).
    /// git as distributions build it compares seconds only (no `USE_NSEC`), with `core.checkStat=minimal`
    /// only the mtime and the size: a change of either tells git, no smudge. Same seconds but other
    /// nanoseconds, ctime or inode: the file was written since it was staged, smudged without reading
    /// it (at worst git rehashes a touched file). Stat data identical to the nanosecond: the file is
    /// the staged one unless it is racy to the nanosecond too (libgit2's rule): only then it is hashed.
    /// The journal ws appended to just before is megabytes; this keeps it from being hashed.
    static func mustSmudge(_ entry: IndexFile.Entry, in bytes: [UInt8], indexTime: timespec, workdir: String) -> Bool {
        let start = entry.start
        guard bytes.uint32(at: start + 24) & 0o170000 == 0o100000 else { return true }
        let path = workdir + String(decoding: bytes[entry.pathStart..<entry.pathEnd], as: UTF8.self)
        var st = stat()
        guard lstat(path, &st) == 0 else { return false }
        guard bytes.uint32(at: start + 8) == UInt32(truncatingIfNeeded: st.st_mtim.tv_sec),
              bytes.uint32(at: start + 36) == UInt32(truncatingIfNeeded: st.st_size) else { return false }
        guard bytes.uint32(at: start) == UInt32(truncatingIfNeeded: st.st_ctim.tv_sec),
              bytes.uint32(at: start + 4) == UInt32(truncatingIfNeeded: st.st_ctim.tv_nsec),
              bytes.uint32(at: start + 12) == UInt32(truncatingIfNeeded: st.st_mtim.tv_nsec),
              bytes.uint32(at: start + 20) == UInt32(truncatingIfNeeded: st.st_ino) else { return true }
        let mtime = (Int(bytes.uint32(at: start + 8)), Int(bytes.uint32(at: start + 12)))
        let indexMtime = (Int(UInt32(truncatingIfNeeded: indexTime.tv_sec)), indexTime.tv_nsec)
        guard mtime >= indexMtime else { return false }
        guard let content = FileManager.default.contents(atPath: path) else { return true }
        return !gitBlobID(content).elementsEqual(bytes[(start + 40)..<(start + 60)])
    }

    /// The id git gives `content` as a blob: SHA-1 of `blob <size>\0` and the bytes.
    static func gitBlobID(_ content: Data) -> [UInt8] {
        var hasher = Insecure.SHA1()
        hasher.update(data: Data("blob \(content.count)\0".utf8))
        hasher.update(data: content)
        return Array(hasher.finalize())
    }
}
