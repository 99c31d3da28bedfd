import Foundation

/// Finds the git repository around a directory without running git: the
/// work tree, its git directory and the common directory that all linked
/// worktrees share (where the log lives, so it can never be committed).
public struct RepositoryLocation: Equatable, Sendable {
    public var workTree: URL
    public var gitDir: URL
    public var commonDir: URL

    public var wsDirectory: URL { commonDir.appendingPathComponent("ws", isDirectory: true) }
    public var logPath: String { wsDirectory.appendingPathComponent("log.sqlite").path }

    public static func find(from start: URL) throws -> RepositoryLocation {
        let fm = FileManager.default
        var dir = start.standardizedFileURL
        while true {
            let dotGit = dir.appendingPathComponent(".git")
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: dotGit.path, isDirectory: &isDir) {
                let gitDir = isDir.boolValue ? dotGit : try linkedGitDir(dotGit, base: dir)
                return RepositoryLocation(workTree: dir, gitDir: gitDir, commonDir: commonDir(of: gitDir))
            }
            if fm.fileExists(atPath: dir.appendingPathComponent("HEAD").path),
               fm.fileExists(atPath: dir.appendingPathComponent("objects").path),
               fm.fileExists(atPath: dir.appendingPathComponent("refs").path) {
                throw CLIError(code: 1, message: "\(dir.path) is a bare git repository; ws needs a work tree. Run it in a clone or a worktree.")
            }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path {
                throw CLIError(code: 1, message: "not inside a git repository (looked upward from \(start.path)). Run 'git init' first, or cd into one.")
            }
            dir = parent
        }
    }

    /// A worktree's `.git` is a file: `gitdir: <path>`.
    public static func linkedGitDir(_ file: URL, base: URL) throws -> URL {
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        guard let line = text.split(separator: "\n").first, line.hasPrefix("gitdir:") else {
            throw CLIError(code: 1, message: "\(file.path) is not a git directory or a 'gitdir:' file.")
        }
        let path = line.dropFirst("gitdir:".count).trimmingCharacters(in: .whitespaces)
        return path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path).standardizedFileURL
    }

    /// A linked worktree's git directory names the shared one in its `commondir` file.
    public static func commonDir(of gitDir: URL) -> URL {
        let file = gitDir.appendingPathComponent("commondir")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return gitDir.standardizedFileURL }
        let path = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return (path.hasPrefix("/") ? URL(fileURLWithPath: path) : gitDir.appendingPathComponent(path)).standardizedFileURL
    }
}
