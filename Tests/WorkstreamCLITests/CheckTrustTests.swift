import Foundation
import Testing

/// A check's command that came from another clone runs only once the person on
/// this machine trusted it (`ws check trust`): `ws check run`, `ws complete` and
/// the MCP `complete` refuse (exit 3) and run nothing until then.
@Suite struct CheckTrustTests {
    static let name = "makes-marker"

    /// A pair where `one` declared a check on W that leaves a file in the work tree it runs in, and `two` pulled it.
    func pair(command: String = "touch ran-by-check.txt") throws -> ClonePair {
        let pair = try ClonePair()
        try pair.one.ws("check", "add", "W", Self.name, "--run", command).check()
        try pair.exchange()
        return pair
    }

    func marker(_ copy: WorkCopy, _ file: String = "ran-by-check.txt") -> Bool {
        FileManager.default.fileExists(atPath: copy.dir.appendingPathComponent(file).path)
    }

    @Test func aCheckFromAnotherCloneRunsOnlyOnceTrusted() throws {
        let pair = try pair()
        let two = pair.two
        for args in [["check", "run", "W"], ["complete", "W", "--summary", "done"]] {
            let r = try two.ws(args)
            #expect(r.code == 3, "\(args): exit \(r.code) \(r.stderr)")
            #expect(r.stderr.contains("'\(Self.name)'") && r.stderr.contains("touch ran-by-check.txt"), "\(r.stderr)")
            #expect(r.stderr.contains("ws check trust W \(Self.name)"), "\(r.stderr)")
            #expect(!marker(two), "\(args) ran an untrusted check")
        }
        #expect(try two.row("W")["status"] as? String != "completed")
        // The clone that declared it runs it without asking.
        try pair.one.ws("check", "run", "W").check()
        #expect(marker(pair.one))

        let trusted = try two.ws("check", "trust", "W", Self.name).check()
        #expect(trusted.stdout.contains("touch ran-by-check.txt"), "\(trusted.stdout)")
        let trustFile = two.dir.appendingPathComponent(".git/ws/trusted-checks.json")
        let mode = try FileManager.default.attributesOfItem(atPath: trustFile.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        try two.ws("check", "run", "W").check()
        #expect(marker(two))
        #expect(try two.git("status", "--porcelain").check().stdout.contains("trusted-checks") == false)
    }

    @Test func aChangedCommandNeedsTrustAgain() throws {
        let pair = try pair()
        try pair.two.ws("check", "trust", "W").check()
        try pair.one.ws("check", "add", "W", Self.name, "--run", "touch second-marker.txt").check()
        try pair.exchange()
        let r = try pair.two.ws("check", "run", "W")
        #expect(r.code == 3, "exit \(r.code) \(r.stderr)")
        #expect(r.stderr.contains("touch second-marker.txt"), "\(r.stderr)")
        #expect(!marker(pair.two, "second-marker.txt"))
    }

    /// A local `ws check add` with the same command trusts it here, though the log already held it (no new event).
    @Test func addingTheSameCommandHereTrustsIt() throws {
        let pair = try pair()
        try pair.two.ws("check", "add", "W", Self.name, "--run", "touch ran-by-check.txt").check()
        try pair.two.ws("check", "run", "W").check()
        #expect(marker(pair.two))
    }

    /// Re-applying the committed plan (which the other clone can edit) trusts nothing that came from that clone:
    /// apply names the check and the `ws check trust` command; `--trust-checks` is the explicit way.
    @Test func reapplyingAPlanDoesNotTrustAnotherClonesCheck() throws {
        let pair = try ClonePair()
        let plan = """
            workstreams:
              - id: W
                title: Work
                checks:
                  - {name: \(Self.name), run: "touch ran-by-check.txt"}
            """
        try plan.write(to: pair.one.dir.appendingPathComponent("plan.yaml"), atomically: true, encoding: .utf8)
        try pair.one.ws("plan", "apply", "plan.yaml").check()
        try pair.one.git("add", "plan.yaml").check()
        try pair.one.git("commit", "-q", "-m", "plan").check()
        try pair.exchange()
        let two = pair.two
        let applied = try two.ws("plan", "apply", "plan.yaml").check()
        #expect(applied.stdout.contains("ws check trust W \(Self.name)"), "\(applied.stdout)")
        let refused = try two.ws("check", "run", "W")
        #expect(refused.code == 3, "exit \(refused.code) \(refused.stderr)")
        #expect(!marker(two), "re-applying the plan made another clone's check run")
        let trusted = try two.ws("plan", "apply", "plan.yaml", "--trust-checks").check()
        #expect(trusted.stdout.contains("touch ran-by-check.txt"), "\(trusted.stdout)")
        try two.ws("check", "run", "W").check()
        #expect(marker(two))
    }

    /// Two clones on one shared PostgreSQL log: the other clone's check is not this one's.
    @Test func aCheckFromAnotherCloneOfASharedPostgresLogNeedsTrust() throws {
        let store = try TestPostgres.freshDatabase()
        let one = try Sandbox(), two = try Sandbox()
        one.environment["WS_STORE"] = store
        two.environment["WS_STORE"] = store
        try one.ws("init").check()
        try one.ws("new", "W", "--title", "Work").check()
        try one.ws("check", "add", "W", Self.name, "--run", "touch ran-by-check.txt").check()
        let refused = try two.ws("check", "run", "W")
        #expect(refused.code == 3 && refused.stderr.contains("ws check trust W \(Self.name)"), "exit \(refused.code) \(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: two.root.appendingPathComponent("ran-by-check.txt").path))
        try one.ws("check", "run", "W").check()
        try two.ws("check", "trust", "W").check()
        try two.ws("check", "run", "W").check()
        #expect(FileManager.default.fileExists(atPath: two.root.appendingPathComponent("ran-by-check.txt").path))
    }

    @Test func mcpCompleteRefusesAnUntrustedCheck() throws {
        let pair = try pair()
        let two = pair.two
        let probe = try Sandbox.run(["/usr/bin/env", "python3", "-c", "import mcp"], cwd: two.dir, env: two.env)
        guard probe.code == 0 else {
            Issue.record("the MCP Python SDK is not installed: make test has it (.build/venv-test). \(probe.stderr)")
            return
        }
        let r = try Sandbox.run(["/usr/bin/env", "python3", MCPTests.script.path, "untrusted", "--ws", Sandbox.binary.path, "--repo", two.dir.path],
                                cwd: two.dir, env: two.env)
        #expect(r.code == 0, "exit \(r.code)\n\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("untrusted_check"), "\(r.stdout)")
        #expect(!marker(two), "MCP complete ran an untrusted check")
    }
}
