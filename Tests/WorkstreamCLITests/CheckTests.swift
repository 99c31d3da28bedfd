import Foundation
import Testing

/// Checks through the real `ws`: declared by command or plan, run with `ws env` in the
/// environment, recorded as events, and `ws complete` refused while one fails.
@Suite struct CheckTests {
    static let secret = "s3cr3t-Pa55word-9f2c"

    func sandbox() throws -> Sandbox {
        let s = try Sandbox()
        try Sandbox.run(["/usr/bin/env", "git", "config", "user.name", "Person"], cwd: s.root, env: s.environment).check()
        try Sandbox.run(["/usr/bin/env", "git", "config", "user.email", "person@example.com"], cwd: s.root, env: s.environment).check()
        // 'ws init' commits what it sets up.
        try s.ws("init").check()
        #expect(try s.git("status", "--porcelain").stdout.isEmpty)
        try s.ws("new", "A1", "--title", "Database").check()
        return s
    }

    @discardableResult
    func history(_ s: Sandbox) throws -> [[String: Any]] {
        try #require(try json(try s.ws("history", "A1", "--json").check().stdout) as? [[String: Any]])
    }

    @Test func aFailingCheckRefusesCompletionWithItsOutputTail() throws {
        let s = try sandbox()
        try s.ws("check", "add", "A1", "migrations applied", "--run", "echo 'applying 0042'; echo 'relation users already exists' >&2; exit 3").check()
        try s.ws("check", "add", "A1", "always fine", "--run", "true").check()
        try s.ws("start", "A1").check()
        let refused = try s.ws("complete", "A1", "--summary", "Done")
        #expect(refused.code == 3, "\(refused.stderr)")
        #expect(refused.stderr.contains("migrations applied") && refused.stderr.contains("exit 3"), "\(refused.stderr)")
        #expect(refused.stderr.contains("relation users already exists") && refused.stderr.contains("applying 0042"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("- always fine"), "\(refused.stderr)")
        let show = try #require(try json(try s.ws("show", "A1", "--json").check().stdout) as? [String: Any])
        #expect(show["status"] as? String == "in_progress")
        let checks = try #require(show["checks"] as? [[String: Any]])
        #expect(checks.map { $0["name"] as? String } == ["migrations applied", "always fine"])
        #expect((checks.first?["last"] as? [String: Any])?["exitCode"] as? Int == 3)
        // Each run is an event with the exit code, the duration and the tail of the output.
        let ran = try history(s).filter { $0["type"] as? String == "CheckRan" }.compactMap { $0["data"] as? [String: Any] }
        #expect(ran.count == 2)
        #expect(ran.first?["exitCode"] as? Int == 3 && ran.first?["durationMs"] is Int)
        #expect((ran.first?["output"] as? String)?.hasSuffix("relation users already exists") == true)
        // Fixed, the same command completes.
        try s.ws("check", "add", "A1", "migrations applied", "--run", "echo 'nothing to apply'").check()
        let done = try s.ws("complete", "A1", "--summary", "Done").check()
        #expect(done.stdout.contains("✓ migrations applied"), "\(done.stdout)")
    }

    @Test func forceRecordsTheFailureInTheHandoff() throws {
        let s = try sandbox()
        try s.ws("check", "add", "A1", "replica lag below 1 s", "--run", "echo 'lag: 12 s'; exit 1").check()
        try s.ws("start", "A1").check()
        let noReason = try s.ws("complete", "A1", "--force")
        #expect(noReason.code == 3, "\(noReason.stderr)")
        try s.ws("complete", "A1", "--summary", "Shipped", "--force", "--reason", "the replica is rebuilt tonight").check()
        let handoffs = try FileManager.default.contentsOfDirectory(atPath: s.root.appendingPathComponent("Handoffs").path).filter { $0.hasSuffix(".md") }
        let handoff = try String(contentsOf: s.root.appendingPathComponent("Handoffs/\(try #require(handoffs.first))"), encoding: .utf8)
        #expect(handoff.contains("## Evidence"), "\(handoff)")
        #expect(handoff.contains("| replica lag below 1 s | `echo 'lag: 12 s'; exit 1` | ❌ failed (exit 1"), "\(handoff)")
        #expect(handoff.contains("Completed with `--force` while this check had not passed: replica lag below 1 s"), "\(handoff)")
        #expect(handoff.contains("lag: 12 s"), "\(handoff)")
        let completed = try #require(try history(s).last { $0["type"] as? String == "WorkstreamCompleted" }?["data"] as? [String: Any])
        #expect(completed["failedChecks"] as? [String] == ["replica lag below 1 s"])
        // The handoff is a projection: a rebuild writes the same bytes.
        try s.ws("rebuild").check()
        #expect(try s.git("status", "--porcelain").stdout.isEmpty)
    }

