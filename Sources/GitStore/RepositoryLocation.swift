import Foundation

/// Finds the git repository around a directory without running git: the
/// work tree, its git directory and the common directory that all linked
/// worktrees share (where the log lives, so it can never be committed).
/// Plain file reads, not libgit2: every command starts here, and `ws ready`
/// must not pay for opening libgit2 (see CLibLoader and BENCHMARKS.md).
public struct RepositoryLocation: Equatable, Sendable {
    public var workTree: URL
    public var gitDir: URL
    public var commonDir: URL

    public var wsDirectory: URL { commonDir.appendingPathComponent("ws", isDirectory: true) }
    public var logPath: String { wsDirectory.appendingPathComponent("log.sqlite").path }

    public static func find(from start: URL) throws(RepositoryNotFound) -> RepositoryLocation {
        let fm = FileManager.default
        var dir = start.standardizedFileURL
        while true {
            let dotGit = dir.appendingPathComponent(".git")
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: dotGit.path, isDirectory: &isDir) {
                let gitDir = isDir.boolValue ? dotGit : try linkedGitDir(dotGit, base: dir)
                return RepositoryLocation(workTree: dir, gitDir: gitDir, commonDir: commonDir(of: gitDir))
            }
            if ["HEAD", "objects", "refs"].allSatisfy({ fm.fileExists(atPath: dir.appendingPathComponent($0).path) }) {
                throw RepositoryNotFound(message: "\(dir.path) is a bare git repository; ws needs a work tree. "
                                         + "Run it in a clone or a worktree.")
            }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path {
                throw RepositoryNotFound(message: "not inside a git repository (looked upward from \(start.path)). "
                                         + "Run 'git init' first, or cd into one.")
            }
            dir = parent
        }
    }

    /// A worktree's `.git` is a file: `gitdir: <path>`.
    static func linkedGitDir(_ file: URL, base: URL) throws(RepositoryNotFound) -> URL {
        let text = smallFile(file.path) ?? ""
        guard let line = text.split(separator: "\n").first, line.hasPrefix("gitdir:") else {
            throw RepositoryNotFound(message: "\(file.path) is not a git directory or a 'gitdir:' file.")
        }
        let path = GitText.trimmedSpaces(line.dropFirst("gitdir:".count))
        return path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path).standardizedFileURL
    }

    /// A small file of git's (`.git` of a worktree, `commondir`, a config file), read with read(2): nil when it is
    /// not there, cannot be read or is past `limit` bytes. Every command reads these, and `String(contentsOf:)` or
    /// `FileManager.contents(atPath:)` built a `[String: Any]` of attributes even for a file that is not there (the
    /// usual `commondir`), whose first use made the Swift runtime scan the binary's 10,933 protocol conformance
    /// records: 6 % of a `ws log` (perf, 100-workstream plan).
    static func smallFile(_ path: String, limit: Int = 1 << 20) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 1 << 12)
        var count = 0
        while true {
            if count == bytes.count {
                guard bytes.count <= limit else { return nil }
                bytes += [UInt8](repeating: 0, count: bytes.count)
            }
            let n = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return read(fd, base + count, buffer.count - count)
            }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { return nil }
            if n == 0 { break }
            count += n
        }
        return count > limit ? nil : String(decoding: bytes[..<count], as: UTF8.self)
    }

    /// A linked worktree's git directory names the shared one in its `commondir` file.
    static func commonDir(of gitDir: URL) -> URL {
        let file = gitDir.appendingPathComponent("commondir")
        guard let text = smallFile(file.path) else { return gitDir.standardizedFileURL }
        let path = GitText.trimmed(text)
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : gitDir.appendingPathComponent(path)
        return url.standardizedFileURL
    }
}

/// No work tree around the directory ws was started in; the message says what to do.
public struct RepositoryNotFound: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
