import EventLog
import Foundation
import Testing

/// A Lamport clock never exceeds the number of events in its causal history, so an imported line clocked past
/// the events the log would hold with it was written by hand: every clone quarantines it (red team rt2-k: one
/// line at 2^53 made every later event sit at 2^53, a release sorted before its start and clones disagreed).
@Suite struct ClockBoundTests {
    static let bound = 9_007_199_254_740_992

    @Test func aForgedClockIsQuarantinedByEveryCloneAlike() throws {
        let pair = try ClonePair(seed: [["log", "W", "seed note"]])
        let three = try pair.scratch.clone(pair.scratch.base.appendingPathComponent("origin.git"), as: "three")
        try three.ws("status").check()
        let note = try #require(JournalForgery.lines(pair.two, "W").first { $0.contains("seed note") })
        let forged = try JournalForgery.rehashed(note) {
            $0["clock"] = Self.bound
            $0["data"] = ["kind": "note", "message": "at the bound"]
        }
        try JournalForgery.append(pair.two, "W", forged)
        try pair.two.git("push", "-q", "origin", "main").check()
        for copy in [pair.one, three] {
            try copy.git("-c", "pull.rebase=false", "pull", "-q", "--no-edit", "origin", "main").check()
        }
        let clones = [pair.one, pair.two, three]
        for copy in clones {
            try copy.ws("status").check()
            let reasons = try copy.objects("quarantine").compactMap { $0["reason"] as? String }
            #expect(reasons.contains { $0.contains("clock \(Self.bound)") },
                    "\(copy.dir.lastPathComponent): \(reasons)")
            #expect(try !copy.ws("export").check().stdout.contains("at the bound"), "the forged line was imported")
        }
        var bob = pair.one
        bob.env["WS_AGENT"] = "bob"
        for _ in 0..<4 {
            try bob.ws("start", "H").check()
            try bob.ws("release", "H").check()
        }
        let clocks = try pair.one.exported().compactMap { $0["clock"] as? Int }
        #expect(clocks.allSatisfy { $0 < 100 }, "clocks pushed up by the forged line: \(clocks)")
        let hub = try pair.one.row("H")
        #expect(hub["status"] as? String == "ready", "a release sorted before its start: \(hub)")
        try pair.one.ws("verify").check()
        for copy in clones + clones { try copy.publish() }
        let views = try clones.map { WorkCopy.canonical(try $0.json("status")) }
        #expect(Set(views).count == 1, "the clones show different status: \(views)")
        for copy in clones { try copy.ws("verify").check() }
    }

    /// `ws import` gets the same rule: a file with an event clocked past the events the log would hold is
    /// refused whole, naming the line, the clock and the count; nothing is imported.
    @Test func anExportWithAForgedClockIsRefusedByImport() throws {
        let pair = try ClonePair(seed: [["log", "W", "seed note"]])
        var lines = try pair.one.ws("export").check().stdout.split(separator: "\n").map(String.init)
        var last = try ExportFormat.parse(Substring(try #require(lines.last)), number: lines.count)
        last.clock = Int64(Self.bound)
        last.hash = HashChain.hash(of: last)
        lines[lines.count - 1] = ExportFormat.line(last)
        let file = pair.scratch.base.appendingPathComponent("forged.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let fresh = WorkCopy(dir: pair.scratch.base.appendingPathComponent("fresh"))
        try Sandbox.run(["/usr/bin/env", "git", "init", "-q", "-b", "main", fresh.dir.path], cwd: pair.scratch.base,
                        env: WorkCopy.environment).check()
        try fresh.ws("init").check()
        let before = try fresh.ws("export").check().stdout
        let r = try fresh.ws("import", file.path)
        #expect(r.code == 1, "exit \(r.code): \(r.stdout) \(r.stderr)")
        #expect(r.stderr.contains("line \(lines.count)") && r.stderr.contains("clock \(Self.bound)"), "\(r.stderr)")
        #expect(try fresh.ws("export").check().stdout == before, "something was imported")
    }
}
