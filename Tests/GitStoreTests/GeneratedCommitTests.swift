import Foundation
import GitStore
import TestSupport
import Testing

/// The libgit2 wrapper on its own: commits exactly the given paths on top of
/// the tip, keeps the index in step, and makes no commit for no change.
@Suite struct GeneratedCommitTests {
    func git(_ dir: URL, _ args: String...) throws -> String {
        try Git.output(args, in: dir, environment: Git.isolated(home: dir))
    }

    func repo() throws -> URL { try TemporaryRepository.create(prefix: "ws-git") }

    @Test func commitsOnlyTheGivenPathsAndKeepsTheIndexInStep() throws {
        let dir = try repo()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("mine\n".utf8).write(to: dir.appendingPathComponent("mine.txt"))
        _ = try git(dir, "add", "mine.txt")
        let r = try Repository(discoveringFrom: dir)
        let identity = CommitIdentity(name: "agent-a", email: "agent-a@example.invalid")
        let first = try r.commitGenerated([FileChange(path: "Workstreams/A1.md", content: Data("one\n".utf8))],
                                          message: "ws: first", author: identity)
        guard case .committed = first else { Issue.record("expected a commit"); return }
        #expect(try git(dir, "show", "--name-only", "--format=", "HEAD") == "Workstreams/A1.md\n")
        #expect(try git(dir, "status", "--porcelain") == "A  mine.txt\n")
        #expect(try git(dir, "log", "-1", "--format=%an") == "agent-a\n")
        // The same content again: no commit.
        let again = try r.commitGenerated([FileChange(path: "Workstreams/A1.md", content: Data("one\n".utf8))],
                                          message: "ws: again", author: identity)
        #expect(again == .unchanged)
        #expect(try git(dir, "rev-list", "--count", "HEAD") == "1\n")
        // A removal takes the file out of the tree, the index and the work tree.
        _ = try r.commitGenerated([FileChange(path: "Workstreams/A1.md", content: nil)], message: "ws: remove", author: identity)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("Workstreams/A1.md").path))
        #expect(try git(dir, "status", "--porcelain") == "A  mine.txt\n")
    }

    @Test func aLockedIndexIsATypedErrorAndNothingChanges() throws {
        let dir = try repo()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data().write(to: dir.appendingPathComponent(".git/index.lock"))
        let r = try Repository(discoveringFrom: dir)
        #expect { try r.commitGenerated([FileChange(path: "x.md", content: Data("x".utf8))], message: "m",
                                        author: CommitIdentity(name: "a", email: "a@b.c")) } throws: { error in
            (error as? GitError)?.isLocked == true
        }
        #expect(try r.headCommitID() == nil)
    }
}
