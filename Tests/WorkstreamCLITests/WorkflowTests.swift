import Foundation
import Testing

/// The commands as agents and project managers use them, end to end.
@Suite struct WorkflowTests {
    func planned() throws -> Sandbox { try Sandbox.planned() }

    @Test func planApplyIsIdempotentAndAppliesOnlyTheDifference() throws {
        let s = try planned()
        let before = try s.snapshot()
        let again = try s.ws("plan", "apply", "plan.yaml").check()
        #expect(again.stdout.contains("nothing to change"))
        #expect(try s.snapshot() == before)
        // A changed title and a dropped dependency are the only new events.
        try s.write("plan.yaml", DemoPlan.yaml.replacingOccurrences(of: "title: Production launch", with: "title: Go live")
            .replacingOccurrences(of: "depends_on: [A2, A3, B1, C1]", with: "depends_on: [A2, A3, B1]"))
        let changed = try s.ws("plan", "apply", "plan.yaml").check()
        #expect(changed.stdout.contains("2 events"))
        let d1 = try #require(try json(try s.ws("show", "D1", "--json").stdout) as? [String: Any])
        #expect(d1["title"] as? String == "Go live")
        #expect(d1["dependsOn"] as? [String] == ["A2", "A3", "B1"])
    }

    @Test func briefCheckboxesBecomeTasksWithSectionNumbers() throws {
        let s = try planned()
        let a1 = try #require(try json(try s.ws("show", "A1", "--json").stdout) as? [String: Any])
        let tasks = try #require(a1["tasks"] as? [[String: Any]])
        #expect(tasks.map { $0["id"] as? String } == ["1.1", "1.2", "1.3", "2.1", "2.2"])
        #expect(tasks.first?["text"] as? String == "Create the VPC and private subnet")
        #expect(tasks.allSatisfy { $0["done"] as? Bool == false })
        // Re-sending the same brief adds nothing; a new checkbox adds one task.
        let brief = try #require(a1["brief"] as? String)
        try s.write("brief.md", brief)
        #expect(try s.ws("brief", "A1", "--file", "brief.md").check().stdout.contains("unchanged"))
        try s.write("brief.md", brief + "\n- [ ] 3.1 Write the handoff\n")
        #expect(try s.ws("brief", "A1", "--file", "brief.md").check().stdout.contains("1 new task"))
        let after = try #require(try json(try s.ws("show", "A1", "--json").stdout) as? [String: Any])
        #expect((after["tasks"] as? [[String: Any]])?.last?["id"] as? String == "3.1")
    }

