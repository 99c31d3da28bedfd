import Foundation
import Testing

/// Event times are real dates within a documented skew (docs/leases-and-checks.md, "Clocks"): a time far
/// ahead of this machine is not recorded, times in the log never go backwards, an imported line with an
/// impossible time is quarantined, and a lease ends at most 30 days after it was granted.
@Suite struct ClockSanityTests {
    static func iso(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }

    static func millis(_ text: String) -> Double? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.date(from: text).map { $0.timeIntervalSince1970 * 1000 }
    }

    @Test func aTimeFarAheadOfThisMachineIsNotRecorded() throws {
        let s = try Sandbox()
        try s.ws("init").check()
        try s.ws("new", "A1", "--title", "One").check()
        let before = try s.ws("history", "--json").check().stdout
        let ahead = ["WS_NOW": Self.iso(Date().addingTimeInterval(3 * 86_400))]
        let r = try s.ws(["log", "A1", "from the future"], env: ahead)
        #expect(r.code == 64 && r.stderr.contains("ahead"), "exit \(r.code): \(r.stderr)")
        #expect(try s.ws("history", "--json").check().stdout == before, "something was recorded")
        // Asking what the board looks like at another time records nothing, so it stays allowed.
        #expect(try s.ws(["status"], env: ahead).code == 0)
    }

    @Test func anAppendBehindTheLogIsRecordedAtTheLogsLatestTime() throws {
        let s = try Sandbox()
        try s.ws("init").check()
        try s.ws(["new", "A1", "--title", "One"], env: ["WS_NOW": "2026-11-21T11:00:00.000Z"]).check()
        try s.ws(["log", "A1", "a clock behind"], env: ["WS_NOW": "2026-11-21T10:00:00.000Z"]).check()
        let lines = try s.ws("export").check().stdout.split(separator: "\n")
        let times = try lines.map { try #require((try json(String($0)) as? [String: Any])?["time"] as? String) }
        #expect(times == ["2026-11-21T11:00:00.000Z", "2026-11-21T11:00:00.000Z"], "\(times)")
    }

    /// 30 February, a leap second (ws never writes one), a fraction longer than the three digits ws writes.
    @Test(arguments: ["2026-02-30T10:00:00.000Z", "2026-11-21T16:00:60.000Z", "2026-11-21T16:00:00.123456789Z",
                      "2026-11-21T16:00:00.123456789012Z"])
    func anImportedLineWithAnImpossibleTimeIsQuarantined(time: String) throws {
        let pair = try ClonePair(seed: [["log", "W", "seed note"]])
        let note = try #require(JournalForgery.lines(pair.two, "W").first { $0.contains("seed note") })
        let forged = try JournalForgery.rehashed(note) {
            $0["time"] = time
            $0["clock"] = 500
            $0["data"] = ["kind": "note", "message": "dated impossibly"]
        }
        try JournalForgery.append(pair.two, "W", forged)
        try pair.two.git("push", "-q", "origin", "main").check()
        try pair.one.git("-c", "pull.rebase=false", "pull", "-q", "--no-edit", "origin", "main").check()
        let status = try pair.one.ws("status").check()
        #expect(status.stderr.contains("W.jsonl") && status.stderr.contains("time"), "\(status.stderr)")
        #expect(try !pair.one.ws("export").check().stdout.contains("dated impossibly"), "\(time) was imported")
    }

    @Test func aLeaseEndsThirtyDaysAfterItsGrantWhateverLaterEventsSay() throws {
        let pair = try ClonePair(seed: [["start", "W", "--agent", "alice"]])
        let start = try #require(JournalForgery.lines(pair.two, "W").first { $0.contains("WorkstreamStarted") })
        let started = try #require((try json(start) as? [String: Any])?["time"] as? String)
        let clock = try JournalForgery.nextClock(pair.two)
        // One event of the holder stamped 2099 (a broken clock, or a hand edit re-hashed), imported by one.
        let forged = try JournalForgery.rehashed(start) {
            $0["type"] = "DevlogEntryRecorded"
            $0["time"] = "2099-01-01T00:00:00.000Z"
            $0["clock"] = clock
            $0["data"] = ["kind": "note", "message": "a clock far ahead"]
        }
        try JournalForgery.append(pair.two, "W", forged)
        try pair.two.git("push", "-q", "origin", "main").check()
        try pair.one.git("-c", "pull.rebase=false", "pull", "-q", "--no-edit", "origin", "main").check()
        #expect(try pair.one.ws("export").check().stdout.contains("a clock far ahead"))
        for copy in [pair.one, pair.two] {
            let name = copy.dir.lastPathComponent
            let lease = try #require(try copy.row("W")["lease"] as? [String: Any], "\(name): no lease")
            let expires = try #require(lease["expiresAt"] as? String)
            let cap = try #require(Self.millis(started)) + 30 * 86_400_000
            #expect(try #require(Self.millis(expires)) <= cap, "\(name): the lease runs until \(expires)")
        }
    }

    /// A start stamped 2099 (a broken clock, re-hashed) cannot hold the workstream: no lease honestly granted
    /// by now runs past now + 30 days + the skew, so such a lease counts as run out on every clone.
    @Test func aStartStampedFarAheadDoesNotPinTheWorkstream() throws {
        let pair = try ClonePair(seed: [["start", "H", "--agent", "alice"]])
        let start = try #require(JournalForgery.lines(pair.two, "H").first { $0.contains("WorkstreamStarted") })
        let clock = try JournalForgery.nextClock(pair.two)
        let forged = try JournalForgery.rehashed(start) {
            $0["stream"] = "W"
            $0["time"] = "2099-01-01T00:00:00.000Z"
            $0["clock"] = clock
        }
        try JournalForgery.append(pair.two, "W", forged)
        try pair.two.git("push", "-q", "origin", "main").check()
        try pair.one.git("-c", "pull.rebase=false", "pull", "-q", "--no-edit", "origin", "main").check()
        for copy in [pair.one, pair.two] {
            let name = copy.dir.lastPathComponent
            let lease = try #require(try copy.row("W")["lease"] as? [String: Any], "\(name): no lease")
            #expect(lease["holder"] as? String == "alice" && lease["stale"] as? Bool == true, "\(name): \(lease)")
        }
        let taken = try pair.one.ws("start", "W", "--take-over", "--agent", "bob")
        #expect(taken.code == 0, "a plain take-over was refused: \(taken.stderr)")
        #expect((try pair.one.row("W")["lease"] as? [String: Any])?["holder"] as? String == "bob")
    }
}
