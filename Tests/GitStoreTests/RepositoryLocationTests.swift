import Foundation
import GitStore
import TestSupport
import Testing

/// Where the repository is, read from git's files without libgit2, against what git itself says:
/// a linked worktree, a `.git` file with a relative `gitdir:`, a bare repository, packed refs, `user.name`.
@Suite struct RepositoryLocationTests {
    func git(_ dir: URL, _ args: String...) throws -> String {
        try Git.output(args, in: dir, environment: Git.isolated(home: dir))
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A repository with one commit, in a fresh folder that is removed when `body` returns.
    func withRepository(_ body: (URL) throws -> Void) throws {
        // A plain folder holding the repository and its siblings (worktrees, bare clones), removed together.
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("ws-loc-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let main = base.appendingPathComponent("main")
        let deeper = main.appendingPathComponent("sub/deeper")
        try FileManager.default.createDirectory(at: deeper, withIntermediateDirectories: true)
        _ = try git(main, "init", "-q", "-b", "main")
        _ = try git(main, "commit", "-q", "--allow-empty", "-m", "first")
        try body(main.resolvingSymlinksInPath())
    }

    @Test func aLinkedWorktreeSharesTheMainCommonDirectory() throws {
        try withRepository { main in
            let linked = main.deletingLastPathComponent().appendingPathComponent("linked")
            _ = try git(main, "worktree", "add", "-q", "-b", "side", linked.path)
            let inner = linked.appendingPathComponent("inner")
            try FileManager.default.createDirectory(at: inner, withIntermediateDirectories: true)
            let location = try RepositoryLocation.find(from: inner)
            #expect(location.workTree.path == linked.path)
            #expect(location.gitDir.path == (try git(linked, "rev-parse", "--absolute-git-dir")))
            #expect(location.commonDir.path == main.appendingPathComponent(".git").path)
            #expect(location.headCommit == (try git(linked, "rev-parse", "HEAD")))
            let fromBelow = try RepositoryLocation.find(from: main.appendingPathComponent("sub/deeper"))
            #expect(fromBelow.workTree.path == main.path)
        }
    }

    @Test func aRelativeGitdirFileIsReadFromItsWorkTree() throws {
        try withRepository { main in
            let moved = main.deletingLastPathComponent().appendingPathComponent("store.git")
            try FileManager.default.moveItem(at: main.appendingPathComponent(".git"), to: moved)
            try Data("gitdir: ../store.git\n".utf8).write(to: main.appendingPathComponent(".git"))
            let location = try RepositoryLocation.find(from: main.appendingPathComponent("sub"))
            #expect(location.gitDir.path == moved.path)
            #expect(location.commonDir.path == moved.path)
        }
    }

    @Test func aBareRepositoryAndNoRepositoryAreRefusedWithAdvice() throws {
        try withRepository { main in
            let bare = main.deletingLastPathComponent().appendingPathComponent("bare.git")
            _ = try git(main, "clone", "-q", "--bare", main.path, bare.path)
            #expect { try RepositoryLocation.find(from: bare) } throws: { "\($0)".contains("is a bare git repository") }
            #expect { try RepositoryLocation.find(from: URL(fileURLWithPath: "/")) } throws: {
                "\($0)".contains("not inside a git repository")
            }
        }
    }

    @Test func headIsReadFromPackedRefsAndTheNameFromTheConfig() throws {
        try withRepository { main in
            _ = try git(main, "pack-refs", "--all")
            let location = try RepositoryLocation.find(from: main)
            #expect(!FileManager.default.fileExists(atPath: main.appendingPathComponent(".git/refs/heads/main").path))
            #expect(location.headCommit == (try git(main, "rev-parse", "HEAD")))
            #expect(!location.operationInProgress && !location.isMerging)
            #expect(location.userName(home: main.path) == nil)
            _ = try git(main, "config", "user.name", "Pat Person")
            #expect(location.userName(home: nil) == "Pat Person")
        }
    }
}
