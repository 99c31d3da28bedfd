import Crypto
import Foundation
import Spawning
import WorkstreamKit

/// `ws blocked --json`'s exact bytes, kept per clone in `<git common dir>/ws/cache/blocked.json` (beside the log,
/// inside the git directory: never committed). At 10,000 workstreams the answer is 3 MB that costs ~270 M
/// instructions to compute (reading every summary and dependency, the blocking analysis, the JSON); a read copies
/// the stored bytes instead while no event since they were computed can change them (`EventType.changesBlocking`,
/// the rule `ws serve`'s `BlockingMemo` keeps): a note, a task, an artifact or a renewed lease leaves the copy good,
/// a start or a completion does not. Appends pay nothing: the first read after such a write computes and stores anew.
/// (A read model kept current on append was measured first: one completion on the generated plan rewrote ~6,900
/// rows, +200 ms per `ws complete`.)
///
/// The key names the event the copy was computed at (its seq and hash: the hash covers the whole chain, so the
/// event still holding that hash means the same history up to it), the read models' rules and this format's
/// version. Nothing else can change the answer: it holds no lease or time field, and statuses derive from the log
/// alone. The file is trusted no further than its header: the body's length and SHA-256 must match, or it
/// is recomputed and replaced (a truncated, edited or foreign file). Writing is best effort and silent
/// (a read-only repository still gets its answer): a temporary file renamed over the old one, so a
/// reader sees a whole file or none.
/// Measured on the 10,000-workstream fixture (static release build, task-clock): a repeated read 10.6–11.5 ms
/// (29.7–43.3 ms computed; `ws --version` 4.7–5.4 ms), the first read after a write 31–35 ms, `ws log` unchanged.
struct BlockedCache {
    /// Bump when `BlockingAnalysis.writeJSON`'s bytes change for the same log.
    static let format = "ws-blocked-json/1"
    /// A copy served this many events after the one it names is stored again under the head, so the check of the
    /// events in between (`Ledger.blockingUnchanged`) stays short.
    static let restoreAfter: Int64 = 256
    /// A header longer than this is not one of ours.
    static let headerLimit = 1024
    let file: URL

    init(wsDirectory: URL) {
        file = wsDirectory.appendingPathComponent("cache", isDirectory: true).appendingPathComponent("blocked.json")
    }

    static func key(head: (seq: Int64, hash: String), rules: String) -> String {
        "\(format) ws=\(Workspace.version) rules=\(rules) seq=\(head.seq) hash=\(head.hash)"
    }

    /// The stored answer and the event it was computed at, when the file's header is one of ours under `rules` and
    /// its body matches the header's length and digest.
    func read(rules: String) -> (at: (seq: Int64, hash: String), body: JSONBuffer)? {
        // Not followed, and never waited on: a FIFO planted here made the read block forever (red team F3).
        let fd = open(file.path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
              info.st_size > 0, info.st_size < Int64(Int32.max) else { return nil }
        // Read in chunks straight into the buffer that is printed: one copy of 3 MB, not two. The buffer is made once
        // the header is read and the file's size is the one it declares: a planted 1.5 GB file was read whole into
        // memory before any check (red team).
        var out: JSONBuffer?
        let chunk = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1 << 18)
        defer { chunk.deallocate() }
        var header: String?
        while true {
            let n = Foundation.read(fd, chunk.baseAddress, chunk.count)
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { return nil }
            if n == 0 { break }
            var bytes = UnsafeBufferPointer(rebasing: chunk[..<n])
            if header == nil {
                guard let newline = bytes.prefix(Self.headerLimit).firstIndex(of: 0x0A) else { return nil }
                let line = String(decoding: bytes[..<newline], as: UTF8.self)
                // Subtracted, not added: a declared length near Int.max must not overflow.
                let bodySize = Int64(info.st_size) - Int64(newline + 1)
                guard let length = Self.declaredLength(line), bodySize == Int64(length) else { return nil }
                header = line
                out = JSONBuffer(capacity: length + 1)
                bytes = UnsafeBufferPointer(rebasing: bytes[(newline + 1)...])
            }
            out?.append(bytes)
        }
        guard let out else { return nil }
        guard let header, let at = Self.event(named: header, rules: rules) else { return nil }
        let key = Self.key(head: at, rules: rules)
        guard out.withBytes({ Self.header(key: key, body: $0) }) == header else { return nil }
        // A matching digest proves only that whoever wrote the file computed it: what is printed must be JSON.
        guard out.withBytes(JSONShape.isArray) else { return nil }
        return (at, out)
    }

    /// The body's length a header declares (`length=<n>` before `sha256=`), nil when there is none.
    static func declaredLength(_ header: String) -> Int? {
        guard let mark = header.range(of: " length=", options: .backwards),
              let end = header[mark.upperBound...].range(of: " sha256=") else { return nil }
        return Int(header[mark.upperBound..<end.lowerBound]).flatMap { $0 >= 0 ? $0 : nil }
    }

    /// The seq and hash a header names after `key`'s fixed part for `rules` (nil: not such a header). The whole header
    /// is then compared with the one this ws would write, so nothing else in it is trusted.
    static func event(named header: String, rules: String) -> (seq: Int64, hash: String)? {
        let fixed = key(head: (0, ""), rules: rules).components(separatedBy: " seq=")[0] + " seq="
        guard header.hasPrefix(fixed) else { return nil }
        let rest = header.dropFirst(fixed.count)
        guard let hashMark = rest.range(of: " hash="), let end = rest.range(of: " length="),
              hashMark.upperBound <= end.lowerBound, let seq = Int64(rest[..<hashMark.lowerBound]), seq >= 0 else {
            return nil
        }
        return (seq, String(rest[hashMark.upperBound..<end.lowerBound]))
    }

    /// Stores `body` under `key`; any failure leaves the cache as it was and says nothing.
    func store(key: String, body: JSONBuffer) {
        let directory = file.deletingLastPathComponent().path
        if access(directory, F_OK) != 0 { mkdir(directory, 0o755) }
        // Only a real folder beside the log: a symlinked one would put the copy elsewhere (red team F4).
        var folder = stat()
        guard lstat(directory, &folder) == 0, folder.st_mode & S_IFMT == S_IFDIR else { return }
        let temporary = "\(file.path).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        let header = Array((body.withBytes { Self.header(key: key, body: $0) } + "\n").utf8)
        let written = header.withUnsafeBufferPointer(Self.writeAll(fd)) && body.withBytes(Self.writeAll(fd))
        let closed = close(fd) == 0
        if !(written && closed && rename(temporary, file.path) == 0) { unlink(temporary) }
    }

    /// After `ws rebuild`: read models rebuilt at the same head may differ from damaged ones the copy was made from.
    func discard() { unlink(file.path) }

    /// The header line for `body` under `key`: the key, then the body's length and SHA-256.
    static func header<Body: Collection<UInt8>>(key: String, body: Body) -> String {
        var hash = SHA256()
        if body.withContiguousStorageIfAvailable({ hash.update(bufferPointer: UnsafeRawBufferPointer($0)) }) == nil {
            hash.update(data: Array(body))
        }
        let digest = hash.finalize().map { byte in
            let digits = Array("0123456789abcdef".utf8)
            return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 15)]], as: UTF8.self)
        }.joined()
        return "\(key) length=\(body.count) sha256=\(digest)"
    }

    static func writeAll(_ fd: Int32) -> (UnsafeBufferPointer<UInt8>) -> Bool {
        { FileDescriptorWrites.writeAll(fd, UnsafeRawBufferPointer($0)) }
    }
}
