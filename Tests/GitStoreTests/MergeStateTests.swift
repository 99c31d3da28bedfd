import Foundation
import GitStore
import TestSupport
import Testing

/// The GitStore side of a person's unfinished merge: it is seen, nothing is committed over it,
/// and staging a conflicted path leaves an index git accepts. And whose names a commit carries.
@Suite struct MergeStateTests {
    @discardableResult
    func git(_ dir: URL, _ args: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try Git.output(args, in: dir, environment: Git.isolated(home: dir), sourceLocation: sourceLocation)
    }

    /// main and side both changed `Workstreams/A.md`; main is checked out and merging side stopped on it.
    func conflictedMerge() throws -> URL {
        let dir = try TemporaryRepository.create(prefix: "ws-merge")
        try TemporaryRepository.write("base\n", to: "Workstreams/A.md", in: dir)
        try git(dir, "add", "-A")
        try git(dir, "commit", "-q", "-m", "base")
        try git(dir, "checkout", "-q", "-b", "side")
        try TemporaryRepository.write("side\n", to: "Workstreams/A.md", in: dir)
        try git(dir, "commit", "-q", "-am", "side")
        try git(dir, "checkout", "-q", "main")
        try TemporaryRepository.write("main\n", to: "Workstreams/A.md", in: dir)
        try git(dir, "commit", "-q", "-am", "main")
        #expect(try Git.run(["merge", "side"], in: dir, environment: Git.isolated(home: dir)).code == 1)
        return dir
    }

    @Test func midMergeNothingIsCommittedAndStagingSettlesTheConflict() throws {
        let dir = try conflictedMerge()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Repository(discoveringFrom: dir)
        #expect(r.operationInProgress == .merge)
        #expect(try r.conflictedFiles() == [ConflictedFile(path: "Workstreams/A.md", ours: Data("main\n".utf8),
                                                            theirs: Data("side\n".utf8))])
        let head = try r.headCommitID()
        let change = FileChange(path: "Workstreams/A.md", content: Data("settled\n".utf8))
        let agent = CommitIdentity(name: "a", email: "a@b.c")
        #expect { try r.commitGenerated([change], message: "ws: over the merge", author: agent) }
            throws: { ($0 as? GitError)?.isMidOperation == true }
        #expect(try r.headCommitID() == head)

        try r.stageResolved([change])
        #expect(try git(dir, "ls-files", "-u").isEmpty)
        #expect(try Git.run(["fsck", "--no-dangling"], in: dir, environment: Git.isolated(home: dir)).code == 0)
        #expect(try git(dir, "status", "--porcelain") == "M  Workstreams/A.md\n")
        try git(dir, "commit", "-q", "--no-edit")
        #expect(try git(dir, "rev-list", "--parents", "-n", "1", "HEAD").split(separator: " ").count == 3)
        #expect(try git(dir, "show", "HEAD:Workstreams/A.md") == "settled\n")
        #expect(r.operationInProgress == nil)
    }

    @Test func theCommitterIsThePersonAndTheAuthorTheAgent() throws {
        let dir = try conflictedMerge()
        defer { try? FileManager.default.removeItem(at: dir) }
        try git(dir, "merge", "--abort")
        try git(dir, "config", "user.name", "Pat Person")
        try git(dir, "config", "user.email", "pat@example.com")
        let r = try Repository(discoveringFrom: dir)
        let person = try #require(try r.configuredIdentity())
        #expect(person == CommitIdentity(name: "Pat Person", email: "pat@example.com"))
        _ = try r.commitGenerated([FileChange(path: "Workstreams/B.md", content: Data("b\n".utf8))], message: "ws: b",
                                  author: CommitIdentity(name: "ann", email: "ann@ws-agents.invalid"), committer: person)
        let names = try git(dir, "log", "-1", "--format=%an <%ae> | %cn <%ce>")
        #expect(names == "ann <ann@ws-agents.invalid> | Pat Person <pat@example.com>\n")
    }
}
