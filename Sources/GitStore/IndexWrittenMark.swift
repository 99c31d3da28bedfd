import Foundation

/// What identifies the index file ws itself last wrote (`.git/ws/index-written`): its inode, size, modification
/// time and trailing checksum. When the index still matches, nobody has replaced or rewritten it since, and its
/// checksum need not be recomputed before it is spliced: SHA-1 over the 2.8 MB index of the 10,000-workstream
/// plan is 33 M instructions of a 396 M-instruction `ws complete` (callgrind, static release build). git itself
/// verifies the index checksum only in `git fsck`; any other writer (git, libgit2, an editor) makes a new file or
/// a new modification time, and that index is verified as before.
struct IndexWrittenMark: Equatable {
    var inode: UInt64
    var size: Int64
    var seconds: Int
    var nanoseconds: Int
    var checksum: [UInt8]

    init(_ st: stat, checksum: some Collection<UInt8>) {
        inode = UInt64(st.st_ino)
        size = Int64(st.st_size)
        seconds = st.st_mtim.tv_sec
        nanoseconds = st.st_mtim.tv_nsec
        self.checksum = Array(checksum)
    }

    private init?(line: Substring) {
        let parts = line.split(separator: " ")
        guard parts.count == 6, parts[0] == "v1", let inode = UInt64(parts[1]), let size = Int64(parts[2]),
              let seconds = Int(parts[3]), let nanoseconds = Int(parts[4]), parts[5].utf8.count == 40 else { return nil }
        var checksum: [UInt8] = []
        var hex = parts[5].utf8.makeIterator()
        while let high = hex.next(), let low = hex.next() {
            guard let byte = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return nil }
            checksum.append(byte)
        }
        self.inode = inode; self.size = size; self.seconds = seconds; self.nanoseconds = nanoseconds
        self.checksum = checksum
    }

    static func path(gitDir: URL) -> String { gitDir.appendingPathComponent("ws/index-written").path }

    /// The mark, if one was written and reads whole; never through a symlink, never more than a line.
    static func load(gitDir: URL) -> IndexWrittenMark? {
        let fd = open(path(gitDir: gitDir), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size < 256 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return nil }
        let text = String(decoding: buffer[..<n], as: UTF8.self)
        return IndexWrittenMark(line: Substring(text.trimmingCharacters(in: .newlines)))
    }

    /// Whether the index read with `st` and `bytes` is the one this mark describes.
    func describes(_ st: stat, bytes: [UInt8]) -> Bool {
        IndexWrittenMark(st, checksum: bytes.suffix(IndexFile.checksumSize)) == self
    }

    /// Records the mark, or removes a stale one when it cannot: a missing mark only costs the next
    /// splice its checksum, so no failure here fails the commit.
    func save(gitDir: URL) {
        let target = Self.path(gitDir: gitDir)
        let scratch = target + ".\(getpid()).tmp"
        let hex = checksum.map { String(format: "%02x", $0) }.joined()
        let line = Array("v1 \(inode) \(size) \(seconds) \(nanoseconds) \(hex)\n".utf8)
        let fd = open(scratch, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { unlink(target); return }
        let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == line.count, rename(scratch, target) == 0 else {
            unlink(scratch)
            unlink(target)
            return
        }
    }
}
