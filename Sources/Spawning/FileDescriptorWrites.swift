#if canImport(Glibc)
import Glibc
#endif

/// The one loop that writes a whole buffer to a file descriptor, for every module that writes with write(2): standard
/// output of the front ends, the stored blocked answer, the git index ws writes. Here, beside the child-process
/// runner, because it is the lowest module all of them build on.
public enum FileDescriptorWrites {
    /// All of `bytes` to `fd`, again after EINTR. False when a write fails or writes nothing (a full disk reports
    /// ENOSPC there; a reader that went away, EPIPE): `errno` then says why, or is 0 for a write of nothing.
    @discardableResult
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard var at = bytes.baseAddress else { return true }
        var left = bytes.count
        while left > 0 {
            errno = 0
            let n = write(fd, at, left)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            at += n
            left -= n
        }
        return true
    }
}
