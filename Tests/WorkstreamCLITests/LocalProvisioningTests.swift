import Foundation
import Testing

/// The built-in `local` provider, for real on this machine.
@Suite struct LocalProvisioningTests {
    @Test func aLocalPostgresIsCreatedReachableWithWhatEnvGivesAndStoppedByDestroy() throws {
        let s = try Sandbox.withWorkstream()
        let psql = try #require(which("psql"), "psql (Debian's postgresql-client) is needed for this test")
        let r = try s.ws("provision", "A1", "postgres", "care-db", "--provider", "local").check()
        #expect(r.stdout.contains("provisioned postgres care-db (local) for A1"))
        var env: [String: String] = [:]
        for line in try s.ws("env", "A1").check().stdout.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { env[parts[0]] = parts[1] }
        }
        let url = try #require(env["CARE_DB_URL"])
        let password = try #require(env["CARE_DB_PASSWORD"])
        let port = try #require(env["CARE_DB_PORT"].flatMap(Int.init))
        #expect(!url.contains(password))
        defer {
            // Whatever the assertions found, the server does not outlive the test.
            if listening(port) { _ = try? s.ws("provision", "A1", "postgres", "care-db", "--provider", "local", "--destroy") }
        }
        let query = try Sandbox.run([psql, url, "-tAc", "select current_user || ' ' || current_database()"], cwd: s.root,
                                    env: s.environment.merging(["PGPASSWORD": password]) { $1 }).check()
        #expect(query.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "care_db care_db")
        let wrong = try Sandbox.run([psql, url, "-tAc", "select 1"], cwd: s.root, env: s.environment.merging(["PGPASSWORD": "wrong"]) { $1 })
        #expect(wrong.code != 0, "the server must not accept a wrong password")

        // Again: a no-op that prints what was recorded and starts nothing.
        let again = try s.ws("provision", "A1", "postgres", "care-db", "--provider", "local").check()
        #expect(again.stdout.contains("nothing to do"))
        #expect(again.stdout.contains("CARE_DB_URL=\(url)"))

        try s.ws("provision", "A1", "postgres", "care-db", "--provider", "local", "--destroy").check()
        #expect(!listening(port))
        #expect(!FileManager.default.fileExists(atPath: s.root.appendingPathComponent(".git/ws/local/A1/postgres-care-db").path))
        #expect(!(try s.ws("env", "A1").stdout.contains("CARE_DB_URL")))
        #expect(try s.eventTypes("A1").suffix(4) == ["ProvisionRequested", "ProvisionSucceeded", "ProvisionRequested", "ProvisionSucceeded"])
        try s.ws("verify").check()
    }

    @Test func sqliteAndBucketAreFilesUnderTheWsFolder() throws {
        let s = try Sandbox.withWorkstream()
        try s.ws("provision", "A1", "sqlite", "cache", "--provider", "local").check()
        try s.ws("provision", "A1", "bucket", "uploads", "--provider", "local").check()
        let env = try s.ws("env", "A1").check().stdout
        let path = s.root.appendingPathComponent(".git/ws/local/A1/sqlite-cache/cache.sqlite").path
        #expect(env.contains("CACHE_PATH=\(path)"))
        #expect(FileManager.default.fileExists(atPath: path))
        var isDir: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: s.root.appendingPathComponent(".git/ws/local/A1/bucket-uploads/objects").path, isDirectory: &isDir) && isDir.boolValue)
        try s.ws("provision", "A1", "sqlite", "cache", "--provider", "local", "--destroy").check()
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