    @Test func readyBlockedAndStatusFollowTheWork() throws {
        let s = try planned()
        let ready = try #require(try json(try s.ws("ready", "--json").stdout) as? [[String: Any]])
        #expect(ready.map { $0["id"] as? String } == ["A1"])
        for key in ["id", "title", "status", "agent", "dependsOn"] { #expect(ready[0].keys.contains(key), "\(key)") }

        let blocked = try #require(try json(try s.ws("blocked", "--json").stdout) as? [[String: Any]])
        let d1 = try #require(blocked.first { $0["id"] as? String == "D1" })
        #expect(d1["rootBlockers"] as? [String] == ["A1"])
        #expect((d1["chain"] as? [String])?.last == "A1")
        #expect(try s.ws("blocked").stdout.contains("waits on A2 (planned) → A1 (ready)"))

        try s.ws("start", "A1", "--agent", "alice").check()
        for t in ["1.1", "1.2", "1.3", "2.1", "2.2"] { try s.ws("task", "done", "A1", t, "--agent", "alice").check() }
        try s.ws("block", "C1", "--reason", "waiting for the monitoring budget").check()
        try s.ws("complete", "A1", "--agent", "alice", "--summary", "Infrastructure is up", "--next", "Run migrations").check()
        let afterReady = try #require(try json(try s.ws("ready", "--json").stdout) as? [[String: Any]])
        #expect(afterReady.map { $0["id"] as? String } == ["A2", "A3"])
        let status = try #require(try json(try s.ws("status", "--json").stdout) as? [[String: Any]])
        let statuses = Dictionary(uniqueKeysWithValues: status.map { ($0["id"] as? String ?? "", $0["status"] as? String ?? "") })
        #expect(statuses == ["A1": "completed", "A2": "ready", "A3": "ready", "B1": "planned", "C1": "blocked", "D1": "planned"])
        let blockedText = try s.ws("blocked").stdout
        #expect(blockedText.contains("blocked: waiting for the monitoring budget"))

        let critical = try #require(try json(try s.ws("critical-path", "--json").stdout) as? [String: Any])
        #expect((critical["path"] as? [[String: Any]])?.map { $0["id"] as? String } == ["A2", "B1", "D1"])
        #expect(critical["totalHours"] as? Double == 28)

        let deps = try #require(try json(try s.ws("deps", "D1", "--json").stdout) as? [[String: Any]])
        #expect(Set(deps.compactMap { $0["id"] as? String }) == ["A1", "A2", "A3", "B1", "C1"])
        let reverse = try #require(try json(try s.ws("deps", "A1", "--reverse", "--json").stdout) as? [[String: Any]])
        #expect(reverse.filter { ($0["depth"] as? Int) == 1 }.compactMap { $0["id"] as? String }.sorted() == ["A2", "A3", "C1"])
        try s.ws("verify").check()
    }

    @Test func statusAtAnEarlierPointReplaysTheLog() throws {
        let s = try planned()
        let head = try #require(try json(try s.ws("history", "--json").stdout) as? [[String: Any]]).count
        try s.ws("start", "A1", "--agent", "alice").check()
        let then = try #require(try json(try s.ws("status", "--at", String(head), "--json").stdout) as? [[String: Any]])
        #expect(then.first { $0["id"] as? String == "A1" }?["status"] as? String == "ready")
        let now = try #require(try json(try s.ws("status", "--json").stdout) as? [[String: Any]])
        #expect(now.first { $0["id"] as? String == "A1" }?["status"] as? String == "in_progress")
        let showThen = try #require(try json(try s.ws("show", "A1", "--at", String(head), "--json").stdout) as? [String: Any])
        #expect(showThen["agent"] is NSNull)
        let early = try s.ws("status", "--at", "2000-01-01", "--json").check()
        #expect(early.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
        #expect(try s.ws("status", "--at", "yesterday-ish").code == 1)
    }

    @Test func secretsStayOutOfTheLogAndOnlyEnvShowsThem() throws {
        let s = try planned()
        try s.ws("artifact", "A1", "DATABASE_URL=postgres://app@10.0.0.5/app").check()
        try s.ws("artifact", "A1", "DB_PASSWORD=-", "--secret", stdin: "correct horse battery staple\n").check()
        let secret = "correct horse battery staple"
        for args in [["export"], ["history", "--json"], ["show", "A1", "--json"], ["show", "A1"], ["status", "--json"]] {
            #expect(!(try s.ws(args).stdout.contains(secret)), "\(args)")
        }
        let log = try Data(contentsOf: URL(fileURLWithPath: s.logPath))
        #expect(log.range(of: Data(secret.utf8)) == nil)
        let env = try s.ws("env", "A2").check().stdout
        #expect(env.contains("DB_PASSWORD='correct horse battery staple'"))
        #expect(env.contains("DATABASE_URL=postgres://app@10.0.0.5/app"))
        let attrs = try FileManager.default.attributesOfItem(atPath: s.root.appendingPathComponent(".git/ws/secrets.json").path)
        #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let show = try #require(try json(try s.ws("show", "A1", "--json").stdout) as? [String: Any])
        let artifacts = try #require(show["artifacts"] as? [[String: Any]])
        let pw = try #require(artifacts.first { $0["name"] as? String == "DB_PASSWORD" })
        #expect(pw["secret"] as? Bool == true)
        #expect(pw["value"] == nil)
        #expect((pw["fingerprint"] as? String)?.hasPrefix("hmac-sha256:") == true)
    }

    @Test func worktreesShareOneLog() throws {
        let s = try planned()
        try Sandbox.run(["/usr/bin/env", "git", "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-q", "--allow-empty", "-m", "init"],
                        cwd: s.root, env: s.environment).check()
        let wt = s.root.appendingPathComponent("wt")
        try Sandbox.run(["/usr/bin/env", "git", "worktree", "add", "-q", wt.path], cwd: s.root, env: s.environment).check()
        let r = try Sandbox.run([Sandbox.binary.path, "start", "A1", "--agent", "from-worktree"], cwd: wt, env: s.environment).check()
        #expect(r.stdout.contains("A1 started by from-worktree"))
        let status = try #require(try json(try s.ws("status", "--json").stdout) as? [[String: Any]])
        #expect(status.first { $0["id"] as? String == "A1" }?["agent"] as? String == "from-worktree")
    }
}