    @Test func aSecretUsedByACheckNeverReachesItsRecordedOutput() throws {
        let s = try sandbox()
        try s.ws("artifact", "A1", "DB_PASSWORD=\(Self.secret)", "--secret").check()
        try s.ws("check", "add", "A1", "login works", "--run", "echo \"connecting as app:$DB_PASSWORD\"; echo \"bad password $DB_PASSWORD\" >&2; exit 1").check()
        try s.ws("check", "add", "A1", "password is set", "--run", "test ${#DB_PASSWORD} -eq \(Self.secret.count) && echo \"ok $DB_PASSWORD\"").check()
        // A command that spells a secret out is refused: it would be recorded, and reach git.
        let spelled = try s.ws("check", "add", "A1", "spelled out", "--run", "psql 'postgres://app:\(Self.secret)@db/app'")
        #expect(spelled.code == 1 && spelled.stderr.contains("$DB_PASSWORD") && !spelled.stderr.contains(Self.secret), "\(spelled.stderr)")
        try s.ws("start", "A1").check()
        var outputs: [String] = []
        let run = try s.ws("check", "run", "A1")
        #expect(run.code == 1, "\(run.stderr)")
        outputs += [run.stdout, run.stderr]
        #expect(run.stdout.contains("✓ password is set"), "the secret reached the check: \(run.stdout)")
        #expect(run.stdout.contains("connecting as app:********"), "\(run.stdout)")
        let refused = try s.ws("complete", "A1")
        outputs += [refused.stdout, refused.stderr]
        let forced = try s.ws("complete", "A1", "--force", "--reason", "login fixed upstream").check()
        outputs += [forced.stdout, forced.stderr]
        outputs.append(try s.ws("history", "--json").check().stdout)
        outputs.append(try s.ws("export").check().stdout)
        outputs.append(try s.ws("show", "A1", "--json").check().stdout)
        outputs.append(try s.ws("show", "A1").check().stdout)
        outputs.append(try s.git("log", "-p", "--all").stdout)
        for folder in ["Workstreams", "Handoffs", "devlog", ".ws/journal"] {
            let dir = s.root.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
                outputs.append(try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8))
            }
        }
        #expect(outputs.joined().contains("bad password ********"))
        for (i, text) in outputs.enumerated() { #expect(!text.contains(Self.secret), "output \(i) holds the secret") }
    }

    @Test func theEvidenceListsTheCommitsAndFilesOfTheWorkstream() throws {
        let s = try sandbox()
        try s.write("before.txt", "made before the start\n")
        try s.git("add", "before.txt")
        try s.git("commit", "-q", "-m", "Before the start")
        try s.ws("start", "A1").check()
        try s.write("db/schema.sql", "create table users (id int);\n")
        try s.git("add", "db/schema.sql")
        try s.git("commit", "-q", "-m", "Add the schema")
        try s.ws("log", "A1", "schema written").check()
        try s.ws("commit").check()
        try s.write("db/seed.sql", "insert into users values (1);\n")
        try s.write("before.txt", "changed during the work\n")
        try s.git("add", "db/seed.sql", "before.txt")
        try s.git("commit", "-q", "-m", "Seed data\n\nWith a body that stays out of the evidence.")
        try s.ws("complete", "A1", "--summary", "Schema and seed").check()
        let completed = try #require(try history(s).last { $0["type"] as? String == "WorkstreamCompleted" }?["data"] as? [String: Any])
        let evidence = try #require(completed["evidence"] as? [String: Any])
        let commits = try #require(evidence["commits"] as? [[String: Any]])
        // ws's own commit of its documents is not the workstream's work; the commit before the start is not either.
        #expect(commits.map { $0["summary"] as? String } == ["Add the schema", "Seed data"])
        #expect(commits.allSatisfy { $0["author"] as? String == "Person" })
        #expect(evidence["files"] as? [String] == ["before.txt", "db/schema.sql", "db/seed.sql"])
        let handoffs = try FileManager.default.contentsOfDirectory(atPath: s.root.appendingPathComponent("Handoffs").path).filter { $0.hasSuffix(".md") }
        let handoff = try String(contentsOf: s.root.appendingPathComponent("Handoffs/\(try #require(handoffs.first))"), encoding: .utf8)
        #expect(handoff.contains("2 commits, 3 files changed"), "\(handoff)")
        #expect(handoff.contains("Add the schema (Person)") && handoff.contains("- `db/seed.sql`"), "\(handoff)")
        #expect(handoff.contains("No checks were declared"), "\(handoff)")
        try s.ws("rebuild").check()
        #expect(try s.git("status", "--porcelain").stdout.isEmpty)
    }

    /// A rebase that replayed the commit the start recorded leaves it no ancestor of HEAD: the evidence is what
    /// HEAD gained since the histories met, not every commit back to the first (the whole walk cost most of the
    /// first `ws complete` after an amend at 10,000 workstreams).
    @Test func afterARebaseTheEvidenceStopsWhereTheHistoriesMeet() throws {
        let s = try sandbox()
        func commit(_ file: String, _ message: String) throws {
            try s.write(file, message + "\n")
            try s.git("add", file)
            try s.git("commit", "-q", "-m", message)
        }
        try commit("early.txt", "Long before the start")
        let early = try s.git("rev-parse", "HEAD").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try commit("before.txt", "Before the start")
        try s.ws("start", "A1").check()
        // Replays the commit the start recorded, and what came after it, under new ids.
        try s.git("rebase", "-q", "--signoff", "--force-rebase", early)
        try commit("work.txt", "The work")
        try s.ws("complete", "A1", "--summary", "Done").check()
        let event = try history(s).last { $0["type"] as? String == "WorkstreamCompleted" }
        let completed = try #require(event?["data"] as? [String: Any])
        let evidence = try #require(completed["evidence"] as? [String: Any])
        let commits = try #require(evidence["commits"] as? [[String: Any]])
        #expect(commits.map { $0["summary"] as? String } == ["Before the start", "The work"])
        #expect(evidence["files"] as? [String] == ["work.txt"])
        #expect(evidence["truncated"] as? Bool != true)
    }

    @Test func planChecksAreIdempotentAndShownInTheDocument() throws {
        let s = try sandbox()
        let plan = """
            workstreams:
              - id: A1
                title: Database
                checks:
                  - {name: "PostgreSQL answers", run: "psql -c 'select 1'"}
                  - {name: "Backups | nightly", run: "test -f backup.ok"}
            """
        try s.write("plan.yaml", plan)
        // The plan comes through git: applying it trusts none of its commands, and says how to.
        let applied = try s.ws("plan", "apply", "plan.yaml").check()
        #expect(applied.stdout.contains("A1 check 'Backups | nightly' runs: test -f backup.ok"), "\(applied.stdout)")
        #expect(applied.stdout.contains("trust with: ws check trust A1 'PostgreSQL answers' 'Backups | nightly'"),
                "\(applied.stdout)")
        try s.write("backup.ok", "")
        let refused = try s.ws("check", "run", "A1", "--name", "Backups | nightly")
        #expect(refused.code == 3, "a check only a plan declared ran: exit \(refused.code) \(refused.stderr)")
        let before = try history(s).count
        let trusted = try s.ws("plan", "apply", "plan.yaml", "--trust-checks").check()
        #expect(trusted.stdout.contains("trusted check 'Backups | nightly' of A1"), "\(trusted.stdout)")
        #expect(try history(s).count == before)
        let checks = try #require((try json(try s.ws("show", "A1", "--json").check().stdout) as? [String: Any])?["checks"] as? [[String: Any]])
        #expect(checks.map { $0["name"] as? String } == ["PostgreSQL answers", "Backups | nightly"])
        try s.ws("check", "run", "A1", "--name", "Backups | nightly").check()
        try s.ws("commit").check()
        let doc = try String(contentsOf: s.root.appendingPathComponent("Workstreams/A1-database.md"), encoding: .utf8)
        #expect(doc.contains("| Check: PostgreSQL answers | `psql -c 'select 1'`: not run yet | ⬜ |"), "\(doc)")
        #expect(doc.contains("| Check: Backups \\| nightly | `test -f backup.ok`: passed (exit 0"), "\(doc)")
        let unknown = try s.ws("check", "run", "A1", "--name", "nope")
        #expect(unknown.code == 4, "\(unknown.stderr)")
    }

    @Test func aCheckIsStoppedAtItsTimeoutAndItsOutputIsCapped() throws {
        let s = try sandbox()
        try s.write(".ws/config.json", #"{"checkTimeoutSeconds": 1}"#)
        try s.ws("check", "add", "A1", "hangs", "--run", "echo started; sleep 30").check()
        try s.ws("check", "add", "A1", "chatty", "--run", "i=0; while [ $i -lt 5000 ]; do echo \"line $i of a long log\"; i=$((i+1)); done; printf 'bell\\007 and escape \\033[31m'; exit 1").check()
        let started = Date()
        let run = try s.ws("check", "run", "A1")
        #expect(run.code == 1)
        #expect(Date().timeIntervalSince(started) < 20, "the timeout did not stop the check")
        let ran = try history(s).filter { $0["type"] as? String == "CheckRan" }.compactMap { $0["data"] as? [String: Any] }
        let hangs = try #require(ran.first { $0["name"] as? String == "hangs" })
        #expect(hangs["timedOut"] as? Bool == true && hangs["exitCode"] as? Int == 124)
        #expect(hangs["output"] as? String == "started")
        let chatty = try #require(ran.first { $0["name"] as? String == "chatty" }?["output"] as? String)
        #expect(chatty.utf8.count <= 4096)
        #expect(chatty.contains("line 4999 of a long log") && !chatty.contains("line 10 of"))
        #expect(chatty.hasSuffix("bell\\u{7} and escape \\u{1b}[31m"), "\(chatty.suffix(60))")
    }
}
