import Foundation

/// Whether this process may write the log file and the folder it lives in (SQLite makes its
/// `-wal` and `-shm` files there), and how to read a log it may not write. `access(2)` answers
/// for root too: a read-only mount gives EROFS and an immutable file EPERM whoever asks.
enum SQLiteFileAccess {
    /// Why the log cannot be written, or nil when it can:
    /// "its folder /r/.git/ws cannot be written (Read-only file system)".
    static func problem(_ path: String) -> String? {
        let folder = (path as NSString).deletingLastPathComponent
        let targets = [("its folder \(folder)", folder.isEmpty ? "." : folder), ("the file", path),
                       ("its write-ahead log \(path)-wal", path + "-wal"),
                       ("its shared-memory file \(path)-shm", path + "-shm")]
        for (what, target) in targets {
            guard FileManager.default.fileExists(atPath: target) else { continue }
            if access(target, W_OK) != 0 { return "\(what) cannot be written (\(String(cString: strerror(errno))))" }
        }
        return nil
    }

    /// What SQLite opens to read a log it may not write. A log with committed pages still in its
    /// `-wal` needs that file (and its `-shm`) read as they are; a log without can be read as
    /// immutable, which needs no `-shm` (one cannot be created) and takes no locks.
    static func readOnlyTarget(_ path: String) -> String {
        if let wal = size(path + "-wal"), wal > 0 { return path }
        return "file:" + uriEscaped(path) + "?immutable=1"
    }

    /// The size of the file at `path`, nil when there is none. `stat(2)` directly: FileManager's
    /// attribute dictionary cost every append 0.7 M instructions of generic set-up.
    static func size(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_size)
    }

    /// A path as the path of a `file:` URI: everything but unreserved characters and `/` percent-encoded.
    static func uriEscaped(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte < 0x80 && (c.isLetter || c.isNumber || "/-._~".contains(c)) { out.append(c) }
            else { out += String(format: "%%%02X", byte) }
        }
        return out
    }
}
