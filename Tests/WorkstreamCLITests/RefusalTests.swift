import Foundation
import Testing

/// Every refusal: the exit code from DESIGN.md, a message that says what to
/// do, and a log that did not change.
@Suite struct RefusalTests {
    func project() throws -> Sandbox {
        let s = try Sandbox()
        try s.ws("init").check()
        try s.ws("new", "A1", "--title", "Infrastructure").check()
        try s.ws("new", "A2", "--title", "Backend", "--depends-on", "A1").check()
        try s.ws("new", "A4", "--title", "Frontend", "--depends-on", "A2").check()
        return s
    }

    @Test func startWithOpenDependenciesNamesThem() throws {
        let s = try project()
        let before = try s.snapshot()
        let r = try s.ws("start", "A2", "--agent", "bob")
        #expect(r.code == 3)
        #expect(r.stderr.contains("A2 cannot start: it waits on A1 (ready)"))
        #expect(try s.snapshot() == before)
    }

    @Test func startHeldByAnotherAgentNamesTheHolder() throws {
        let s = try project()
        try s.ws("start", "A1", "--agent", "alice").check()
        let before = try s.snapshot()
        let r = try s.ws("start", "A1", "--agent", "bob")
        #expect(r.code == 3)
        #expect(r.stderr.contains("A1 is held by alice"))
        #expect(try s.snapshot() == before)
    }

    @Test func dependencyClosingACyclePrintsTheCycle() throws {
        let s = try project()
        let before = try s.snapshot()
        let r = try s.ws("dep", "add", "A1", "A4")
        #expect(r.code == 3)
        #expect(r.stderr.contains("A1 → A4 → A2 → A1"))
        let selfLoop = try s.ws("dep", "add", "A1", "A1")
        #expect(selfLoop.code == 3)
        #expect(selfLoop.stderr.contains("A1 → A1"))
        #expect(try s.snapshot() == before)
    }

    @Test func completeWithOpenTasksListsThemUnlessForced() throws {
        let s = try project()
        try s.ws("start", "A1", "--agent", "alice").check()
        try s.ws("task", "add", "A1", "Create the VPC", "--task-id", "1.1").check()
        try s.ws("task", "add", "A1", "Provision PostgreSQL", "--task-id", "1.2").check()
        try s.ws("task", "done", "A1", "1.1", "--agent", "alice").check()
        let before = try s.snapshot()
        let r = try s.ws("complete", "A1", "--agent", "alice")
        #expect(r.code == 3)
        #expect(r.stderr.contains("1.2 Provision PostgreSQL"))
        #expect(!r.stderr.contains("1.1 Create the VPC"))
        let noReason = try s.ws("complete", "A1", "--agent", "alice", "--force")
        #expect(noReason.code == 3)
        #expect(noReason.stderr.contains("--reason"))
        #expect(try s.snapshot() == before)
        try s.ws("complete", "A1", "--agent", "alice", "--force", "--reason", "PostgreSQL moved to A3").check()
        let show = try json(try s.ws("show", "A1", "--json").check().stdout) as? [String: Any]
        #expect(show?["status"] as? String == "completed")
    }

    @Test(arguments: [
        ["start", "Z9"], ["show", "Z9"], ["deps", "Z9"], ["log", "Z9", "hello"], ["task", "add", "Z9", "x"],
        ["task", "done", "A1", "9.9"], ["dep", "add", "A1", "Z9"], ["dep", "rm", "A4", "A1"], ["block", "Z9", "--reason", "r"],
        ["complete", "Z9"], ["cancel", "Z9", "--reason", "r"], ["artifact", "Z9", "X=1"], ["env", "Z9"], ["history", "Z9"],
    ])
    func unknownIdsExitFour(args: [String]) throws {
        let s = try project()
        let before = try s.snapshot()
        let r = try s.ws(args)
        #expect(r.code == 4, "\(args): \(r.stderr)")
        #expect(r.stderr.hasPrefix("ws: "))
        #expect(r.stderr.contains("Z9") || r.stderr.contains("9.9") || r.stderr.contains("does not depend"))
        #expect(try s.snapshot() == before)
    }

