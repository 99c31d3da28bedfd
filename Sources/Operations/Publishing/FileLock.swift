import Foundation

/// An exclusive lock on a file (flock), held while `body` runs. The kernel
/// releases it if the process dies, so a crash never leaves it stuck.
public enum FileLock {
    public static func withLock<T>(at url: URL, _ body: () throws -> T) throws -> T {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let fd = open(url.path, O_RDWR | O_CREAT, 0o600)
        guard fd >= 0 else { throw CLIError(code: ExitCodes.error, message: "cannot open the lock \(url.path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { throw CLIError(code: ExitCodes.error, message: "cannot lock \(url.path)") }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}
