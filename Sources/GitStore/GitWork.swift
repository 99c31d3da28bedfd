import Foundation

/// ws's own advisory lock around its git work, and the record of the git locks it holds
/// meanwhile, both in `<common git dir>/ws-git-work`. The kernel drops the flock when its process
/// dies, so whoever takes it next and finds the record not empty knows that every lock named there
/// was left by a killed ws. Each one that is still the very file ws created (same device, inode and
/// change time) and that no process has open is removed; a lock some git created since is another
/// file and stays. (`kill -9` between taking and releasing the branch lock left
/// `refs/heads/main.lock` in 5 of 107 runs before this.)
final class GitWork {
    struct Held: Equatable {
        var path: String
        var identity: FileIdentity
    }

    private let fd: Int32
    private var held: [Held] = []
    /// A killed ws's locks that could not be removed yet.
    private var inherited: [Held] = []
    /// The stale locks of a killed ws that taking this lock removed.
    private(set) var removed: [String] = []

    init(commonDir: URL) throws {
        let path = commonDir.appendingPathComponent("ws-git-work").path
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw GitError(code: -1, operation: "lock", message: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        // Another ws commits meanwhile: wait for it, as its publish lock would make us anyway.
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw GitError(code: -1, operation: "lock", message: "cannot lock \(path): \(reason)")
            }
        }
        for stale in Self.parse(readAll()) where stale.path.hasSuffix(".lock") && FileIdentity(path: stale.path) == stale.identity {
            // Opened by a live process since (a reader, say): left alone, and kept on the record for a later look.
            if LockWait.openedBy(device: stale.identity.device, inode: stale.identity.inode).0.isEmpty, unlink(stale.path) == 0 {
                removed.append(stale.path)
            } else {
                inherited.append(stale)
            }
        }
        write()
    }

    deinit {
        held.removeAll()
        write()
        flock(fd, LOCK_UN)
        close(fd)
    }

    /// Notes a lock file just created by this process (before anything else can happen to it).
    func hold(_ path: String, identity: FileIdentity?) {
        guard let identity else { return }
        held.append(Held(path: path, identity: identity))
        write()
    }

    /// The lock is gone (released, or renamed into place): nothing to clean up after a crash.
    func release(_ path: String) {
        held.removeAll { $0.path == path }
        write()
    }

    /// One line per lock: device, inode, change time (seconds, nanoseconds), path. No fsync: a lost
    /// record after a power cut only means the lock is reported instead of removed.
    private func write() {
        let text = (inherited + held).map { "\($0.identity.device) \($0.identity.inode) \($0.identity.changedSeconds) \($0.identity.changedNanos) \($0.path)\n" }.joined()
        let bytes = Array(text.utf8)
        _ = ftruncate(fd, 0)
        _ = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
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
            let parts = line.split(separator: " ", maxSplits: 4, omittingEmptySubsequences: false)
            guard parts.count == 5, let device = UInt64(parts[0]), let inode = UInt64(parts[1]),
                  let seconds = Int(parts[2]), let nanos = Int(parts[3]), parts[4].hasPrefix("/") else { return nil }
            return Held(path: String(parts[4]), identity: FileIdentity(device: device, inode: inode, changedSeconds: seconds, changedNanos: nanos))
        }
    }
}
