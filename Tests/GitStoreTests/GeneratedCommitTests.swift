import Foundation
import GitStore
import Testing

/// The libgit2 wrapper on its own: commits exactly the given paths on top of
/// the tip, keeps the index in step, and makes no commit for no change.
@Suite struct GeneratedCommitTests {
    func git(_ dir: URL, _ args: String...) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git"] + args
        p.currentDirectoryURL = dir
        p.environment = ["GIT_AUTHOR_NAME": "P", "GIT_AUTHOR_EMAIL": "p@example.com", "GIT_COMMITTER_NAME": "P",
                         "GIT_COMMITTER_EMAIL": "p@example.com", "HOME": dir.path, "PATH": "/usr/bin:/bin"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        #expect(exitStatus(of: p) == 0, "git \(args)")
        return String(decoding: data, as: UTF8.self)
    }

    func repo() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ws-git-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        _ = try git(dir, "init", "-q", "-b", "main")
        return dir
    }

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

/// Waits for a child by its pid. Foundation's own reaping can miss a child when the same test
/// process also spawns through posix_spawn (the provider tests do), leaving `waitUntilExit`
/// blocked on a zombie; this never depends on it.
func exitStatus(of process: Process) -> Int32 {
    let pid = process.processIdentifier
    while true {
        var status: Int32 = 0
        let r = waitpid(pid, &status, WNOHANG)
        if r == pid { return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f) }
        if r < 0 && !process.isRunning {
                    return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
                }
        usleep(2_000)
    }
}
