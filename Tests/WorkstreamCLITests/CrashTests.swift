import Foundation
import Testing

/// `kill -9` at random moments while `ws` appends (single events and whole
/// plans): afterwards the file is sound, no batch is half-written, every
/// acknowledged event is there, and `ws verify` passes. 200 rounds in
/// `make test`; `make soak` sets WS_CRASH_ROUNDS=1000. Against PostgreSQL a
/// quarter as many rounds: a killed client's transaction is the server's to roll back.
@Suite struct CrashTests {
    static let rounds = Int(ProcessInfo.processInfo.environment["WS_CRASH_ROUNDS"] ?? "") ?? 200

    @Test func killNineDuringAppendsLosesNothingAcknowledged() throws {
        try crashRounds(Self.rounds, store: nil)
    }

    @Test func killNineDuringAppendsToPostgresLosesNothingAcknowledged() throws {
        try crashRounds(Self.rounds / 4, store: try TestPostgres.freshDatabase())
    }

    func crashRounds(_ rounds: Int, store: String?) throws {
        let s = try Sandbox()
        if let store { s.environment["WS_STORE"] = store }
        try s.ws("init").check()
        try s.ws("new", "C1", "--title", "Crash target").check()
        try s.ws("start", "C1").check()
        // Kill moments spread over a whole command: from its start to a little past its usual end.
        let clock = ContinuousClock()
        // The median of three runs: one run slowed by other tests must not stretch every kill past its command.
        let span = try (0..<3).map { n in try clock.measure { try s.ws("log", "C1", "calibration \(n)").check() } }.sorted()[1]
        let spanMicros = UInt32(max(5_000, Double(span.components.attoseconds) / 1e12 + Double(span.components.seconds) * 1e6) * 1.3)
        var ackedEntries: [Int] = [], ackedPlans: [Int] = [], killed = 0, unexpected: [String] = []
        for round in 0..<rounds {
            let isPlan = round % 4 == 3
            let args: [String]
            if isPlan {
                try s.write("plans/p\(round).yaml", """
                    workstreams:
                      - {id: R\(round)a, title: Round \(round) a}
                      - {id: R\(round)b, title: Round \(round) b, depends_on: [R\(round)a]}
                      - {id: R\(round)c, title: Round \(round) c, depends_on: [R\(round)a, R\(round)b]}
                    """)
                args = ["plan", "apply", "plans/p\(round).yaml"]
            } else {
                args = ["log", "C1", "entry \(round)"]
            }
            let p = try s.launchWS(args)
            // A plan takes about twice as long as one entry.
            usleep(UInt32.random(in: 0...(isPlan ? spanMicros * 2 : spanMicros)))
            kill(p.process.processIdentifier, SIGKILL)
            let r = p.wait()
            if r.code == 128 + SIGKILL { killed += 1; continue }
            if r.code == 0 { if isPlan { ackedPlans.append(round) } else { ackedEntries.append(round) } } else { unexpected.append("round \(round): \(r.stderr)") }
        }
        #expect(unexpected.isEmpty, "\(unexpected.prefix(3))")
        if store == nil {
            let integrity = try Sandbox.run(["/usr/bin/env", "sqlite3", s.logPath, "PRAGMA integrity_check"], cwd: s.root, env: s.environment)
            #expect(integrity.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ok", "\(integrity.stdout) \(integrity.stderr)")
        }
        try s.ws("verify").check()
        let history = try #require(try json(try s.ws("history", "--json").check().stdout) as? [[String: Any]])
        let seqs = history.compactMap { ($0["seq"] as? NSNumber)?.int64Value }
        #expect(seqs == Array(1...Int64(history.count)))
        let entries = history.compactMap { ($0["data"] as? [String: Any])?["message"] as? String }.filter { $0.hasPrefix("entry ") }
        for round in ackedEntries { #expect(entries.filter { $0 == "entry \(round)" }.count == 1, "acknowledged entry \(round) missing or doubled") }
        #expect(Set(entries).count == entries.count, "an entry was recorded twice")
        let declared = history.filter { $0["type"] as? String == "WorkstreamDeclared" }.compactMap { $0["stream"] as? String }
        var wholePlans = 0
        for round in stride(from: 3, to: rounds, by: 4) {
            let mine = declared.filter { ["R\(round)a", "R\(round)b", "R\(round)c"].contains($0) }
            #expect(mine.isEmpty || mine.count == 3, "plan of round \(round) half-written: \(mine)")
            if mine.count == 3 { wholePlans += 1 }
            if ackedPlans.contains(round) { #expect(mine.count == 3, "acknowledged plan \(round) missing") }
        }
        print("crash (\(store == nil ? "sqlite" : "postgres")): \(rounds) rounds (kills spread over 0–\(spanMicros / 1000) ms), \(killed) killed mid-command, \(ackedEntries.count + ackedPlans.count) acknowledged; "
              + "\(entries.count) entries and \(wholePlans) whole plans in the log, every acknowledged one present, none half-written; "
              + (store == nil ? "integrity_check ok, " : "") + "verify ok")
    }
}
