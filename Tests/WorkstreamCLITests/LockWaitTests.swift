import Foundation
import Testing

/// A writer frozen while it holds the append lock (SIGSTOP, a paused VM) no longer holds every other writer for good.
@Suite struct LockWaitTests {
    @Test func aWriterGivesUpWaitingForAFrozenHolderAndRecordsNothing() throws {
        let store = try TestPostgres.freshDatabase()
        let s = try Sandbox.plannedOnStore(store)
        let before = try MCPHTTPTests.eventCount(s)
        // A session that takes the append lock and then does nothing, as a frozen writer would.
        let holder = try Sandbox.launch(["/usr/bin/env", "psql", store, "-qAt", "-c",
                                         "SELECT pg_advisory_lock(\(0x7773_6C67))", "-c", "SELECT pg_sleep(20)"],
                                        cwd: s.root, env: s.environment)
        let held = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = \(0x7773_6C67) AND granted"
        var waited = 0
        while waited < 100, (try Sandbox.run(["/usr/bin/env", "psql", store, "-qAtc", held], cwd: s.root,
                                            env: s.environment)).stdout.trimmingCharacters(in: .whitespacesAndNewlines) != "1" {
            usleep(100_000)
            waited += 1
        }
        let refused = try s.ws("log", "A1", "waits for a frozen writer", env: ["WS_STORE_LOCK_WAIT": "2"])
        #expect(refused.code == 1 && refused.stderr.contains("held the append lock") && refused.stderr.contains("nothing was recorded"),
                "\(refused.code) \(refused.stderr)")
        // psql waits out its statement on SIGTERM; its server session, advisory lock and all, ends with the sleep.
        kill(holder.process.processIdentifier, SIGKILL)
        _ = holder.wait()
        #expect(try MCPHTTPTests.eventCount(s) == before)
        let bad = try s.ws("log", "A1", "x", env: ["WS_STORE_LOCK_WAIT": "forever"])
        #expect(bad.code == 64 && bad.stderr.contains("WS_STORE_LOCK_WAIT"), "\(bad.code) \(bad.stderr)")
    }
}
