import Foundation
import Testing

/// The read verbs answer from one function each in Operations; `--at` and `--since` go through one reading of a
/// point in the log. These hold the answers to what the log said at that point.
@Suite struct ReadVerbTests {
    /// What `status` and `show` answered at a head of the log is what `--at` that head answers later.
    @Test func answersAsOfAPointAreTheAnswersGivenThen() throws {
        let s = try Sandbox.planned()
        let then = ["WS_NOW": "2026-12-02T10:00:00.000Z"]
        let head = try #require(try json(try s.ws("history", "--json").check().stdout) as? [[String: Any]]).count
        let status = try s.ws("status", "--json", env: then).check().stdout
        let show = try s.ws("show", "A1", "--json", env: then).check().stdout
        let text = try s.ws("status", env: then).check().stdout
        try s.ws("start", "A1", env: then).check()
        try s.ws("log", "A1", "later work", "--hours", "2", env: then).check()
        let later = ["WS_NOW": "2026-12-03T10:00:00.000Z"]
        #expect(try s.ws("status", "--at", String(head), "--json", env: later).check().stdout == status)
        #expect(try s.ws("show", "A1", "--at", String(head), "--json", env: later).check().stdout == show)
        let past = try s.ws("status", "--at", String(head), env: later).check().stdout
        #expect(past.replacingOccurrences(of: " (as of \(head))", with: "") == text)
        #expect(try s.ws("status", "--json", env: later).check().stdout != status, "the log moved on")
    }

    /// A time and the sequence number of the last event at or before it name the same point.
    @Test func aTimeAndASequenceNumberNameOnePoint() throws {
        let s = try Sandbox()
        try s.ws("init").check()
        try s.ws("new", "A1", "--title", "One", env: ["WS_NOW": "2026-12-01T10:00:00.000Z"]).check()
        try s.ws("log", "A1", "first", env: ["WS_NOW": "2026-12-02T10:00:00.000Z"]).check()
        try s.ws("log", "A1", "second", env: ["WS_NOW": "2026-12-03T10:00:00.000Z"]).check()
        let events = try #require(try json(try s.ws("history", "--json").check().stdout) as? [[String: Any]])
        let seq = try #require(events.first { ($0["time"] as? String) == "2026-12-02T10:00:00.000Z" }?["seq"] as? Int)
        #expect(try s.ws("history", "--since", "2026-12-02T12:00:00Z").check().stdout
                == s.ws("history", "--since", String(seq)).check().stdout)
        #expect(try s.ws("status", "--at", "2026-12-02T12:00:00Z", "--json").check().stdout
                == s.ws("status", "--at", String(seq), "--json").check().stdout)
        // An unknown workstream is named before a point that cannot be read.
        let refused = try s.ws("history", "NOPE", "--since", "bogus")
        #expect(refused.code == 4 && refused.stderr.contains("NOPE"))
        #expect(try s.ws("history", "--since", "bogus").code == 1)
    }
}
