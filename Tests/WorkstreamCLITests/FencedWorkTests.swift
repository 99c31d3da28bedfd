import Foundation
import Testing

/// Fenced work that reaches a clone through git, which the local fence could not refuse: the old holder's
/// work after a take-over elsewhere, a fenced conflict settled two ways, a completion written by hand.
extension ConflictKindTests {
    static let takeOver = ["start", "W", "--take-over", "--force", "--reason", "alice is silent", "--agent", "bob"]
    static let startedWithATask = [["start", "W", "--agent", "alice"],
                                   ["task", "add", "W", "Build it", "--task-id", "1"]]

    /// The fenced conflicts of W on a clone: exactly one, its sides' event ids and the whole report.
    func fenced(_ copy: WorkCopy,
                sourceLocation: SourceLocation = #_sourceLocation) throws -> (sides: Set<String>, view: String) {
        let list = try copy.objects("conflicts", sourceLocation: sourceLocation)
            .filter { $0["kind"] as? String == "fenced" && $0["workstream"] as? String == "W" }
        #expect(list.count == 1, "\(copy.dir.lastPathComponent): \(WorkCopy.canonical(list))",
                sourceLocation: sourceLocation)
        let sides = (list.first?["events"] as? [[String: Any]] ?? []).compactMap { $0["eventId"] as? String }
        return (Set(sides), WorkCopy.canonical(list))
    }

    /// Bob takes W over on clone one; alice, who still holds it on clone two, checks a task off, records an
    /// artifact, blocks it and logs a decision. Her work stands, reported as one `fenced` conflict on both.
    @Test func theOldHoldersWorkAfterATakeOverElsewhereIsAFencedConflict() throws {
        let pair = try ClonePair(seed: Self.startedWithATask)
        let before = try pair.two.eventIds()
        try pair.one.ws(Self.takeOver).check()
        let taken = try pair.one.eventIds().subtracting(before)
        // A plain note first (open to anyone): alice's work then comes after the take-over in the total order.
        try pair.two.ws("log", "W", "still on it", "--agent", "alice").check()
        let noted = try pair.two.eventIds()
        for args in [["task", "done", "W", "1"], ["artifact", "W", "URL=https://w.example"],
                     ["block", "W", "--reason", "waiting"], ["log", "W", "chose plan B", "--kind", "decision"]] {
            try pair.two.ws(args + ["--agent", "alice"]).check()
        }
        let work = try pair.two.eventIds().subtracting(noted)
        #expect(work.count == 4)
        try pair.exchange()
        var views: [String] = []
        for copy in [pair.one, pair.two] {
            let report = try fenced(copy)
            #expect(work.union(taken).isSubset(of: report.sides), "\(report.view)")
            views.append(report.view)
            let row = try copy.row("W")
            #expect(row["agent"] as? String == "bob" && row["status"] as? String == "blocked",
                    "the work stands: \(row)")
        }
        #expect(views.first == views.last, "the clones report it differently: \(views)")
        try pair.one.ws("resolve", "W", "--keep", try #require(taken.first)).check()
        try pair.exchange()
        for copy in [pair.one, pair.two] { #expect(try copy.objects("conflicts").isEmpty) }
    }

    /// The take-over kept on one clone, the completion on the other: a `fenced` conflict again, alike on both,
    /// the first settlement in force meanwhile, until one more settlement ends it.
    @Test func oneFencedConflictSettledDifferentlyOnTwoClones() throws {
        let complete = ["complete", "W", "--agent", "alice", "--summary", "Shipped"]
        let note = ["log", "W", "a note first", "--agent", "alice"]
        let run = try concurrent("fenced", on: ["W"], seed: Self.started, one: [note, complete], two: [Self.takeOver])
        let pair = run.pair
        let take = try #require(run.theirs)
        let sides = Set((run.item["events"] as? [[String: Any]] ?? []).compactMap { $0["eventId"] as? String })
        let completion = try #require(sides.subtracting([take]).first)
        try pair.one.ws("resolve", "W", "--keep", take).check()
        try pair.two.ws("resolve", "W", "--keep", completion).check()
        try pair.exchange()
        let views = try [pair.one, pair.two].map { copy in
            let report = try fenced(copy)
            #expect(report.sides == sides, "\(report.view)")
            return report.view
        }
        #expect(views.first == views.last, "the clones report it differently: \(views)")
        try expectSameProjection(pair, ["W"])
        try settle(run, ["W", "--keep", completion])
        for copy in [pair.one, pair.two] {
            let row = try copy.row("W")
            #expect(row["status"] as? String == "completed" && row["agent"] as? String == "alice", "\(row)")
        }
    }

    /// A line written by hand on clone two (correctly hashed) and pushed; both clones import it.
    func forgeCompletion(_ pair: ClonePair, from type: String, by actor: String) throws {
        let line = try #require(JournalForgery.lines(pair.two, "W").first { $0.contains(type) })
        let clock = try JournalForgery.nextClock(pair.two)
        let forged = try JournalForgery.rehashed(line) {
            $0["type"] = "WorkstreamCompleted"
            $0["actor"] = actor
            $0["clock"] = clock
            $0["data"] = ["summary": "done, trust me", "next": [String](), "forced": false,
                          "openTasks": [String](), "failedChecks": [String]()]
        }
        try JournalForgery.append(pair.two, "W", forged)
        try pair.two.git("push", "-q", "origin", "main").check()
        try pair.one.git("-c", "pull.rebase=false", "pull", "-q", "--no-edit", "origin", "main").check()
        for copy in [pair.one, pair.two] { try copy.ws("sync").check() }
    }

    /// Mallory's completion over alice's live lease, claiming no task open: a `fenced` conflict naming mallory.
    @Test func aForgedCompletionOverALiveLeaseIsFencedAndNamesItsCompleter() throws {
        let pair = try ClonePair(seed: Self.startedWithATask)
        try forgeCompletion(pair, from: "WorkstreamStarted", by: "mallory")
        var views: [String] = []
        for copy in [pair.one, pair.two] {
            views.append(try fenced(copy).view)
            #expect(views.last?.contains("mallory") == true, "\(views)")
            let row = try copy.row("W")
            #expect(row["status"] as? String == "completed" && row["agent"] as? String == "mallory", "\(row)")
            let folder = copy.dir.appendingPathComponent("Handoffs")
            let name = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first)
            let handoff = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(handoff.contains("mallory") && handoff.contains("Open tasks at that moment: 1"), "\(handoff)")
        }
        #expect(views.first == views.last)
    }

    /// A completion nobody started nor forced, written by hand: reported alike on both clones. `ws complete`
    /// of a workstream nobody started starts it for its completer, so it is no conflict.
    @Test func aForgedCompletionWithNoStartIsReported() throws {
        let pair = try ClonePair()
        try forgeCompletion(pair, from: "WorkstreamDeclared", by: "mallory")
        let views = try [pair.one, pair.two].map { copy in
            let row = try copy.row("W")
            #expect(row["status"] as? String == "completed" && row["agent"] as? String == "mallory", "\(row)")
            return try fenced(copy).view
        }
        #expect(views.first == views.last)
        try pair.one.ws("complete", "I", "--summary", "Done", "--agent", "carol").check()
        #expect(try pair.one.row("I")["agent"] as? String == "carol")
        #expect(try pair.one.objects("conflicts").allSatisfy { $0["workstream"] as? String != "I" })
    }
}
