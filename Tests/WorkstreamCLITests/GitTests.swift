import Foundation
import TestSupport
import Testing

/// ws commits with libgit2: only generated paths, on the current branch,
/// never twice, and the journal carries the log to other clones.
@Suite struct GitTests {

    func planned() throws -> Sandbox { try Sandbox.planned() }

    func finishA1(_ s: Sandbox, env: [String: String] = [:]) throws -> Sandbox.Result {
        try s.ws("start", "A1", "--agent", "alice").check()
        for t in ["1.1", "1.2", "1.3", "2.1", "2.2"] { try s.ws("task", "done", "A1", t, "--agent", "alice").check() }
        try s.ws("artifact", "A1", "DB_PASSWORD=hunter2-secret", "--secret", "--agent", "alice").check()
        return try s.ws(["complete", "A1", "--agent", "alice", "--summary", "Infrastructure is up", "--next", "Run migrations"], env: env)
    }

    @Test func completeCommitsOnlyGeneratedPathsAndLeavesThePersonsWorkAlone() throws {
        let s = try planned()
        try s.write("app.txt", "version 1\n")
        try s.write("notes.txt", "draft\n")
        try s.git("add", "app.txt", "notes.txt", "plan.yaml", ".gitignore", ".gitattributes", ".ws/config.json", identity: true)
        try s.git("commit", "-q", "-m", "project", identity: true)
        try s.write("staged.txt", "staged but not committed\n")
        try s.git("add", "staged.txt", identity: true)
        try s.write("app.txt", "version 2 (unstaged)\n")
        let before = try s.git("rev-parse", "HEAD", identity: true).stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        try finishA1(s).check()

        #expect(try s.git("rev-list", "--count", "\(before)..HEAD", identity: true).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        let files = try s.git("show", "--name-only", "--format=", "HEAD", identity: true).stdout.split(separator: "\n").map(String.init)
        #expect(!files.isEmpty)
        #expect(files.allSatisfy { $0.hasPrefix("Workstreams/") || $0.hasPrefix("Handoffs/") || $0.hasPrefix("devlog/") || $0.hasPrefix(".ws/journal/") }, "\(files)")
        #expect(files.contains("Handoffs/\(try dateOfToday())-A1-infrastructure-setup.md"))
        #expect(files.contains(".ws/journal/A1.jsonl"))
        #expect(try s.git("log", "-1", "--format=%an", identity: true).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "alice")
        let subject = try s.git("log", "-1", "--format=%s", identity: true).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(subject == "ws: complete A1 — Infrastructure setup")
        #expect(try s.git("log", "-1", "--format=%B", identity: true).stdout.contains("Ws-Last-Seq: "))

        let status = try s.git("status", "--porcelain", identity: true).stdout
        #expect(status.contains("A  staged.txt"))
        #expect(status.contains(" M app.txt"))
        #expect(!status.contains("Workstreams/") && !status.contains("Handoffs/") && !status.contains("devlog/") && !status.contains(".ws/journal"), "\(status)")
        #expect(try String(contentsOf: s.root.appendingPathComponent("app.txt"), encoding: .utf8) == "version 2 (unstaged)\n")
        #expect(try !s.git("show", "HEAD:app.txt", identity: true).stdout.contains("version 2"))

        // No secret value in any commit, and the documents match the log.
        #expect(try !s.git("log", "-p", "--all", identity: true).stdout.contains("hunter2-secret"))
        try s.ws("verify").check()
        // A second complete of nothing new makes no commit.
        try s.ws("commit").check()
        #expect(try s.git("rev-list", "--count", "\(before)..HEAD", identity: true).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
    }

    @Test func initMakesTheFirstCommitOfAnUnbornBranchAndCompleteTheNext() throws {
        let s = try planned()
        #expect(try s.git("log", "--format=%s", "HEAD", identity: true).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ws: init")
        try finishA1(s).check()
        #expect(try s.git("rev-list", "--count", "HEAD", identity: true).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "2")
        #expect(try s.git("status", "--porcelain", identity: true).stdout.split(separator: "\n").allSatisfy { !$0.contains("Workstreams/") })
    }

