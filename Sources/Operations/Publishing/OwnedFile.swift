import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file at a path ws owns in the work tree (a journal, the seal, a generated document), read without
/// following anything a peer may have committed there: every folder on the way is opened with
/// `O_NOFOLLOW | O_DIRECTORY` from the one before (no check-then-open race), and the file itself with
/// `O_NOFOLLOW | O_NONBLOCK` and read only when `fstat` says it is a regular file. A symlink to
/// `/etc/passwd` at a journal path was read through and its lines shown (red team F2); a FIFO would block.
enum OwnedFile {
    enum Outcome: Equatable {
        case read(Data)
        case absent
        /// What is there instead of a file (or instead of a folder on the way), in words, never its content.
        case refused(String)
    }

    /// `limit`: at most this many bytes are read (a header), not the whole file.
    static func read(_ relative: String, in workTree: URL, limit: Int = Int.max) -> Outcome {
        let parts = relative.split(separator: "/").map(String.init)
        guard let name = parts.last else { return .absent }
        var folder = open(workTree.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { return .absent }
        defer { close(folder) }
        for (depth, part) in parts.dropLast().enumerated() {
            let next = openat(folder, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard next >= 0 else {
                let reason = errno
                if reason == ENOENT { return .absent }
                let place = parts[...depth].joined(separator: "/")
                return .refused("\(place) is \(kind(at: folder, part)), not a folder: nothing under it is read")
            }
            close(folder)
            folder = next
        }
        let fd = openat(folder, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            let reason = errno
            if reason == ENOENT { return .absent }
            return .refused("\(relative) is \(kind(at: folder, name)), not a regular file: it is not read")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .refused("\(relative) cannot be examined: it is not read") }
        guard info.st_mode & S_IFMT == S_IFREG else {
            return .refused("\(relative) is \(describe(info.st_mode)), not a regular file: it is not read")
        }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: min(1 << 16, limit))
        while data.count < limit {
            let n = Glibc.read(fd, &buffer, min(buffer.count, limit - data.count))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            data.append(contentsOf: buffer[0..<n])
        }
        return .read(data)
    }

    /// The content when a regular file is there, nil otherwise.
    static func contents(_ relative: String, in workTree: URL, limit: Int = Int.max) -> Data? {
        if case .read(let data) = read(relative, in: workTree, limit: limit) { return data }
        return nil
    }

    /// What `name` in the open folder is, without following it.
    private static func kind(at folder: Int32, _ name: String) -> String {
        var info = stat()
        guard fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return "unreadable" }
        return describe(info.st_mode)
    }

    static func describe(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFLNK: return "a symbolic link"
        case S_IFDIR: return "a folder"
        case S_IFIFO: return "a FIFO"
        case S_IFCHR, S_IFBLK: return "a device"
        case S_IFSOCK: return "a socket"
        case S_IFREG: return "a regular file"
        default: return "not a file"
        }
    }

    /// Why `relative` is not a real folder all the way down (a symlink or a file on the way);
    /// nil when it is, or is not there.
    static func folderProblem(_ relative: String, in workTree: URL) -> String? {
        var info = stat()
        var place = workTree.path
        for part in relative.split(separator: "/") {
            place += "/\(part)"
            guard lstat(place, &info) == 0 else { return nil }
            guard info.st_mode & S_IFMT == S_IFDIR else {
                return "\(place.dropFirst(workTree.path.count + 1)) is \(describe(info.st_mode)), not a folder"
            }
        }
        return nil
    }
}
