import Foundation
import Testing

/// Leases through the real `ws`, with the clock injected (WS_NOW) and a 60-minute lease in the config.
@Suite struct LeaseTests {
    static let t0 = "2026-11-21T10:00:00.000Z"
    static func at(_ minutes: Int) -> [String: String] { ["WS_NOW": time(minutes)] }
    static func time(_ minutes: Int) -> String {
        let base = ISO8601DateFormatter().date(from: "2026-11-21T10:00:00Z") ?? Date()
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: base.addingTimeInterval(Double(minutes) * 60))
    }

    func sandbox() throws -> Sandbox {
        let s = try Sandbox()
        try s.ws("init").check()
        try s.write(".ws/config.json", #"{"leaseMinutes": 60}"#)
        try s.ws("new", "A1", "--title", "Infrastructure", env: Self.at(0)).check()
        try s.ws("new", "A2", "--title", "Backend", "--depends-on", "A1", env: Self.at(0)).check()
        try s.ws("task", "add", "A1", "Create the VPC", env: Self.at(0)).check()
        return s
    }

    func lease(_ s: Sandbox, _ id: String, at minutes: Int) throws -> [String: Any]? {
        let show = try #require(try json(try s.ws("show", id, "--json", env: Self.at(minutes)).check().stdout) as? [String: Any])
        return show["lease"] as? [String: Any]
    }

    @Test func theHoldersCommandsRenewTheLease() throws {
        let s = try sandbox()
        let started = try s.ws("start", "A1", "--agent", "alice", env: Self.at(0)).check()
        #expect(started.stdout.contains("lease 60 min"), "\(started.stdout)")
        #expect(try lease(s, "A1", at: 1)?["expiresAt"] as? String == Self.time(60))
        let context = try #require(try json(try s.ws("context", "A1", "--json", env: Self.at(1)).check().stdout) as? [String: Any])
        #expect((context["lease"] as? [String: Any])?["holder"] as? String == "alice", "\(context)")
        try s.ws("log", "A1", "working on it", "--agent", "alice", env: Self.at(30)).check()
        #expect(try lease(s, "A1", at: 31)?["expiresAt"] as? String == Self.time(90))
        try s.ws("task", "done", "A1", "1", "--agent", "alice", env: Self.at(50)).check()
        #expect(try lease(s, "A1", at: 51)?["expiresAt"] as? String == Self.time(110))
        // Another agent's note does not renew alice's lease.
        try s.ws("log", "A1", "pm note", "--agent", "pm", env: Self.at(70)).check()
        #expect(try lease(s, "A1", at: 71)?["expiresAt"] as? String == Self.time(110))
        let renewed = try s.ws("renew", "A1", "--agent", "alice", env: Self.at(100)).check()
        #expect(renewed.stdout.contains("renewed until 2026-11-21 12:40 UTC"), "\(renewed.stdout)")
        #expect(try lease(s, "A1", at: 101)?["expiresAt"] as? String == Self.time(160))
        let refused = try s.ws("renew", "A1", "--agent", "bob", env: Self.at(101))
        #expect(refused.code == 3 && refused.stderr.contains("held by alice"), "\(refused.stderr)")
    }

    @Test func aStaleLeaseShowsInStatusReadyShowAndTheDocument() throws {
        let s = try sandbox()
        try s.ws("start", "A1", "--agent", "alice", env: Self.at(0)).check()
        let fresh = try #require(try json(try s.ws("status", "--json", env: Self.at(59)).check().stdout) as? [[String: Any]])
        let freshLease = fresh.first { $0["id"] as? String == "A1" }?["lease"] as? [String: Any]
        #expect(freshLease?["holder"] as? String == "alice" && freshLease?["stale"] as? Bool == false, "\(fresh)")
        #expect((try json(try s.ws("ready", "--json", env: Self.at(59)).check().stdout) as? [[String: Any]])?.isEmpty == true)

        let status = try #require(try json(try s.ws("status", "--json", env: Self.at(61)).check().stdout) as? [[String: Any]])
        let a1 = try #require(status.first { $0["id"] as? String == "A1" })
        #expect(a1["status"] as? String == "in_progress")
        #expect((a1["lease"] as? [String: Any])?["stale"] as? Bool == true)
        #expect((a1["lease"] as? [String: Any])?["expiresAt"] as? String == Self.time(60))
        let table = try s.ws("status", env: Self.at(61)).check().stdout
        #expect(table.contains("alice (STALE since 2026-11-21 11:00 UTC)"), "\(table)")
        let ready = try #require(try json(try s.ws("ready", "--json", env: Self.at(61)).check().stdout) as? [[String: Any]])
        #expect(ready.map { $0["id"] as? String } == ["A1"])
        #expect((ready.first?["lease"] as? [String: Any])?["stale"] as? Bool == true)
        let readyText = try s.ws("ready", env: Self.at(61)).check().stdout
        #expect(readyText.contains("--take-over") && readyText.contains("alice"), "\(readyText)")
        #expect(try lease(s, "A1", at: 61)?["stale"] as? Bool == true)
        let shown = try s.ws("show", "A1", env: Self.at(61)).check().stdout
        #expect(shown.contains("STALE"), "\(shown)")
        // The document shows the expiry, never "stale": it cannot depend on the clock, and a rebuild writes the same bytes.
        try s.ws("commit", env: Self.at(62)).check()
        let doc = try String(contentsOf: s.root.appendingPathComponent("Workstreams/A1-infrastructure.md"), encoding: .utf8)
        #expect(doc.contains("| **Lease** | until 2026-11-21 11:00 UTC"), "\(doc)")
        try s.ws("rebuild", env: Self.at(500)).check()
        #expect(try String(contentsOf: s.root.appendingPathComponent("Workstreams/A1-infrastructure.md"), encoding: .utf8) == doc)
    }

    @Test func releaseGivesItBack() throws {
        let s = try sandbox()
        try s.ws("start", "A1", "--agent", "alice", env: Self.at(0)).check()
        let refused = try s.ws("release", "A1", "--agent", "bob", env: Self.at(5))
        #expect(refused.code == 3, "\(refused.stderr)")
        let released = try s.ws("release", "A1", "--agent", "alice", env: Self.at(5)).check()
        #expect(released.stdout.contains("A1 released by alice"), "\(released.stdout)")
        let ready = try #require(try json(try s.ws("ready", "--json", env: Self.at(6)).check().stdout) as? [[String: Any]])
        #expect(ready.map { $0["id"] as? String } == ["A1"])
        #expect(ready.first?["status"] as? String == "ready")
        let history = try #require(try json(try s.ws("history", "A1", "--json").check().stdout) as? [[String: Any]])
        #expect(history.contains { $0["type"] as? String == "WorkstreamReleased" && ($0["data"] as? [String: Any])?["agent"] as? String == "alice" })
        try s.ws("start", "A1", "--agent", "bob", env: Self.at(7)).check()
    }

    @Test func takeOverIsRefusedBeforeExpiryAndAllowedAfter() throws {
        let s = try sandbox()
        try s.ws("start", "A1", "--agent", "alice", env: Self.at(0)).check()
        try s.ws("log", "A1", "progress", "--agent", "alice", env: Self.at(20)).check()
        let early = try s.ws("start", "A1", "--take-over", "--agent", "bob", env: Self.at(79))
        #expect(early.code == 3, "\(early.stderr)")
        #expect(early.stderr.contains("held by alice") && early.stderr.contains("2026-11-21T11:20:00.000Z"), "\(early.stderr)")
        let plain = try s.ws("start", "A1", "--agent", "bob", env: Self.at(81))
        #expect(plain.code == 3 && plain.stderr.contains("--take-over"), "\(plain.stderr)")
        let taken = try s.ws("start", "A1", "--take-over", "--agent", "bob", env: Self.at(81)).check()
        #expect(taken.stdout.contains("A1 taken over by bob from alice"), "\(taken.stdout)")
        let history = try #require(try json(try s.ws("history", "A1", "--json").check().stdout) as? [[String: Any]])
        let take = try #require(history.first { $0["type"] as? String == "WorkstreamTakenOver" }?["data"] as? [String: Any])
        #expect(take["previous"] as? String == "alice" && take["agent"] as? String == "bob")
        #expect(take["expiredAt"] as? String == Self.time(80))
        #expect(try lease(s, "A1", at: 82)?["holder"] as? String == "bob")
        // Forced before expiry: only with a reason, and the reason is recorded.
        let noReason = try s.ws("start", "A1", "--take-over", "--force", "--agent", "carol", env: Self.at(90))
        #expect(noReason.code == 3, "\(noReason.stderr)")
        try s.ws("start", "A1", "--take-over", "--force", "--reason", "bob is ill", "--agent", "carol", env: Self.at(90)).check()
        #expect(try lease(s, "A1", at: 91)?["holder"] as? String == "carol")
        try s.ws("verify").check()
    }

    /// Sixteen agents take over one stale workstream at once: the stream's version check lets exactly one win.
    @Test func sixteenAgentsRaceToTakeOverOneWins() throws {
        let s = try sandbox()
        try s.ws("start", "A1", "--agent", "alice", env: Self.at(0)).check()
        let racers = try (0..<16).map { i in try s.launchWS(["start", "A1", "--take-over", "--agent", "agent-\(i)"], env: Self.at(61)) }
        let results = racers.map { $0.wait() }
        let winners = results.enumerated().filter { $0.element.code == 0 }
        #expect(winners.count == 1, "\(results.map(\.stderr))")
        let winner = try #require(winners.first).offset
        for (i, r) in results.enumerated() where i != winner {
            #expect(r.code == 3, "agent-\(i): \(r.stderr)")
            #expect(r.stderr.contains("held by agent-\(winner)"), "agent-\(i): \(r.stderr)")
        }
        let history = try #require(try json(try s.ws("history", "A1", "--json").check().stdout) as? [[String: Any]])
        let takes = history.filter { $0["type"] as? String == "WorkstreamTakenOver" }
        #expect(takes.count == 1)
        #expect((takes.first?["data"] as? [String: Any])?["agent"] as? String == "agent-\(winner)")
        try s.ws("verify").check()
    }
}