    @Test func aKilledCompleteIsCommittedExactlyOnceByTheNextCommand() throws {
        let s = try planned()
        let crashed = try finishA1(s, env: ["WS_TEST_CRASH": "after-append"])
        #expect(crashed.code != 0)
        // The completion is in the log, the commit is not (HEAD is still ws's init commit).
        let logged = try Sandbox.run(["/usr/bin/env", "sqlite3", s.logPath, "SELECT count(*) FROM events WHERE type = 'WorkstreamCompleted'"],
                                     cwd: s.root, env: s.environment).check()
        #expect(logged.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        #expect(try s.git("rev-list", "--count", "HEAD", identity: true).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        // A read-only command never commits; the next writing command (here 'ws commit') does, once.
        try s.ws("status").check()
        #expect(try s.git("rev-list", "--count", "HEAD", identity: true).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        try s.ws("commit").check()
        #expect(try s.git("rev-list", "--count", "HEAD", identity: true).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "2")
        #expect(try s.git("log", "-1", "--format=%an %s", identity: true).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "alice ws: complete A1 — Infrastructure setup")
        for _ in 0..<3 { try s.ws("ready").check() }
        try s.ws("commit").check()
        #expect(try s.git("rev-list", "--count", "HEAD", identity: true).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "2")
        try s.ws("verify").check()
    }

    @Test func aLockedIndexRefusesBeforeRecordingAnything() throws {
        let s = try planned()
        try s.ws("start", "A1", "--agent", "alice").check()
        try s.write(".git/index.lock", "")
        let before = try s.snapshot()
        let r = try s.ws("complete", "A1", "--agent", "alice", "--force", "--reason", "test")
        #expect(r.code == 1)
        #expect(r.stderr.contains("index is locked"))
        #expect(try s.snapshot() == before)
    }

    @Test func handEditedDocumentsFailVerifyNamingTheFile() throws {
        let s = try planned()
        try finishA1(s).check()
        try s.ws("verify").check()
        let doc = s.root.appendingPathComponent("Workstreams/A2-backend-api.md")
        try (try String(contentsOf: doc, encoding: .utf8) + "\nedited by hand\n").write(to: doc, atomically: true, encoding: .utf8)
        let r = try s.ws("verify")
        #expect(r.code == 1)
        #expect(r.stderr.contains("Workstreams/A2-backend-api.md differs in the work tree"))
        try s.ws("rebuild").check()
        try s.ws("verify").check()
    }

