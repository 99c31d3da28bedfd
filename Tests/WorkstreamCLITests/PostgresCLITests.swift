import Foundation
import Testing

/// The command line against a shared PostgreSQL log (WS_STORE=postgres://…).
@Suite struct PostgresCLITests {
    @Test func thirtyTwoAgentsRaceToStartOneWinsOnPostgres() throws {
        let s = try Sandbox()
        s.environment["WS_STORE"] = try TestPostgres.freshDatabase()
        try s.ws("init").check()
        try s.ws("new", "A1", "--title", "Infrastructure").check()
        let racers = try (0..<32).map { i in try s.launchWS(["start", "A1", "--agent", "agent-\(i)"]) }
        let results = racers.map { $0.wait() }
        let winners = results.enumerated().filter { $0.element.code == 0 }
        #expect(winners.count == 1)
        let winner = try #require(winners.first).offset
        for (i, r) in results.enumerated() where i != winner {
            #expect(r.code == 3, "agent-\(i): \(r.stderr)")
            #expect(r.stderr.contains("A1 is held by agent-\(winner)"), "agent-\(i): \(r.stderr)")
        }
        let history = try #require(try json(try s.ws("history", "A1", "--json").check().stdout) as? [[String: Any]])
        #expect(history.filter { $0["type"] as? String == "WorkstreamStarted" }.count == 1)
        try s.ws("verify").check()
    }

    @Test func exportFromSQLiteImportIntoPostgresAndBackIsExact() throws {
        let a = try Sandbox.planned()
        try a.ws("start", "A1", "--agent", "alice").check()
        try a.ws("artifact", "A1", "DB_HOST=10.0.0.5", "--agent", "alice").check()
        try a.ws("task", "add", "A1", "Check the backups", "--task-id", "x1").check()
        try a.ws("task", "done", "A1", "x1", "--agent", "alice").check()
        try a.ws("log", "A1", "VPC created", "--kind", "decision", "--hours", "1.5", "--agent", "alice").check()
        let export = try a.ws("export").check().stdout
        try a.write("log.jsonl", export)
        let file = a.root.appendingPathComponent("log.jsonl").path

        let pg = try Sandbox()
        pg.environment["WS_STORE"] = try TestPostgres.freshDatabase()
        try pg.ws("init").check()
        #expect(try pg.ws("import", file).check().stdout.contains("exact copy"))
        #expect(try pg.ws("export").check().stdout == export)
        #expect(try pg.ws("status", "--json").stdout == a.ws("status", "--json").stdout)
        #expect(try pg.ws("show", "A1", "--json").stdout == a.ws("show", "A1", "--json").stdout)
        #expect(try pg.ws("ready", "--json").stdout == a.ws("ready", "--json").stdout)
        #expect(try pg.ws("history", "--json").stdout == a.ws("history", "--json").stdout)
        try pg.ws("verify").check()
        // The same file again adds nothing; a new event chains on in PostgreSQL.
        #expect(try pg.ws("import", file).check().stdout.contains("imported 0 events"))
        try pg.ws("log", "A1", "written in PostgreSQL").check()
        let fromPostgres = try pg.ws("export").check().stdout
        #expect(fromPostgres.hasPrefix(export))
        try pg.write("back.jsonl", fromPostgres)

        let back = try Sandbox()
        try back.ws("init").check()
        #expect(try back.ws("import", pg.root.appendingPathComponent("back.jsonl").path).check().stdout.contains("exact copy"))
        #expect(try back.ws("export").check().stdout == fromPostgres)
        #expect(try back.ws("status", "--json").stdout == pg.ws("status", "--json").stdout)
        try back.ws("verify").check()
    }

    @Test func aWrongStoreURLFailsClearlyWithoutShowingThePassword() throws {
        let s = try Sandbox()
        let admin = try TestPostgres.server()
        let wrongPassword = "wrong-pw-4417"
        let cases: [(String, String)] = [
            (admin.url(password: wrongPassword), "refused the password of user '\(admin.user)'"),
            ("postgres://ws:\(wrongPassword)@127.0.0.1:1/ws", "cannot reach the PostgreSQL server"),
            ("postgres://ws:\(wrongPassword)@127.0.0.1", "names no database"),
            (admin.url(database: "ws_missing_db"), "does not exist"),
        ]
        for (url, message) in cases {
            let r = try s.ws(["init"], env: ["WS_STORE": url])
            #expect(r.code == 1, "\(r.stderr)")
            #expect(r.stderr.contains(message), "\(r.stderr)")
            #expect(!r.stderr.contains(wrongPassword) && !r.stderr.contains(admin.password))
        }
        // Nothing was set up: the repository has no ws folder yet.
        #expect(!FileManager.default.fileExists(atPath: s.root.appendingPathComponent(".ws").path))
    }
}

