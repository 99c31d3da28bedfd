import Foundation
import Testing

/// `ws prime`: the session start of an agent, under a hard budget (4 bytes a token).
@Suite struct PrimeTests {
    @Test func anAgentWithNothingHeldIsToldWhatToStart() throws {
        let s = try Sandbox.planned()
        let out = try s.ws("prime", "--agent", "dana").check().stdout
        #expect(out.contains("Next: ws start A1 --agent dana"), "\(out)")
        #expect(out.contains("## Ready for you\n- A1: Infrastructure setup"), "\(out)")
        #expect(!out.contains("## You hold"))
        #expect(try s.ws("prime", "--agent", "dana", "--budget", "20").code == 64)
    }

    @Test func theHolderSeesItsOpenTasksAndWhatItsDependenciesLeft() throws {
        let s = try Sandbox.planned()
        try s.ws("start", "A1", "--agent", "alice").check()
        var out = try s.ws("prime", "--agent", "alice").check().stdout
        #expect(out.contains("Next: do task 1.1 of A1"), "\(out)")
        #expect(out.contains("then: ws task done A1 1.1"), "\(out)")
        #expect(out.contains("## You hold\n- A1: Infrastructure setup — in_progress, tasks 0/5 done; lease until "), "\(out)")
        #expect(out.contains(" UTC\n  - [ ] 1.1 "), "\(out)")
        for t in ["1.1", "1.2", "1.3", "2.1", "2.2"] { try s.ws("task", "done", "A1", t, "--agent", "alice").check() }
        out = try s.ws("prime", "--agent", "alice").check().stdout
        #expect(out.contains("Next: ws complete A1 --summary"), "\(out)")
        try s.ws("artifact", "A1", "DATABASE_PASSWORD=-", "--secret", "--agent", "alice", stdin: "hunter2-very-secret").check()
        try s.ws("artifact", "A1", "DATABASE_HOST=10.0.0.3", "--agent", "alice").check()
        try s.ws("complete", "A1", "--agent", "alice", "--summary", "The database is up.").check()
        try s.ws("start", "A2", "--agent", "bob").check()
        out = try s.ws("prime", "--agent", "bob").check().stdout
        #expect(out.contains("  - from A1 (completed): The database is up."), "\(out)")
        #expect(out.contains("artifacts (ws env A2): DATABASE_PASSWORD (secret), DATABASE_HOST"), "\(out)")
        #expect(!out.contains("hunter2"))
        #expect(out.contains("## Also ready\n- A3: Frontend application"), "\(out)")
    }

    /// With the clock past the lease (WS_NOW), the holder is told to renew, and another agent to take it over.
    @Test func aStaleLeaseIsRenewedByItsHolderOrTakenOverByAnother() throws {
        let s = try Sandbox.planned()
        try s.ws(["start", "A1", "--agent", "alice"], env: ["WS_NOW": "2026-12-01T08:00:00.000Z"]).check()
        let later = ["WS_NOW": "2026-12-01T11:00:00.000Z"]
        let alice = try s.ws(["prime", "--agent", "alice"], env: later).check().stdout
        #expect(alice.contains("Next: ws renew A1"), "\(alice)")
        #expect(alice.contains("your lease ran out at 2026-12-01 10:00 UTC: ws renew A1"), "\(alice)")
        let bob = try s.ws(["prime", "--agent", "bob"], env: later).check().stdout
        #expect(bob.contains("Next: ws start A1 --take-over --agent bob"), "\(bob)")
        #expect(bob.contains("- A1: Infrastructure setup (held by alice, lease ran out at 2026-12-01 10:00 UTC: ws start A1 --take-over)"), "\(bob)")
    }

    /// Two clones started W for alice and bob: each of them is shown the conflict and the command that settles it.
    @Test func aConflictOnItsWorkIsShownWithTheSettlingCommand() throws {
        let pair = try ClonePair()
        try pair.one.ws("start", "W", "--agent", "alice").check()
        try pair.two.ws("start", "W", "--agent", "bob").check()
        try pair.exchange()
        for agent in ["alice", "bob"] {
            let out = try pair.one.ws("prime", "--agent", agent).check().stdout
            #expect(out.contains("## Conflicts that concern you\n- W: holder: "), "\(agent): \(out)")
            #expect(out.contains("settle: ws resolve W --keep"), "\(agent): \(out)")
        }
        let carol = try pair.one.ws("prime", "--agent", "carol").check().stdout
        #expect(!carol.contains("Conflicts"), "\(carol)")
    }

    /// 2,000 workstreams from the bench generator, sixteen agents at work: the budget holds.
    @Test func aLargePlanStaysUnderTheBudget() throws {
        let s = try Sandbox()
        try s.ws("init").check()
        try s.ws("import", try s.benchPlan(workstreams: 2000, events: 40000)).check()
        let ready = try #require(try json(try s.ws("ready", "--json").check().stdout) as? [[String: Any]])
        let first = try #require(ready.first?["id"] as? String)
        let status = try #require(try json(try s.ws("status", "--json").check().stdout) as? [[String: Any]])
        let holder = try #require(status.first { $0["status"] as? String == "in_progress" }?["agent"] as? String)
        for (agent, budget) in [(holder, 2_000), (holder, 150), ("newcomer", 2_000), ("newcomer", 100)] {
            let out = try s.ws("prime", "--agent", agent, "--budget", String(budget)).check().stdout
            #expect(out.utf8.count <= budget * 4, "\(agent) \(budget): \(out.utf8.count) bytes")
            #expect(out.split(separator: "\n").count > 3, "\(out)")
            if agent == "newcomer" { #expect(out.contains("Next: ws start \(first) --agent newcomer"), "\(out)") }
            else { #expect(out.contains("## You hold"), "\(out)") }
            // Cut lists say how many were left out and where the rest is.
            if budget == 100 { #expect(out.contains("more: ws ready"), "\(out)") }
        }
    }
}