    @Test func aFreshCloneRebuildsItsLogFromTheJournal() throws {
        let s = try planned()
        try finishA1(s).check()
        let clone = FileManager.default.temporaryDirectory.appendingPathComponent("ws-clone-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: clone) }
        try s.git("clone", "-q", s.root.path, clone.path, identity: true)
        let status = try Sandbox.run([Sandbox.binary.path, "status", "--json"], cwd: clone, env: s.environment).check().stdout
        #expect(status == (try s.ws("status", "--json").stdout))
        let cloneHead = try Sandbox.run([Sandbox.binary.path, "history", "--json"], cwd: clone, env: s.environment).check().stdout
        #expect(cloneHead == (try s.ws("history", "--json").stdout))
        try Sandbox.run([Sandbox.binary.path, "verify"], cwd: clone, env: s.environment).check()
    }

    @Test func aMergeBringsTheOtherBranchsEventsAndReportsARealConflict() throws {
        let s = try planned()
        try finishA1(s).check()
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("ws-merge-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: base) }
        let one = base.appendingPathComponent("one"), two = base.appendingPathComponent("two")
        try s.git("clone", "-q", s.root.path, one.path, identity: true)
        try s.git("clone", "-q", s.root.path, two.path, identity: true)
        func ws(_ dir: URL, _ args: String...) throws -> Sandbox.Result {
            try Sandbox.run([Sandbox.binary.path] + args, cwd: dir, env: s.environment.merging(Git.identity) { $1 })
        }
        try ws(one, "start", "A2", "--agent", "bob").check()
        try ws(one, "log", "A2", "migrations written").check()
        try ws(one, "commit", "--agent", "bob").check()
        try ws(two, "start", "A2", "--agent", "carol").check()
        try ws(two, "start", "A3", "--agent", "carol").check()
        try ws(two, "commit", "--agent", "carol").check()
        try s.git("pull", "-q", "--no-rebase", "--no-edit", two.path, "main", in: one, identity: true)

        let status = try #require(try json(try ws(one, "status", "--json").check().stdout) as? [[String: Any]])
        let a2 = try #require(status.first { $0["id"] as? String == "A2" })
        #expect((a2["conflict"] as? String)?.contains("bob") == true)
        #expect((a2["conflict"] as? String)?.contains("carol") == true)
        #expect(status.first { $0["id"] as? String == "A3" }?["agent"] as? String == "carol")
        // A conflict is a warning naming the command that settles it, not a failure.
        let verify = try ws(one, "verify").check()
        #expect(verify.stdout.contains("warning: conflict on A2"))
        #expect(verify.stdout.contains("ws resolve A2"))
        // Every event of both sides is there once.
        let history = try #require(try json(try ws(one, "history", "--json").stdout) as? [[String: Any]])
        #expect(Set(history.compactMap { $0["eventId"] as? String }).count == history.count)
        #expect(history.filter { $0["type"] as? String == "WorkstreamStarted" && $0["stream"] as? String == "A2" }.count == 2)
        try ws(one, "resolve", "A2", "--agent", "bob").check()
        try ws(one, "sync").check()
        let settled = try ws(one, "verify").check()
        #expect(!settled.stdout.contains("warning"), "\(settled.stdout)")
    }

    func dateOfToday() throws -> String {
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd"
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: Date())
    }
}

@Suite struct CommitPolicyTests {
    func planned() throws -> Sandbox { try Sandbox.planned() }

