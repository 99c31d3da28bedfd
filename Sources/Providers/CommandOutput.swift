import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a failed command printed, made fit for a message, an event and a
/// document: its last 64 KiB, masked, marked as cut with the number of bytes
/// dropped. When something was cut, the whole output (masked too) is kept in a
/// file of its own beside the log, outside git (`<git common dir>/ws/outputs/`,
/// mode 0600), and the message gives its path. An exec command that printed
/// 20 MB once made a 40 MB log entry, a 20 MB journal line and 39 MB of
/// committed documents.
public enum CommandOutput {
    /// Enough for any error a CLI prints (az's longest usage text is about 6 KiB) and small beside a journal line.
    public static let keptBytes = 64 << 10
    public static let folderName = "outputs"

    /// The text a failure message shows of `stdout`/`stderr` (stderr when there is any), one line, at most `keptBytes`.
    static func summary(stdout: [UInt8], stderr: [UInt8], label: String, status: Int32, mask: SecretMask, directory: URL?) -> String {
        let err = mask.apply(String(decoding: stderr, as: UTF8.self))
        let out = mask.apply(String(decoding: stdout, as: UTF8.self))
        let chosen = err.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? out : err
        // Cut before joining the lines into one: joining 20 MB of short lines is slow, and only the end is shown.
        let (end, droppedRaw) = lastBytes(chosen, keptBytes)
        let line = end.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .joined(separator: " | ")
        let (tail, droppedJoined) = lastBytes(line, keptBytes)
        let dropped = droppedRaw + droppedJoined
        guard dropped > 0 else { return tail }
        let kept: String
        do {
            kept = "the whole output is in \(try keep(stdout: out, stderr: err, label: label, status: status, directory: directory).path)"
        } catch {
            kept = "the whole output could not be kept: \(error)"
        }
        return "[\(dropped) bytes cut; \(kept)] …\(tail)"
    }

    /// The last `limit` bytes of `text`, starting on a whole character, and how many bytes came before them.
    static func lastBytes(_ text: String, _ limit: Int) -> (String, Int) {
        let bytes = Array(text.utf8)
        guard bytes.count > limit else { return (text, 0) }
        var start = bytes.count - limit
        // UTF-8 continuation bytes (10xxxxxx) belong to the character before the cut.
        while start < bytes.count && bytes[start] & 0xC0 == 0x80 { start += 1 }
        return (String(decoding: bytes[start...], as: UTF8.self), start)
    }

    struct KeepFailure: Error, CustomStringConvertible { var description: String }

    /// Writes the whole output to a new file of its own, readable by this user only.
    static func keep(stdout: String, stderr: String, label: String, status: Int32, directory: URL?) throws -> URL {
        guard let directory else { throw KeepFailure(description: "no folder for it") }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
        let slug = String(label.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" }.prefix(40))
        let url = directory.appendingPathComponent("\(stamp)-\(slug)-\(UUID().uuidString.prefix(8).lowercased()).log")
        let text = "# \(label): exit \(status)\n## stdout\n\(stdout)\n## stderr\n\(stderr)\n"
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw KeepFailure(description: "cannot create \(url.path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw KeepFailure(description: "cannot write \(url.path): \(String(cString: strerror(errno)))") }
            bytes = bytes.dropFirst(n)
        }
        return url
    }

    /// A message of any origin (a plugin's error line, say) cut to `keptBytes`, keeping its start.
    public static func capped(_ message: String) -> String {
        // Room for what a tool's message adds around its kept output: the label, the exit status, the file's path.
        let limit = keptBytes + 4096
        let bytes = Array(message.utf8)
        guard bytes.count > limit else { return message }
        var end = limit
        while end > 0 && bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return String(decoding: bytes[..<end], as: UTF8.self) + "… [\(bytes.count - end) bytes cut]"
    }
}
