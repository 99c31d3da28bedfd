import Foundation
import Testing

/// A Lamport clock never passes the bound every clone accepts on import (2^53): a clone that imported
/// a line at the bound clocks its own events at the bound too (equal clocks are ordered by event id),
/// so no clone writes a line its peers quarantine (docs/clones.md).
@Suite struct ClockBoundTests {
    static let bound = 9_007_199_254_740_992

    @Test func aLineAtTheBoundDoesNotMakeTheNextLocalEventUnimportable() throws {
        let pair = try ClonePair(seed: [["log", "W", "seed note"]])
        let note = try #require(JournalForgery.lines(pair.two, "W").first { $0.contains("seed note") })
        let forged = try JournalForgery.rehashed(note) {
            $0["clock"] = Self.bound
            $0["data"] = ["kind": "note", "message": "at the bound"]
        }
        try JournalForgery.append(pair.two, "W", forged)
        try pair.two.git("push", "-q", "origin", "main").check()
        try pair.one.git("-c", "pull.rebase=false", "pull", "-q", "--no-edit", "origin", "main").check()
        #expect(try pair.one.ws("export").check().stdout.contains("at the bound"), "the line at the bound was refused")
        try pair.one.ws("log", "W", "after the bound").check()
        try pair.one.ws("log", "W", "and once more").check()
        let clocks = try pair.one.exported().compactMap { $0["clock"] as? Int }
        #expect(clocks.allSatisfy { $0 <= Self.bound }, "clocks past the bound: \(clocks.filter { $0 > Self.bound })")
        try pair.exchange()
        for copy in [pair.one, pair.two] {
            let status = try copy.ws("status").check()
            #expect(!status.stderr.contains("quarantin") && !status.stderr.contains("out of range"),
                    "\(status.stderr)")
            #expect(try JournalForgery.quarantined(copy).isEmpty, "\(copy.dir.lastPathComponent) quarantined lines")
        }
        #expect(try pair.one.eventIds() == pair.two.eventIds(), "the clones hold different events")
        #expect(try pair.two.ws("export").check().stdout.contains("and once more"))
    }
}
