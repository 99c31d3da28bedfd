import Foundation
import Testing

/// Git lock files left in the way: a killed ws's own are removed by the next ws command (with a
/// note); one nobody holds gets a message ending in the exact `rm` that removes it, and commits
/// resume once it is gone; one a live process holds is waited for and never removed.
@Suite struct StaleLockTests {
    func exists(_ s: Sandbox, _ path: String) -> Bool { FileManager.default.fileExists(atPath: s.root.appendingPathComponent(path).path) }

    func commitSubject(_ s: Sandbox) throws -> String {
        try PersonAtGit(s: s).git("log", "-1", "--format=%s").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A process that holds `path` open for reading for `seconds` (changing nothing of it), and exits.
    func reader(_ s: Sandbox, _ path: String, seconds: Int) throws -> Sandbox.Running {
        try Sandbox.launch(["/bin/sh", "-c", "exec 9<\"$0\"; sleep \(seconds)", path], cwd: s.root, env: s.environment)
    }

    @Test func aKilledWsLeavesItsLocksAndTheNextCommandRemovesThem() throws {
        let s = try Sandbox.planned()
        let person = PersonAtGit(s: s)
        try s.ws("start", "A1", "--agent", "alice").check()
        try s.ws("complete", "A1", "--force", "--reason", "demo", "--agent", "alice").check()
        try s.ws("start", "A2", "--agent", "bob").check()
        // Killed holding the index lock (and the branch lock): git refuses meanwhile, as after any killed git.
        let killed = try s.ws(["complete", "A2", "--force", "--reason", "demo", "--agent", "bob"], env: ["WS_TEST_CRASH": "index-locked"])
        #expect(killed.code == 128 + SIGKILL)
        #expect(exists(s, ".git/index.lock") && exists(s, ".git/refs/heads/main.lock"))
        try s.write("mine.txt", "mine\n")
        #expect(try person.git("add", "mine.txt").code != 0)
        // The next writing command removes both, says so, and makes the commit the kill cut off.
        let next = try s.ws("log", "A3", "next")
        try next.check()
        #expect(next.stderr.contains("ws: note: removed \(s.root.path)/.git/index.lock, left by a ws command that was killed while committing"), "\(next.stderr)")
        #expect(next.stderr.contains("ws: note: removed \(s.root.path)/.git/refs/heads/main.lock"), "\(next.stderr)")
        #expect(!exists(s, ".git/index.lock") && !exists(s, ".git/refs/heads/main.lock"))
        #expect(try commitSubject(s) == "ws: complete A2 — Backend API")
        try person.git("add", "mine.txt").check()

        // Killed between the index write and the branch move: both locks stay, the new files are staged.
        try s.ws("start", "A3", "--agent", "carol").check()
        let cut = try s.ws(["complete", "A3", "--force", "--reason", "demo", "--agent", "carol"], env: ["WS_TEST_CRASH": "after-index"])
        #expect(cut.code == 128 + SIGKILL)
        #expect(exists(s, ".git/refs/heads/main.lock") && exists(s, ".git/index.lock"))
        #expect(try person.generatedStatus().contains { $0.hasPrefix("A  Handoffs/") })
        let after = try s.ws("status")
        try after.check()
        #expect(exists(s, ".git/refs/heads/main.lock")) // a read-only command neither commits nor removes
        try s.ws("commit").check()
        #expect(!exists(s, ".git/refs/heads/main.lock") && !exists(s, ".git/index.lock"))
        #expect(try commitSubject(s) == "ws: complete A3 — Frontend application")
        #expect(try person.generatedStatus().isEmpty)
        try s.ws("verify").check()
    }

    @Test func aLockNobodyHoldsGetsTheExactFixAndCommitsResumeOnceItIsGone() throws {
        let s = try Sandbox.planned()
        try s.ws("start", "A1", "--agent", "alice").check()
        try s.ws("complete", "A1", "--force", "--reason", "demo", "--agent", "alice").check()
        for (n, (lock, id)) in [(".git/refs/heads/main.lock", "A2"), (".git/index.lock", "A3")].enumerated() {
            // As a git killed while committing leaves it.
            try s.write(lock, n == 0 ? "0123456789abcdef0123456789abcdef01234567\n" : "")
            try Sandbox.run(["/usr/bin/env", "touch", "-d", "10 minutes ago", lock], cwd: s.root, env: s.environment).check()
            try s.ws("start", id, "--agent", "bob").check()
            let before = try s.snapshot()
            let refused = try s.ws("complete", id, "--force", "--reason", "demo", "--agent", "bob")
            #expect(refused.code == 1)
            #expect(refused.stderr.contains("was left 10 min ago by a git or ws command that was killed, and no process has it open. Nothing was recorded."), "\(refused.stderr)")
            let fix = try #require(refused.stderr.split(separator: "\n").last).trimmingCharacters(in: .whitespaces)
            #expect(fix == "rm \(s.root.path)/\(lock)")
            #expect(try s.snapshot() == before)
            // The command as printed, then the same complete.
            try Sandbox.run(["/bin/sh", "-c", fix], cwd: s.root, env: s.environment).check()
            try s.ws("complete", id, "--force", "--reason", "demo", "--agent", "bob").check()
            #expect(try commitSubject(s).hasPrefix("ws: complete \(id)"))
        }
        // A commit cut off earlier, and a stale branch lock: every command warns, with the fix, and still answers.
        try s.ws("start", "B1", "--agent", "dana").check()
        #expect(try s.ws(["complete", "B1", "--force", "--reason", "demo", "--agent", "dana"], env: ["WS_TEST_CRASH": "after-append"]).code == 128 + SIGKILL)
        try s.write(".git/refs/heads/main.lock", "")
        try Sandbox.run(["/usr/bin/env", "touch", "-d", "1 hour ago", ".git/refs/heads/main.lock"], cwd: s.root, env: s.environment).check()
        let warned = try s.ws("log", "B1", "still here").check()
        #expect(warned.stderr.contains("ws: warning: documents for events up to #"), "\(warned.stderr)")
        let fix = try #require(warned.stderr.split(separator: "\n").last).trimmingCharacters(in: .whitespaces)
        #expect(fix == "rm \(s.root.path)/.git/refs/heads/main.lock")
        try Sandbox.run(["/bin/sh", "-c", fix], cwd: s.root, env: s.environment).check()
        let resumed = try s.ws("log", "B1", "and again").check()
        #expect(!resumed.stderr.contains("warning"), "\(resumed.stderr)")
        #expect(try commitSubject(s).hasPrefix("ws: complete B1"))
        try s.ws("verify").check()
    }

    @Test func aLockALiveProcessHoldsIsWaitedForAndNeverRemoved() throws {
        let s = try Sandbox.planned()
        try s.ws("start", "A1", "--agent", "alice").check()
        try s.ws("complete", "A1", "--force", "--reason", "demo", "--agent", "alice").check()
        try s.ws("start", "A2", "--agent", "bob").check()
        // Held open for 3 s (and dated an hour back): ws waits, and goes on once the holder has let go and removed it.
        let git = try Sandbox.launch(["/bin/sh", "-c", "exec 9>>\"$0\"; touch -d '1 hour ago' \"$0\"; sleep 3; rm -f \"$0\"", ".git/index.lock"],
                                     cwd: s.root, env: s.environment)
        usleep(300_000)
        let waiting = try s.launchWS(["complete", "A2", "--force", "--reason", "demo", "--agent", "bob"])
        usleep(1_500_000)
        #expect(exists(s, ".git/index.lock") && waiting.process.isRunning)
        try waiting.wait().check()
        _ = git.wait()
        #expect(try commitSubject(s).hasPrefix("ws: complete A2"))

        // A lock ws's own record names, opened by a live process since: not removed while it is held.
        try s.ws("start", "A3", "--agent", "carol").check()
        #expect(try s.ws(["complete", "A3", "--force", "--reason", "demo", "--agent", "carol"], env: ["WS_TEST_CRASH": "index-locked"]).code == 128 + SIGKILL)
        let reader = try reader(s, ".git/index.lock", seconds: 2)
        usleep(300_000)
        // The next command waits while it is held, then warns with the fix, and still answers; the lock stays.
        let blocked = try s.ws("log", "A3", "meanwhile").check()
        _ = reader.wait()
        #expect(blocked.stderr.contains("ws: warning: documents for events up to #"), "\(blocked.stderr)")
        #expect(blocked.stderr.contains("the git index is locked"), "\(blocked.stderr)")
        #expect(!blocked.stderr.contains("ws: note: removed \(s.root.path)/.git/index.lock"), "\(blocked.stderr)")
        #expect(exists(s, ".git/index.lock"))
        // Nobody holds it now: the next command knows it for the killed ws's own, and removes it.
        let next = try s.ws("commit").check()
        #expect(next.stderr.contains("ws: note: removed \(s.root.path)/.git/index.lock"), "\(next.stderr)")
        #expect(try commitSubject(s).hasPrefix("ws: complete A3"))
        try s.ws("verify").check()
    }
}
