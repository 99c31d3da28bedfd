import Foundation
import Testing

/// Real processes racing on one log.
@Suite struct ConcurrencyTests {
    @Test func thirtyTwoAgentsRaceToStartOneWins() throws {
        let s = try Sandbox()
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
        let starts = history.filter { $0["type"] as? String == "WorkstreamStarted" }
        #expect(starts.count == 1)
        #expect((starts.first?["data"] as? [String: Any])?["agent"] as? String == "agent-\(winner)")
        try s.ws("verify").check()
    }

    @Test func eightWritersAppendSixteenHundredEventsWithoutAGap() throws {
        let s = try Sandbox()
        try s.ws("init").check()
        for i in 0..<8 { try s.ws("new", "W\(i)", "--title", "Stream \(i)").check() }
        let writers = try (0..<8).map { i in
            try Sandbox.launch(["/bin/sh", "-c", "for n in $(seq 1 200); do \"$WS\" log W\(i) \"entry $n\" || exit 1; done"],
                               cwd: s.root, env: s.environment.merging(["WS": Sandbox.binary.path]) { $1 })
        }
        for w in writers { let r = w.wait(); #expect(r.code == 0, "\(r.stderr)") }
        let history = try #require(try json(try s.ws("history", "--json").check().stdout) as? [[String: Any]])
        let seqs = history.compactMap { ($0["seq"] as? NSNumber)?.int64Value }
        #expect(seqs == Array(1...Int64(history.count)))
        let logs = history.filter { $0["type"] as? String == "DevlogEntryRecorded" }
        #expect(logs.count == 1600)
        #expect(Set(logs.compactMap { $0["eventId"] as? String }).count == 1600)
        for i in 0..<8 {
            let mine = logs.filter { $0["stream"] as? String == "W\(i)" }
            #expect(mine.count == 200)
            // Each stream's versions run 2…201 after the declaration, in order.
            #expect(mine.compactMap { ($0["version"] as? NSNumber)?.int64Value } == Array(2...201))
        }
        try s.ws("verify").check()
    }
}
