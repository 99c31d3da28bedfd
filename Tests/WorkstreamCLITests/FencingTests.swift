import Foundation
import Testing

/// Fencing through the real `ws`: once bob took A1 over, alice (its former holder) has no more rights on it
/// than anyone else while bob's lease runs. Leases of 60 minutes, the clock injected (WS_NOW).
@Suite struct FencingTests {
    static func at(_ minutes: Int) -> [String: String] { LeaseTests.at(minutes) }

    /// A1 with one open task and a check that leaves a file behind, started by alice at 0, taken over by bob at 61.
    func takenOver() throws -> Sandbox {
        let s = try LeaseTests().sandbox()
        try s.ws("check", "add", "A1", "marker", "--run", "touch ran-by-check", env: Self.at(0)).check()
        try s.ws("start", "A1", "--agent", "alice", env: Self.at(0)).check()
        try s.ws("start", "A1", "--take-over", "--agent", "bob", env: Self.at(61)).check()
        return s
    }

    func eventCount(_ s: Sandbox) throws -> Int { try s.ws("export").check().stdout.split(separator: "\n").count }

    func checkRan(_ s: Sandbox) -> Bool {
        FileManager.default.fileExists(atPath: s.root.appendingPathComponent("ran-by-check").path)
    }

    @Test func theReplacedHolderCannotForceACompletion() throws {
        let s = try takenOver()
        let before = try eventCount(s)
        let forced = try s.ws("complete", "A1", "--force", "--reason", "I finished it", "--agent", "alice",
                              env: Self.at(62))
        #expect(forced.code == 3, "exit \(forced.code): \(forced.stderr)")
        #expect(forced.stderr.contains("held by bob"), "\(forced.stderr)")
        #expect(forced.stderr.contains("ws start A1 --take-over"), "\(forced.stderr)")
        #expect(try eventCount(s) == before, "a refused completion records nothing, not even a check run")
        #expect(!checkRan(s), "the checks ran")
        let status = try s.ws("status", "--json", env: Self.at(62)).check().stdout
        let a1 = try #require((try json(status) as? [[String: Any]])?.first { $0["id"] as? String == "A1" })
        #expect(a1["status"] as? String == "in_progress" && a1["agent"] as? String == "bob", "\(a1)")
    }

    @Test func theReplacedHolderIsFencedOutOfTheWork() throws {
        let s = try takenOver()
        let before = try eventCount(s)
        let attempts: [[String]] = [
            ["task", "done", "A1", "1"], ["task", "reopen", "A1", "1"], ["artifact", "A1", "VPC_ID=vpc-123"],
            ["check", "add", "A1", "other", "--run", "true"], ["check", "run", "A1"],
            ["block", "A1", "--reason", "mine"],
            ["log", "A1", "we go with X", "--kind", "decision"], ["log", "A1", "worked", "--hours", "2"],
        ]
        for args in attempts {
            let r = try s.ws(args + ["--agent", "alice"], env: Self.at(62))
            #expect(r.code == 3 && r.stderr.contains("held by bob"),
                    "ws \(args.joined(separator: " ")): exit \(r.code): \(r.stderr)")
        }
        #expect(try eventCount(s) == before, "a refused command records nothing")
        #expect(!checkRan(s), "the checks ran")
        // A note is anyone's; the holder works as before.
        try s.ws("log", "A1", "handing over: the VPC is half made", "--agent", "alice", env: Self.at(62)).check()
        try s.ws("task", "done", "A1", "1", "--agent", "bob", env: Self.at(63)).check()
        // Bob's lease ran out (63 + 60): a stale hold fences nobody.
        try s.ws("artifact", "A1", "VPC_ID=vpc-123", "--agent", "alice", env: Self.at(124)).check()
    }
}
