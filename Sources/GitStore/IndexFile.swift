import Crypto
import Foundation

/// A git index file (`DIRC`, versions 2 and 3) held as its bytes, with where each entry lies, so that
/// a commit of a few files copies the other 26,000 entries as they are instead of parsing them into
/// libgit2's structures, checksumming with its collision-detecting SHA-1 and writing them back one by
/// one (BENCHMARKS.md: 511 M of a 1.34 G-instruction `ws complete`). Anything this does not know
/// entry by entry (version 4's prefix-compressed paths, an extension other than the cache tree: a
/// split index, an untracked cache, fsmonitor data, resolve-undo, sparse directories) makes `parse`
/// answer nil, and the caller takes libgit2's path, which stays the reference.
struct IndexFile {
    /// One entry: its bytes are `bytes[start..<end]`, its path `bytes[pathStart..<pathEnd]`.
    struct Entry {
        var start: Int
        var end: Int
        var pathStart: Int
        var pathEnd: Int
    }

    static let fixedSize = 62
    static let checksumSize = 20

    let bytes: [UInt8]
    let version: UInt32
    let entries: [Entry]
    let cacheTree: CacheTree?

    /// Nil for an index this does not edit itself (see the type's comment), or whose checksum is wrong.
    /// `verified`: the bytes are known to be the file ws wrote (`IndexWrittenMark`), checksum and all.
    static func parse(_ bytes: [UInt8], verified: Bool = false) -> IndexFile? {
        let total = bytes.count
        guard total >= 12 + checksumSize, bytes[0..<4].elementsEqual("DIRC".utf8) else { return nil }
        let body = total - checksumSize
        guard verified || Insecure.SHA1.hash(data: bytes[0..<body]).elementsEqual(bytes[body...]) else { return nil }
        let version = bytes.uint32(at: 4)
        guard version == 2 || version == 3 else { return nil }
        let count = Int(bytes.uint32(at: 8))
        var entries: [Entry] = []
        entries.reserveCapacity(count)
        var offset = 12
        for _ in 0..<count {
            guard let entry = parseEntry(bytes, at: offset, end: body, version: version) else { return nil }
            entries.append(entry)
            offset = entry.end
        }
        var cacheTree: CacheTree?
        while offset < body {
            guard offset + 8 <= body else { return nil }
            let size = Int(bytes.uint32(at: offset + 4))
            let start = offset + 8
            guard size <= body - start, bytes[offset..<offset + 4].elementsEqual("TREE".utf8), cacheTree == nil,
                  let tree = CacheTree.parse(bytes[start..<start + size]) else { return nil }
            cacheTree = tree
            offset = start + size
        }
        return IndexFile(bytes: bytes, version: version, entries: entries, cacheTree: cacheTree)
    }

    private static func parseEntry(_ bytes: [UInt8], at offset: Int, end: Int, version: UInt32) -> Entry? {
        guard offset + fixedSize <= end else { return nil }
        let flags = bytes.uint16(at: offset + 60)
        let extended = flags & 0x4000 != 0
        guard !extended || version == 3 else { return nil }
        let pathStart = offset + fixedSize + (extended ? 2 : 0)
        let nameLength = Int(flags & 0x0FFF)
        var pathEnd = pathStart + nameLength
        if nameLength == 0x0FFF {
            // A path of 4,095 bytes or more: its length is where its NUL is.
            guard let nul = bytes[pathStart..<end].firstIndex(of: 0) else { return nil }
            pathEnd = nul
        }
        // Padded with 1 to 8 NULs to a multiple of 8 bytes from the entry's start.
        let entryEnd = offset + ((pathEnd - offset + 8) & ~7)
        guard pathEnd < end, entryEnd <= end, bytes[pathEnd] == 0 else { return nil }
        return Entry(start: offset, end: entryEnd, pathStart: pathStart, pathEnd: pathEnd)
    }

    /// An index's first 12 bytes: signature, version, entry count.
    static func header(version: UInt32, count: Int) -> [UInt8] {
        var out = Array("DIRC".utf8)
        out.appendUInt32(version)
        out.appendUInt32(UInt32(count))
        return out
    }

    /// The `TREE` extension holding `cacheTree` (nothing without one).
    static func cacheTreeExtension(_ cacheTree: CacheTree?) -> [UInt8] {
        guard let cacheTree else { return [] }
        let tree = cacheTree.serialized()
        var out = Array("TREE".utf8)
        out.appendUInt32(UInt32(tree.count))
        out.append(contentsOf: tree)
        return out
    }

    /// Where an entry's file size is, from the entry's start; a smudged entry has this size (git then compares that
    /// file's content).
    static let sizeOffset = 36
    static let smudgedSize: [UInt8] = [0, 0, 0, 0]

    /// The offset where the entries end (and the extensions begin).
    var entriesEnd: Int { entries.last?.end ?? 12 }

    /// Where the entry at `position` begins; the end of the entries past the last.
    func start(of position: Int) -> Int { position < entries.count ? entries[position].start : entriesEnd }

    func path(_ position: Int) -> ArraySlice<UInt8> { bytes[entries[position].pathStart..<entries[position].pathEnd] }

    /// The stage-0 entry git writes for a file whose stat data is `st` and whose blob is `id`.
    static func entry(path: [UInt8], id: [UInt8], mode: UInt32, stat st: stat) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(fixedSize + path.count + 8)
        for field in [st.st_ctim.tv_sec, st.st_ctim.tv_nsec, st.st_mtim.tv_sec, st.st_mtim.tv_nsec] {
            out.appendUInt32(UInt32(truncatingIfNeeded: field))
        }
        for field in [UInt64(st.st_dev), UInt64(st.st_ino), UInt64(mode), UInt64(st.st_uid), UInt64(st.st_gid)] {
            out.appendUInt32(UInt32(truncatingIfNeeded: field))
        }
        out.appendUInt32(UInt32(truncatingIfNeeded: st.st_size))
        out.append(contentsOf: id)
        let flags = UInt16(min(path.count, 0x0FFF))
        out.append(UInt8(flags >> 8))
        out.append(UInt8(flags & 0xFF))
        out.append(contentsOf: path)
        let padded = (fixedSize + path.count + 8) & ~7
        out.append(contentsOf: repeatElement(0, count: padded - out.count))
        return out
    }
}

extension Array where Element == UInt8 {
    func uint32(at offset: Int) -> UInt32 {
        UInt32(self[offset]) << 24 | UInt32(self[offset + 1]) << 16
            | UInt32(self[offset + 2]) << 8 | UInt32(self[offset + 3])
    }

    func uint16(at offset: Int) -> UInt16 { UInt16(self[offset]) << 8 | UInt16(self[offset + 1]) }

    mutating func appendUInt32(_ value: UInt32) {
        append(contentsOf: [UInt8(value >> 24), UInt8((value >> 16) & 0xFF),
                            UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)])
    }
}