/// The store named by the committed config.
@Suite struct PostgresConfigTests {
    @Test func theConfigNamesTheStoreWithoutItsPassword() throws {
        let s = try Sandbox()
        let full = try TestPostgres.freshDatabase()
        let url = try TestPostgres.server(full)
        try s.ws(["init"], env: ["WS_STORE": full]).check()
        // A password in the committed config is refused, and not shown.
        try s.write(".ws/config.json", "{\"store\": \"\(full)\"}\n")
        let refused = try s.ws("status")
        #expect(refused.code == 1)
        #expect(refused.stderr.contains("PGPASSWORD") && !refused.stderr.contains(url.password), "\(refused.stderr)")
        // Without it, the store is still another clone's choice until this clone agrees to it:
        // refused (exit 3), nothing opened, and PGPASSWORD sent nowhere.
        try s.write(".ws/config.json", "{\"store\": \"\(url.urlWithoutPassword)\"}\n")
        let unconsented = try s.ws(["status"], env: ["PGPASSWORD": url.password])
        #expect(unconsented.code == 3 && unconsented.stderr.contains("git config ws.store"), "\(unconsented.stderr)")
        #expect(!unconsented.stderr.contains(url.password))
        try Sandbox.run(["/usr/bin/env", "git", "config", "ws.store", url.urlWithoutPassword], cwd: s.root,
                        env: s.environment).check()
        // Agreed to: PGPASSWORD supplies the password.
        try s.ws(["new", "A1", "--title", "Shared"], env: ["PGPASSWORD": url.password]).check()
        #expect(try s.ws(["status"], env: ["PGPASSWORD": url.password]).check().stdout.contains("A1"))
        // The repository's own SQLite log was never used.
        #expect(!FileManager.default.fileExists(atPath: s.logPath))
    }

    /// `ws init` against a shared log that already holds another project's events (red team L4: it was
    /// adopted silently): refused with exit 1 before anything is imported; a clone of the project whose
    /// log it is joins without a word; `ws init --join` takes the log on the person's word.
    @Test func initRefusesAnotherProjectsSharedLog() throws {
        let store = try TestPostgres.freshDatabase()
        let first = try Sandbox()
        first.environment["WS_STORE"] = store
        try first.ws("init").check()
        try first.ws("new", "A1", "--title", "Theirs").check()
        try first.ws("commit").check()
        let before = try first.ws("status", "--json").check().stdout

        let other = try Sandbox()
        other.environment["WS_STORE"] = store
        try other.write("plan.yaml", "phases:\n  - name: Mine\n    workstreams:\n      - id: M1\n        title: Mine\n")
        let refused = try other.ws("init")
        #expect(refused.code == 1 && refused.stderr.contains("ws init --join"), "\(refused.code) \(refused.stderr)")
        #expect(refused.stderr.contains("no journal"), "\(refused.stderr)")
        let password = try TestPostgres.server(store).password
        #expect(password.isEmpty || !refused.stderr.contains(password), "the password was shown")
        #expect(!FileManager.default.fileExists(atPath: other.root.appendingPathComponent(".ws").path))
        #expect(try first.ws("status", "--json").check().stdout == before, "the shared log changed")

        // A clone of the first project: its journal's events are in the log.
        let clone = try Sandbox()
        clone.environment["WS_STORE"] = store
        try clone.git("fetch", "-q", first.root.path)
        try clone.git("reset", "-q", "--hard", "FETCH_HEAD")
        try clone.ws("init").check()
        #expect(try clone.ws("status").check().stdout.contains("A1"))

        // The person's word.
        try other.ws("init", "--join").check()
        #expect(try other.ws("status").check().stdout.contains("A1"))
    }
}