    @Test func closedWorkstreamsRefuseChanges() throws {
        let s = try project()
        try s.ws("cancel", "A4", "--reason", "descoped").check()
        let before = try s.snapshot()
        let r = try s.ws("start", "A4", "--agent", "x")
        #expect(r.code == 3)
        #expect(r.stderr.contains("A4 is cancelled"))
        #expect(try s.snapshot() == before)
    }

    @Test func malformedPlanNamesTheLineAndChangesNothing() throws {
        let s = try project()
        let before = try s.snapshot()
        try s.write("bad.yaml", "workstreams:\n  - id: B1\n    title: Ok\n  - id: B2\n    titel: typo\n")
        let r = try s.ws("plan", "apply", "bad.yaml")
        #expect(r.code == 1)
        #expect(r.stderr.contains("plan line 5"))
        #expect(r.stderr.contains("titel"))
        try s.write("broken.yaml", "workstreams:\n  - id: B1\n    title: [unclosed\n")
        let y = try s.ws("plan", "apply", "broken.yaml")
        #expect(y.code == 1)
        #expect(y.stderr.contains("plan line"))
        try s.write("cycle.yaml", "workstreams:\n  - {id: B1, title: x, depends_on: [B2]}\n  - {id: B2, title: y, depends_on: [B1]}\n")
        let c = try s.ws("plan", "apply", "cycle.yaml")
        #expect(c.code == 3)
        #expect(c.stderr.contains("B1 → B2 → B1"))
        try s.write("unknown.yaml", "workstreams:\n  - {id: B1, title: x, depends_on: [Q7]}\n")
        let u = try s.ws("plan", "apply", "unknown.yaml")
        #expect(u.code == 4)
        #expect(try s.snapshot() == before)
    }

    @Test func badInputGetsAClearMessage() throws {
        let s = try project()
        let before = try s.snapshot()
        let badId = try s.ws("new", "a b", "--title", "x")
        #expect(badId.code == 1)
        #expect(badId.stderr.contains("not a valid workstream id"))
        let dup = try s.ws("new", "A1", "--title", "again")
        #expect(dup.code == 3)
        #expect(dup.stderr.contains("already exists"))
        let usage = try s.ws("new")
        #expect(usage.code == 64)
        let store = try s.ws("status", env: ["WS_STORE": "mysql://user:hunter2@db/x"])
        #expect(store.code == 1)
        #expect(store.stderr.contains("not a store URL"))
        #expect(!store.stderr.contains("hunter2"))
        #expect(try s.snapshot() == before)
    }

    @Test func outsideAGitRepositoryOrBeforeInit() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ws-nogit-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Sandbox.run([Sandbox.binary.path, "status"], cwd: dir, env: ProcessInfo.processInfo.environment)
        #expect(r.code == 1)
        #expect(r.stderr.contains("not inside a git repository"))
        let s = try Sandbox()
        let uninit = try s.ws("status")
        #expect(uninit.code == 1)
        #expect(uninit.stderr.contains("ws init"))
    }

    @Test func anEmptiedLogIsAnErrorNotAFreshStart() throws {
        let s = try project()
        try Data().write(to: URL(fileURLWithPath: s.logPath))
        for path in [s.logPath + "-wal", s.logPath + "-shm"] { try? FileManager.default.removeItem(atPath: path) }
        let r = try s.ws("status")
        #expect(r.code == 1)
        #expect(r.stderr.contains("damaged") && r.stderr.contains("empty"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: s.logPath)).isEmpty)
    }

    @Test func usageErrorsExitSixtyFour() throws {
        let s = try project()
        let before = try s.snapshot()
        #expect(try s.ws("complete", "A1", "--summary", "x", "--summary-file", "f").code == 64)
        let artifact = try s.ws("artifact", "A1", "hunter2-no-equals-sign", "--secret")
        #expect(artifact.code == 64)
        #expect(!artifact.stderr.contains("hunter2"))
        #expect(try s.snapshot() == before)
    }

    @Test func corruptLogIsAClearErrorNeverAReset() throws {
        let s = try project()
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try garbage.write(to: URL(fileURLWithPath: s.logPath))
        for path in [s.logPath + "-wal", s.logPath + "-shm"] { try? FileManager.default.removeItem(atPath: path) }
        let r = try s.ws("status")
        #expect(r.code == 1)
        #expect(r.stderr.contains("not a ws log") || r.stderr.contains("damaged"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: s.logPath)) == garbage)
    }
}
