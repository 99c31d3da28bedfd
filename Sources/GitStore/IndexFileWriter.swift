import Crypto
import Foundation
import Spawning

/// Writes a new index file piece by piece with write(2), its SHA-1 taken over the same pieces, instead of assembling
/// it in memory first: at 10,000 workstreams the index is 2.8 MB, and the array it was assembled in cost 712 page
/// faults and a copy of every byte on each completion (perf record -e page-faults: a fifth of a `ws complete`'s
/// 3,740 faults). The pieces are mostly long runs of the old index, so a write is a few dozen system calls.
struct IndexFileWriter {
    private let fd: Int32
    private let path: String
    private let target: String
    private var sha1 = Insecure.SHA1()
    private var failure: Int32?

    /// Creates (or truncates) `path`; `target` names the file for messages (the index it will replace).
    init(path: String, naming target: String) throws {
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard fd >= 0 else {
            throw GitError(code: -1, operation: "write \(target)",
                           message: "cannot write \(target): \(String(cString: strerror(errno)))")
        }
        self.path = path
        self.target = target
    }

    /// Appends `bytes` to the file and to its checksum. A failed write is remembered and reported by `finish`.
    mutating func append(_ bytes: some Collection<UInt8>) {
        guard failure == nil else { return }
        let done: Bool? = bytes.withContiguousStorageIfAvailable { buffer in
            sha1.update(bufferPointer: UnsafeRawBufferPointer(buffer))
            return writeAll(UnsafeRawBufferPointer(buffer))
        }
        if done == nil { append(Array(bytes)) } else if done == false { failure = errno == 0 ? ENOSPC : errno }
    }

    /// Appends the checksum of everything written, closes the file and returns the checksum. On any failure the file
    /// is removed and the error says why (a full disk as libgit2 says it).
    mutating func finish() throws -> [UInt8] {
        let checksum = Array(sha1.finalize())
        if failure == nil, !checksum.withUnsafeBytes({ writeAll($0) }) { failure = errno == 0 ? ENOSPC : errno }
        let closed = close(fd) == 0
        if failure == nil, !closed { failure = errno }
        if let failure {
            unlink(path)
            throw GitError(code: -1, operation: "write \(target)",
                           message: "cannot write \(target): \(String(cString: strerror(failure)))")
        }
        return checksum
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) -> Bool { FileDescriptorWrites.writeAll(fd, bytes) }
}
