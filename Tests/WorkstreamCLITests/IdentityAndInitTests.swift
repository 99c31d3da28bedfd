import Foundation
import Testing

/// Whose name ws's commits carry, what `ws init` commits, and that no ws commit lands in the
/// middle of a person's rebase.
@Suite struct IdentityAndInitTests {
    /// A repository whose own git configuration names Pat, with no agent in the environment.
    func patsRepository() throws -> Sandbox {
        let s = try Sandbox()
        s.environment.removeValue(forKey: "WS_AGENT")
        try s.git("config", "user.name", "Pat Person")
        try s.git("config", "user.email", "pat@example.com")
        return s
    }

    @discardableResult
    func lastCommit(_ s: Sandbox) throws -> String {
        try s.git("log", "-1", "--format=%an <%ae> | %cn <%ce> | %s").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func withoutAnAgentTheCommitsAreThePersonsAndAnAgentOnlyAuthors() throws {
        let s = try patsRepository()
        try s.ws("init").check()
        #expect(try lastCommit(s) == "Pat Person <pat@example.com> | Pat Person <pat@example.com> | ws: init")
        try s.ws("new", "A", "--title", "Alpha").check()
        try s.ws("start", "A").check()
        try s.ws("complete", "A", "--force", "--reason", "test", "--summary", "done").check()
        #expect(try lastCommit(s) == "Pat Person <pat@example.com> | Pat Person <pat@example.com> | ws: complete A — Alpha")
        try s.ws("new", "B", "--title", "Beta").check()
        try s.ws("start", "B", "--agent", "ann").check()
        try s.ws("complete", "B", "--agent", "ann", "--force", "--reason", "test", "--summary", "done").check()
        #expect(try lastCommit(s) == "ann <ann@ws-agents.invalid> | Pat Person <pat@example.com> | ws: complete B — Beta")
        #expect(try s.git("status", "--porcelain").stdout.isEmpty)
    }

    @Test func withNoGitIdentityAtAllTheActorIsUsedAtWsAgents() throws {
        let s = try Sandbox()
        let home = s.root.appendingPathComponent(".home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        s.environment.removeValue(forKey: "WS_AGENT")
        for key in ["GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"] {
            s.environment.removeValue(forKey: key)
        }
        s.environment["HOME"] = home.path
        s.environment["XDG_CONFIG_HOME"] = home.path
        s.environment["GIT_CONFIG_NOSYSTEM"] = "1"
        s.environment["USER"] = "dev"
        try Data(".home/\n".utf8).write(to: s.root.appendingPathComponent(".git/info/exclude"))
        try s.ws("init").check()
        #expect(try lastCommit(s) == "dev <dev@ws-agents.invalid> | dev <dev@ws-agents.invalid> | ws: init")
    }

    @Test func initCommitsWhatItSetsUpAndNothingOfThePersons() throws {
        let s = try patsRepository()
        try s.write(".gitignore", "build/\n")
        try s.git("add", ".gitignore")
        try s.git("commit", "-q", "-m", "ignore builds")
        try s.write(".gitignore", "build/\ntmp/\n")
        try s.write("staged.txt", "staged, not committed\n")
        try s.git("add", "staged.txt")
        try s.write("untracked.txt", "mine\n")

        try s.ws("init").check()
        let files = try s.git("show", "--name-only", "--format=", "HEAD").stdout.split(separator: "\n").map(String.init)
        #expect(files == [".gitattributes", ".gitignore", ".ws/config.json"])
        #expect(try s.git("show", "HEAD:.gitignore").stdout == "build/\n.ws/local/\n")
        let ignoreFile = s.root.appendingPathComponent(".gitignore")
        #expect(try String(contentsOf: ignoreFile, encoding: .utf8) == "build/\ntmp/\n.ws/local/\n")
        #expect(try s.git("status", "--porcelain").stdout == " M .gitignore\nA  staged.txt\n?? untracked.txt\n")
        let head = try s.git("rev-parse", "HEAD").stdout
        try s.ws("init").check()
        #expect(try s.git("rev-parse", "HEAD").stdout == head, "a second init committed again")
    }

    @Test func aFreshRepositoryIsCleanAfterInitAndAfterEveryWsCommit() throws {
        let s = try patsRepository()
        try s.ws("init").check()
        #expect(try s.git("status", "--porcelain").stdout.isEmpty)
        try s.ws("new", "A", "--title", "Alpha").check()
        try s.ws("start", "A").check()
        try s.ws("complete", "A", "--force", "--reason", "test").check()
        #expect(try s.git("status", "--porcelain").stdout.isEmpty)
        #expect(try s.git("rev-list", "--count", "HEAD").stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "2")
    }

    @Test func aRebaseInProgressGetsNoWsCommitAndTheNextCommandAfterItCatchesUp() throws {
        let s = try patsRepository()
        try s.ws("init").check()
        try s.ws("new", "A", "--title", "Alpha").check()
        try s.write("app.txt", "base\n")
        try s.git("add", "app.txt")
        try s.git("commit", "-q", "-m", "base")
        try s.git("checkout", "-q", "-b", "feature")
        try s.write("app.txt", "feature\n")
        try s.git("commit", "-q", "-am", "feature")
        try s.git("checkout", "-q", "main")
        try s.write("app.txt", "main\n")
        try s.git("commit", "-q", "-am", "main")
        try s.git("checkout", "-q", "feature")
        let rebase = try Sandbox.run(["/usr/bin/env", "git", "rebase", "main"], cwd: s.root, env: s.environment)
        #expect(rebase.code != 0, "the rebase should stop on app.txt")
        let head = try s.git("rev-parse", "HEAD").stdout

        try s.ws("start", "A").check()
        let complete = try s.ws("complete", "A", "--force", "--reason", "test")
        #expect(complete.code == 0, "\(complete.stderr)")
        #expect(complete.stderr.contains("a rebase is in progress"), "\(complete.stderr)")
        #expect(try s.git("rev-parse", "HEAD").stdout == head)
        #expect(try s.git("ls-files", "-u").stdout.contains("app.txt"))

        try s.git("rebase", "--abort")
        try s.ws("commit").check()
        #expect(try lastCommit(s) == "Pat Person <pat@example.com> | Pat Person <pat@example.com> | ws: complete A — Alpha")
        #expect(try s.git("rev-parse", "--abbrev-ref", "HEAD").stdout == "feature\n")
        try s.ws("verify").check()
    }
}
