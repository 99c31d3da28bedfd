import CLibGit2
import Foundation

/// ws's own advisory lock around its git work, and the record of the git locks it takes
/// meanwhile, both in `<common git dir>/ws-git-work`. The kernel drops the flock when its process
/// dies, so whoever takes it next and finds the record not empty knows that every lock named there
/// was taken by a killed ws. A lock is named *before* it is created, so no moment of a kill leaves
/// one off the record, and removed only when it is provably ws's: no process has it open, it is
/// the file ws created (when ws lived to note its inode), and it holds nothing or exactly what ws
/// writes into it. A lock a git holds has its content (git writes a branch's new commit id or the
/// new index into it at once, and keeps it open until then), so it stays. (`kill -9` between
/// taking and releasing the branch lock left `refs/heads/main.lock` in 5 of 107 runs before this.)
final class GitWork {
    struct Held: Equatable {
        var path: String
        /// Device and inode of the lock ws created; nil until ws has created it.
        var device: UInt64?
        var inode: UInt64?
        /// What ws writes into the lock before renaming it into place (a branch's new commit id),
        /// or "-" when it writes nothing (the index lock).
        var content: String

        /// Whether the file at `path` now is this lock as ws left it.
        func isLeft() -> Bool {
            var st = stat()
            guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return false }
            if let device, let inode, UInt64(st.st_dev) != device || UInt64(st.st_ino) != inode { return false }
            guard LockWait.openedBy(device: UInt64(st.st_dev), inode: UInt64(st.st_ino)).0.isEmpty else { return false }
            if st.st_size == 0 { return true }
            guard content != "-", st.st_size < 200, let data = FileManager.default.contents(atPath: path) else { return false }
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == content
        }
    }

    private let fd: Int32
    private var held: [Held] = []
    /// A killed ws's locks that could not be removed yet (a reader has one open, say).
    private var inherited: [Held] = []
    /// The stale locks of a killed ws that taking this lock removed.
    private(set) var removed: [String] = []

    /// Takes ws's lock, waiting while another ws does its git work (as its publish lock would make
    /// us anyway); with `wait` false, throws a locked `GitError` instead of waiting.
    init(commonDir: URL, wait: Bool = true) throws {
        let path = Self.path(commonDir)
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw GitError(code: -1, operation: "lock", message: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        while flock(fd, wait ? LOCK_EX : LOCK_EX | LOCK_NB) != 0 {
            let reason = errno
            guard reason == EINTR else {
                close(fd)
                throw GitError(code: reason == EWOULDBLOCK ? GIT_ELOCKED.rawValue : -1, operation: "lock",
                               message: "cannot lock \(path): \(String(cString: strerror(reason)))")
            }
        }
        for stale in Self.parse(readAll()) where stale.path.hasSuffix(".lock") && access(stale.path, F_OK) == 0 {
            if stale.isLeft(), unlink(stale.path) == 0 { removed.append(stale.path) } else { inherited.append(stale) }
        }
        write()
    }

    static func path(_ commonDir: URL) -> String { commonDir.appendingPathComponent("ws-git-work").path }

    deinit {
        held.removeAll()
        write()
        flock(fd, LOCK_UN)
        close(fd)
    }

    /// Names a lock this process is about to create, and what it will write into it, if anything.
    func intend(_ path: String, content: String = "-") {
        held.append(Held(path: path, device: nil, inode: nil, content: content))
        write()
    }

    /// Notes the lock just created: its device and inode.
    func created(_ path: String, fd lockFD: Int32? = nil) {
        var st = stat()
        let ok = lockFD.map { fstat($0, &st) == 0 } ?? (stat(path, &st) == 0)
        guard ok, let at = held.firstIndex(where: { $0.path == path }) else { return }
        held[at].device = UInt64(st.st_dev)
        held[at].inode = UInt64(st.st_ino)
        write()
    }

    /// The lock is gone (released, or renamed into place), or was never taken.
    func release(_ path: String) {
        held.removeAll { $0.path == path }
        write()
    }

    /// One line per lock: device and inode ("-" before it exists), content, path. The new text is
    /// written over the old and the rest cut off, so a kill in between leaves every line of one
    /// or the other (a cut line fails to parse, or names a device that does not match). No fsync:
    /// a record lost in a power cut only means the lock is reported instead of removed.
    private func write() {
        let text = (inherited + held).map { h in
            "\(h.device.map(String.init) ?? "-") \(h.inode.map(String.init) ?? "-") \(h.content) \(h.path)\n"
        }.joined()
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        _ = ftruncate(fd, off_t(bytes.count))
    }

    private func readAll() -> String {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        var offset: off_t = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, offset) }
            guard n > 0 else { break }
            data.append(contentsOf: buffer[0..<n])
            offset += off_t(n)
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func parse(_ text: String) -> [Held] {
        text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
            guard parts.count == 4, parts[3].hasPrefix("/") else { return nil }
            let device = UInt64(parts[0]), inode = UInt64(parts[1])
            guard (device == nil) == (parts[0] == "-"), (inode == nil) == (parts[1] == "-") else { return nil }
            return Held(path: String(parts[3]), device: device, inode: inode, content: String(parts[2]))
        }
    }
}

extension Repository {
    /// Removes the git locks a killed ws left (see `GitWork`) and returns their paths. Run by every
    /// writing command, also one with nothing to commit: a ws killed after its branch moved and
    /// before it let go of the index lock leaves nothing for a commit to do, and the lock would
    /// stay (3 of 200 kill rounds). Needs no libgit2; an empty record costs one stat, and while
    /// another ws does its git work this does not wait (that one cleans up).
    public static func removeStaleLocks(commonDir: URL) throws -> [String] {
        var st = stat()
        guard stat(GitWork.path(commonDir), &st) == 0, st.st_size > 0 else { return [] }
        do { return try GitWork(commonDir: commonDir, wait: false).removed } catch let e as GitError where e.isLocked { return [] }
    }
}