    func commits(_ s: Sandbox) throws -> Int {
        let r = try Sandbox.run(["/usr/bin/env", "git", "rev-list", "--count", "HEAD"], cwd: s.root, env: s.environment)
        return r.code == 0 ? Int(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 : 0
    }

    @Test func noCommitAndTheConfigSwitchLeaveGitAloneUntilAskedTo() throws {
        let s = try planned()
        // 'ws init' committed what it set up; nothing else is committed until asked to.
        #expect(try commits(s) == 1)
        try s.ws("cancel", "C1", "--reason", "not needed", "--no-commit").check()
        try s.ws("status").check()
        #expect(try commits(s) == 1)
        try s.write(".ws/config.json", "{\"autoCommit\": false}\n")
        try s.ws("cancel", "B1", "--reason", "folded into A2").check()
        #expect(try commits(s) == 1)
        try s.ws("commit").check()
        #expect(try commits(s) == 2)
        let subject = try Sandbox.run(["/usr/bin/env", "git", "log", "-1", "--format=%s"], cwd: s.root, env: s.environment).check().stdout
        #expect(subject.contains("cancel C1") && subject.contains("cancel B1"))
        try s.write(".ws/config.json", "{\"autoCommit\": \"sometimes\"}\n")
        let bad = try s.ws("status")
        #expect(bad.code == 1)
        #expect(bad.stderr.contains("autoCommit must be true or false"))
    }

    @Test func commitsFromALinkedWorktreeLandOnItsBranch() throws {
        let s = try planned()
        let env = s.environment.merging(Git.identity) { $1 }
        try Sandbox.run(["/usr/bin/env", "git", "commit", "-q", "--allow-empty", "-m", "root"], cwd: s.root, env: env).check()
        let wt = s.root.appendingPathComponent("wt")
        try Sandbox.run(["/usr/bin/env", "git", "worktree", "add", "-q", "-b", "feature", wt.path], cwd: s.root, env: env).check()
        try Sandbox.run([Sandbox.binary.path, "start", "A1", "--agent", "dana"], cwd: wt, env: env).check()
        try Sandbox.run([Sandbox.binary.path, "complete", "A1", "--agent", "dana", "--force", "--reason", "demo"], cwd: wt, env: env).check()
        let log = try Sandbox.run(["/usr/bin/env", "git", "log", "-1", "--format=%an %s", "feature"], cwd: s.root, env: env).check().stdout
        #expect(log.hasPrefix("dana ws: complete A1"))
        let main = try Sandbox.run(["/usr/bin/env", "git", "log", "-1", "--format=%s", "main"], cwd: s.root, env: env).check().stdout
        #expect(main.hasPrefix("root"))
        let status = try Sandbox.run(["/usr/bin/env", "git", "status", "--porcelain"], cwd: wt, env: env).check().stdout
        #expect(!status.contains("Workstreams/"), "\(status)")
    }

    @Test func contextGivesWhatTheDependenciesLeft() throws {
        let s = try planned()
        try s.ws("start", "A1", "--agent", "alice").check()
        try s.ws("artifact", "A1", "DB_HOST=10.0.0.5", "--agent", "alice").check()
        try s.ws("artifact", "A1", "DB_PASSWORD=pw-value-123", "--secret", "--agent", "alice").check()
        try s.ws("complete", "A1", "--agent", "alice", "--force", "--reason", "demo", "--summary", "All up", "--next", "Migrate").check()
        let doc = try #require(try json(try s.ws("context", "A2", "--json").check().stdout) as? [String: Any])
        #expect((doc["openTasks"] as? [[String: Any]])?.count == 3)
        let dep = try #require((doc["dependencies"] as? [[String: Any]])?.first)
        #expect(dep["summary"] as? String == "All up")
        #expect(dep["next"] as? [String] == ["Migrate"])
        #expect((dep["handoff"] as? String)?.hasPrefix("Handoffs/") == true)
        let names = (dep["artifacts"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names == ["DB_HOST", "DB_PASSWORD"])
        let text = try s.ws("start", "A2", "--agent", "bob").check().stdout
        #expect(text.contains("All up") && text.contains("DB_PASSWORD (secret)") && !text.contains("pw-value-123"))
    }
}

/// Publishing renders only what changed; after every commit the documents must
/// equal a full rendering of the log (which `ws verify` checks).
@Suite struct IncrementalPublishingTests {
    @Test func documentsStayEqualToAFullRenderingThroughManyChanges() throws {
        let s = try Sandbox()
        try s.ws("init").check()
        try s.write("plan.yaml", DemoPlan.yaml)
        try s.ws("plan", "apply", "plan.yaml").check()
        try s.ws("commit").check()
        var rng = SeededGenerator(seed: 7)
        let ids = ["A1", "A2", "A3", "B1", "C1", "D1"]
        var extra = 0
        for round in 0..<30 {
            let id = ids[Int(rng.next() % UInt64(ids.count))]
            switch rng.next() % 9 {
            case 0: _ = try s.ws("start", id, "--agent", "agent-\(round % 3)")
            case 1: _ = try s.ws("complete", id, "--force", "--reason", "round \(round)", "--agent", "agent-\(round % 3)", "--no-commit")
            case 2: _ = try s.ws("log", id, "note \(round)", "--kind", "issue", "--hours", "0.5")
            case 3: _ = try s.ws("dep", "add", id, ids[Int(rng.next() % UInt64(ids.count))])
            case 4: _ = try s.ws("dep", "rm", id, ids[Int(rng.next() % UInt64(ids.count))])
            case 5:
                extra += 1
                _ = try s.ws("new", "X\(extra)", "--title", "Extra \(extra)", "--depends-on", id)
            case 6: _ = try s.ws("block", id, "--reason", "waiting \(round)")
            case 7: _ = try s.ws("unblock", id)
            default:
                try s.write("plan.yaml", DemoPlan.yaml.replacingOccurrences(of: "title: Backend API", with: "title: Backend API v\(round)"))
                _ = try s.ws("plan", "apply", "plan.yaml")
            }
            if round % 3 == 2 {
                try s.ws("commit").check()
                let v = try s.ws("verify")
                #expect(v.code == 0, "round \(round): \(v.stderr)")
            }
        }
        let status = try Sandbox.run(["/usr/bin/env", "git", "status", "--porcelain"], cwd: s.root, env: s.environment).check().stdout
        #expect(!status.contains("Workstreams/") && !status.contains("devlog/") && !status.contains("Handoffs/"), "\(status)")
    }
}
