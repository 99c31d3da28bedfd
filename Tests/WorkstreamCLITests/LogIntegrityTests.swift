import Foundation
import Testing

@Suite struct LogIntegrityTests {
    @Test func tamperingWithAPayloadIsCaughtAtItsSequence() throws {
        let s = try Sandbox()
        try s.ws("init").check()
        try s.ws("new", "A1", "--title", "Infrastructure").check()
        try s.ws("log", "A1", "first").check()
        try s.ws("log", "A1", "second").check()
        try s.ws("log", "A1", "third").check()
        try s.ws("verify").check()
        // The triggers refuse an edit ...
        let refused = try Sandbox.run(["/usr/bin/env", "sqlite3", s.logPath,
                                       "UPDATE events SET payload = '{\"kind\":\"note\",\"message\":\"forged\"}' WHERE seq = 3"],
                                      cwd: s.root, env: s.environment)
        #expect(refused.code != 0)
        #expect(refused.stderr.contains("append-only"))
        // ... so someone determined drops them first.
        try Sandbox.run(["/usr/bin/env", "sqlite3", s.logPath,
                         "DROP TRIGGER events_no_update; UPDATE events SET payload = '{\"kind\":\"note\",\"message\":\"forged\"}' WHERE seq = 3"],
                        cwd: s.root, env: s.environment).check()
        let r = try s.ws("verify")
        #expect(r.code == 1)
        #expect(r.stderr.contains("first bad sequence: 3"))
    }

    @Test func deletingARowIsCaught() throws {
        let s = try Sandbox()
        try s.ws("init").check()
        try s.ws("new", "A1", "--title", "Infrastructure").check()
        for n in 1...4 { try s.ws("log", "A1", "entry \(n)").check() }
        try Sandbox.run(["/usr/bin/env", "sqlite3", s.logPath, "DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq = 2"],
                        cwd: s.root, env: s.environment).check()
        let r = try s.ws("verify")
        #expect(r.code == 1)
        #expect(r.stderr.contains("first bad sequence: 2"))
    }

    @Test func driftedReadModelIsCaughtAndRebuildRepairsIt() throws {
        let s = try Sandbox()
        try s.ws("init").check()
        try s.ws("new", "A1", "--title", "Infrastructure").check()
        try Sandbox.run(["/usr/bin/env", "sqlite3", s.logPath, "UPDATE workstreams SET title = 'edited' WHERE id = 'A1'"],
                        cwd: s.root, env: s.environment).check()
        let r = try s.ws("verify")
        #expect(r.code == 1)
        #expect(r.stderr.contains("read model of A1 differs"))
        try s.ws("rebuild").check()
        try s.ws("verify").check()
        #expect(try s.ws("show", "A1").stdout.contains("A1: Infrastructure"))
    }

    @Test func exportThenImportIntoAFreshRepositoryIsExact() throws {
        let a = try Sandbox()
        try a.ws("init").check()
        try a.write("plan.yaml", DemoPlan.yaml)
        try a.ws("plan", "apply", "plan.yaml").check()
        try a.ws("start", "A1", "--agent", "alice").check()
        try a.ws("artifact", "A1", "DB_HOST=10.0.0.5", "--agent", "alice").check()
        try a.ws("artifact", "A1", "DB_PASSWORD=s3cr3t-value", "--secret", "--agent", "alice").check()
        try a.ws("log", "A1", "VPC created", "--kind", "decision", "--hours", "1.5", "--agent", "alice").check()
        let export = try a.ws("export").check().stdout
        #expect(!export.contains("s3cr3t-value"))
        try a.write("log.jsonl", export)

        let b = try Sandbox()
        try b.ws("init").check()
        let imported = try b.ws("import", a.root.appendingPathComponent("log.jsonl").path).check()
        #expect(imported.stdout.contains("exact copy"))
        #expect(try b.ws("status", "--json").stdout == a.ws("status", "--json").stdout)
        #expect(try b.ws("export").stdout == export)
        try b.ws("verify").check()
        // Importing the same file again adds nothing.
        let again = try b.ws("import", a.root.appendingPathComponent("log.jsonl").path).check()
        #expect(again.stdout.contains("imported 0 events"))
        #expect(try b.ws("export").stdout == export)
    }

    @Test func editedExportIsRejectedWhole() throws {
        let a = try Sandbox()
        try a.ws("init").check()
        try a.ws("new", "A1", "--title", "Infrastructure").check()
        try a.ws("log", "A1", "hello").check()
        let export = try a.ws("export").check().stdout.replacingOccurrences(of: "hello", with: "HELLO")
        let b = try Sandbox()
        try b.ws("init").check()
        try b.write("x.jsonl", export)
        let r = try b.ws("import", "x.jsonl")
        #expect(r.code == 1)
        #expect(r.stderr.contains("line 2"))
        #expect(try b.ws("export").stdout.isEmpty)
    }
}
