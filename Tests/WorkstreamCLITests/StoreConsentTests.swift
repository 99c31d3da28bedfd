import Foundation
import Testing

/// This clone's consent to a store (`git config ws.store`) is not overridden by the committed config: a config
/// changed to SQLite (or to no store) would otherwise send this clone's events to its own log without a word.
@Suite struct StoreConsentTests {
    @Test func aCommittedSQLiteConfigDoesNotOverrideThisClonesConsent() throws {
        let s = try Sandbox()
        try s.ws("init").check()
        try s.ws("new", "A1", "--title", "Local").check()
        let before = try s.ws("export").check().stdout
        let consent = "postgres://team:hunter2@127.0.0.1:1/shared"
        try s.git("config", "ws.store", consent)
        for config in ["{\"store\": \"sqlite\"}\n", "{}\n"] {
            try s.write(".ws/config.json", config)
            let r = try s.ws("log", "A1", "to the team's log")
            #expect(r.code == 1, "\(config): exit \(r.code): \(r.stderr)")
            #expect(r.stderr.contains("postgres://team:***@127.0.0.1:1/shared") && r.stderr.contains("names no store"),
                    "\(r.stderr)")
            #expect(!r.stderr.contains("hunter2"), "the password was shown: \(r.stderr)")
        }
        // WS_STORE is this machine's own choice: it needs no consent and overrides both.
        let local = "sqlite://" + s.logPath
        #expect(try s.ws(["export"], env: ["WS_STORE": local]).check().stdout == before, "something was recorded")
    }

    /// Checking the consent on every command must not load libgit2 (65 M instructions) where no configuration
    /// can set ws.store: glibc's loader names each library it opens under LD_DEBUG=libs.
    @Test func noConsentToReadLeavesLibgit2Unloaded() throws {
        let s = try Sandbox()
        try s.ws("init").check()
        try s.ws("new", "A1", "--title", "Local").check()
        try s.git("config", "credential.helper", "store")
        let plain = try s.ws(["ready"], env: ["LD_DEBUG": "libs"]).check()
        #expect(!plain.stderr.contains("libgit2"), "libgit2 was loaded to find no consent")
        try s.git("config", "ws.store", "postgres://team@127.0.0.1:1/shared")
        let consented = try s.ws(["ready"], env: ["LD_DEBUG": "libs"])
        #expect(consented.code == 1 && consented.stderr.contains("libgit2"),
                "the control: reading a consent that is there loads libgit2 (exit \(consented.code))")
    }
}

extension PostgresConfigTests {
    /// `WS_STORE=postgres://… ws init` commits that store, without its password, not "sqlite".
    @Test func initUnderAPostgresStoreCommitsThatStoreWithoutItsPassword() throws {
        let s = try Sandbox()
        let full = try TestPostgres.freshDatabase()
        let url = try TestPostgres.server(full)
        try s.ws(["init"], env: ["WS_STORE": full]).check()
        let committed = try s.git("show", "HEAD:.ws/config.json").stdout
        #expect(committed.contains(url.urlWithoutPassword) && !committed.contains("sqlite"), "\(committed)")
        #expect(!committed.contains(url.password), "the password was committed")
        try s.git("config", "ws.store", url.urlWithoutPassword)
        #expect(try s.ws(["status"], env: ["PGPASSWORD": url.password]).code == 0)
        #expect(!FileManager.default.fileExists(atPath: s.logPath), "the SQLite log was used")
    }
}
