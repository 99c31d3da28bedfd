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
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        guard let line = text.split(separator: "\n").first, line.hasPrefix("gitdir:") else {
            throw RepositoryNotFound(message: "\(file.path) is not a git directory or a 'gitdir:' file.")
        }
        let path = GitText.trimmedSpaces(line.dropFirst("gitdir:".count))
        return path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path).standardizedFileURL
    }

    /// A linked worktree's git directory names the shared one in its `commondir` file.
    static func commonDir(of gitDir: URL) -> URL {
        let file = gitDir.appendingPathComponent("commondir")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return gitDir.standardizedFileURL }
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
