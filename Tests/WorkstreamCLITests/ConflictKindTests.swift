import Foundation
import Testing

/// Concurrent changes that disagree, made on two clones of one origin: once the clones have
/// exchanged their commits both report the same conflict and show the same outcome, `ws verify`
/// passes with a warning that names `ws resolve`, and one `ws resolve` settles it on both.
@Suite struct ConflictKindTests {
    struct Run {
        let pair: ClonePair
        let item: [String: Any]
        let fromTwo: Set<String>
        /// The competing event that came from clone two.
        var theirs: String? { (item["events"] as? [[String: Any]])?.compactMap { $0["eventId"] as? String }.first { fromTwo.contains($0) } }
    }

    static let started = [["start", "W", "--agent", "alice"]]

    func concurrent(_ kind: String, on ids: Set<String>, seed: [[String]] = [], one: [[String]], two: [[String]],
                    sourceLocation: SourceLocation = #_sourceLocation) throws -> Run {
        let pair = try ClonePair(seed: seed)
        let before = try pair.one.eventIds()
        for args in one { try pair.one.ws(args).check(sourceLocation: sourceLocation) }
        for args in two { try pair.two.ws(args).check(sourceLocation: sourceLocation) }
        let fromOne = try pair.one.eventIds().subtracting(before), fromTwo = try pair.two.eventIds().subtracting(before)
        try pair.exchange(sourceLocation: sourceLocation)
        var views: [String] = [], found: [[String: Any]] = []
        for copy in [pair.one, pair.two] {
            let list = try copy.objects("conflicts", sourceLocation: sourceLocation)
            let matching = list.filter { $0["kind"] as? String == kind && ids.contains($0["workstream"] as? String ?? "") }
            #expect(matching.count == 1, "\(copy.dir.lastPathComponent): \(WorkCopy.canonical(list))", sourceLocation: sourceLocation)
            guard let item = matching.first else { continue }
            let events = item["events"] as? [[String: Any]] ?? []
            #expect(events.allSatisfy { $0["eventId"] is String && $0["agent"] is String && $0["time"] is String },
                    "\(WorkCopy.canonical(item))", sourceLocation: sourceLocation)
            let eventIds = Set(events.compactMap { $0["eventId"] as? String })
            #expect(!eventIds.isDisjoint(with: fromOne) && !eventIds.isDisjoint(with: fromTwo) && eventIds.isSubset(of: fromOne.union(fromTwo)),
                    "the competing events of both clones: \(eventIds) vs \(fromOne) and \(fromTwo)", sourceLocation: sourceLocation)
            #expect(!(item["outcome"] as? String ?? "").isEmpty, "no outcome: \(WorkCopy.canonical(item))", sourceLocation: sourceLocation)
            views.append(WorkCopy.canonical([kind, item["workstream"] ?? NSNull(), eventIds.sorted(), item["outcome"] ?? NSNull()]))
            found.append(item)
        }
        #expect(views.count == 2 && views.first == views.last, "the clones report it differently: \(views)", sourceLocation: sourceLocation)
        try expectSameProjection(pair, ids, sourceLocation: sourceLocation)
        for copy in [pair.one, pair.two] {
            let v = try copy.ws("verify"), text = v.stdout + v.stderr
            #expect(v.code == 0, "a conflict is a warning, not a failure: \(text)", sourceLocation: sourceLocation)
            let named = ids.contains { text.range(of: "\\b\($0)\\b", options: .regularExpression) != nil }
            #expect(text.contains("ws resolve") && named, "verify does not name the conflict: \(text)", sourceLocation: sourceLocation)
        }
        // Both clones can still write to it: on one of them the other's event sorts before its own.
        let item = try #require(found.first, sourceLocation: sourceLocation)
        for copy in [pair.one, pair.two] {
            try copy.ws("log", item["workstream"] as? String ?? "", "written after the merge").check(sourceLocation: sourceLocation)
        }
        return Run(pair: pair, item: item, fromTwo: fromTwo)
    }

    func expectSameProjection(_ pair: ClonePair, _ ids: Set<String>, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(WorkCopy.canonical(try pair.one.json("status")) == WorkCopy.canonical(try pair.two.json("status")), sourceLocation: sourceLocation)
        for id in ids { #expect(try shown(pair.one, id) == shown(pair.two, id), sourceLocation: sourceLocation) }
    }

    /// What `show --json` says is in force (not the clone-local sequence numbers).
    func shown(_ copy: WorkCopy, _ id: String) throws -> String {
        let show = try #require(try copy.json("show", id) as? [String: Any])
        var picked = show.filter { ["id", "title", "status", "agent", "dependsOn", "blockedReason", "completion", "conflict"].contains($0.key) }
        picked["artifacts"] = (show["artifacts"] as? [[String: Any]] ?? []).map { ["name": $0["name"] ?? "", "value": $0["value"] ?? NSNull()] }
        return WorkCopy.canonical(picked)
    }

    func show(_ copy: WorkCopy, _ id: String) throws -> [String: Any] { try #require(try copy.json("show", id) as? [String: Any]) }

    /// `ws resolve <args>` on clone one; after the exchange neither clone has a conflict left.
    func settle(_ run: Run, _ args: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        try run.pair.one.ws(["resolve"] + args).check(sourceLocation: sourceLocation)
        try run.pair.exchange(sourceLocation: sourceLocation)
        for copy in [run.pair.one, run.pair.two] {
            #expect(try copy.objects("conflicts").isEmpty, "\(copy.dir.lastPathComponent) still reports a conflict", sourceLocation: sourceLocation)
            let v = try copy.ws("verify")
            #expect(v.code == 0 && !(v.stdout + v.stderr).contains("ws resolve"), "\(v.stdout)\(v.stderr)", sourceLocation: sourceLocation)
        }
        #expect(WorkCopy.canonical(try run.pair.one.json("status")) == WorkCopy.canonical(try run.pair.two.json("status")), sourceLocation: sourceLocation)
    }

    @Test func twoAgentsStartedOneWorkstream() throws {
        let run = try concurrent("holder", on: ["W"], one: [["start", "W", "--agent", "alice"]], two: [["start", "W", "--agent", "bob"]])
        let holder = try run.pair.one.row("W")["agent"] as? String
        #expect(holder == "alice" || holder == "bob")
        let other = holder == "alice" ? "bob" : "alice"
        try settle(run, ["W", "--agent", other])
        for copy in [run.pair.one, run.pair.two] { #expect(try copy.row("W")["agent"] as? String == other) }
    }

    @Test func completedOnOneCloneAndCancelledOnTheOther() throws {
        let run = try concurrent("closed", on: ["W"], seed: Self.started,
                                 one: [["complete", "W", "--agent", "alice", "--summary", "Shipped"]], two: [["cancel", "W", "--reason", "Dropped"]])
        for copy in [run.pair.one, run.pair.two] { #expect(try copy.row("W")["status"] as? String == "completed") }
        try settle(run, ["W", "--keep", try #require(run.theirs)])
        for copy in [run.pair.one, run.pair.two] { #expect(try copy.row("W")["status"] as? String == "cancelled") }
    }

    @Test func completedTwiceWithDifferentSummaries() throws {
        let run = try concurrent("completion", on: ["W"], seed: Self.started,
                                 one: [["complete", "W", "--agent", "alice", "--summary", "Done on one"]],
                                 two: [["complete", "W", "--agent", "alice", "--summary", "Done on two"]])
        for copy in [run.pair.one, run.pair.two] { #expect(try copy.row("W")["status"] as? String == "completed") }
        try settle(run, ["W", "--keep", try #require(run.theirs)])
        for copy in [run.pair.one, run.pair.two] {
            #expect((try show(copy, "W")["completion"] as? [String: Any])?["summary"] as? String == "Done on two")
        }
    }

    @Test func oneArtifactSetToTwoValues() throws {
        let run = try concurrent("artifact", on: ["W"], seed: Self.started,
                                 one: [["artifact", "W", "ENDPOINT=https://one.example", "--agent", "alice"]],
                                 two: [["artifact", "W", "ENDPOINT=https://two.example", "--agent", "alice"]])
        for copy in [run.pair.one, run.pair.two] {
            let table = try copy.ws("conflicts").check().stdout
            #expect(table.contains("https://one.example") && table.contains("https://two.example"), "\(table)")
        }
        let item = WorkCopy.canonical(run.item)
        #expect(item.contains("https://one.example") && item.contains("https://two.example"), "\(item)")
        try settle(run, ["W", "--keep", try #require(run.theirs)])
        for copy in [run.pair.one, run.pair.two] {
            let artifacts = try show(copy, "W")["artifacts"] as? [[String: Any]] ?? []
            #expect(artifacts.first { $0["name"] as? String == "ENDPOINT" }?["value"] as? String == "https://two.example")
        }
    }

    @Test(arguments: [false, true]) func blockedConcurrently(unblockOnOne: Bool) throws {
        // As alice, who holds W: fencing refuses blocks to anyone else while her lease runs.
        let seed = Self.started + (unblockOnOne ? [["block", "W", "--reason", "Initial", "--agent", "alice"]] : [])
        let one = unblockOnOne ? [["unblock", "W", "--agent", "alice"]] : [["block", "W", "--reason", "Waiting on the vendor", "--agent", "alice"]]
        let run = try concurrent("block", on: ["W"], seed: seed, one: one, two: [["block", "W", "--reason", "Waiting on legal", "--agent", "alice"]])
        try settle(run, ["W", "--keep", try #require(run.theirs)])
        for copy in [run.pair.one, run.pair.two] {
            #expect(try copy.row("W")["status"] as? String == "blocked")
            #expect(try show(copy, "W")["blockedReason"] as? String == "Waiting on legal")
        }
    }

    @Test func oneIdDeclaredWithTwoTitles() throws {
        let run = try concurrent("declared", on: ["X"], one: [["new", "X", "--title", "Alpha"]], two: [["new", "X", "--title", "Beta"]])
        // The documents of X in HEAD, leaving out tombstones (paths the log no longer produces keep a fixed text).
        func documents(_ copy: WorkCopy) throws -> [String] {
            let paths = try copy.git("ls-tree", "--name-only", "HEAD", "Workstreams/").check().stdout.split(separator: "\n").map(String.init)
            return try paths.filter { $0.hasPrefix("Workstreams/X-") }.filter { path in
                !(try copy.git("show", "HEAD:\(path)").check().stdout.contains("# No longer generated"))
            }
        }
        for copy in [run.pair.one, run.pair.two] {
            let names = try documents(copy)
            #expect(names.count == 1, "documents are regenerated, not merged: \(names)")
        }
        try settle(run, ["X", "--keep", try #require(run.theirs)])
        for copy in [run.pair.one, run.pair.two] {
            #expect(try copy.row("X")["title"] as? String == "Beta")
            #expect(try documents(copy) == ["Workstreams/X-beta.md"])
        }
    }

    @Test func edgesFromTwoClonesCloseACycle() throws {
        let run = try concurrent("cycle", on: ["H", "I"], one: [["dep", "add", "H", "I"]], two: [["dep", "add", "I", "H"]])
        let named = WorkCopy.canonical(run.item.filter { $0.key != "events" })
        #expect(named.range(of: #"\bH\b"#, options: .regularExpression) != nil && named.range(of: #"\bI\b"#, options: .regularExpression) != nil, "\(named)")
        for copy in [run.pair.one, run.pair.two] {
            let table = try copy.ws("conflicts").check().stdout
            #expect(table.contains("cycle") && table.contains("H") && table.contains("I"), "\(table)")
            let ready = try copy.objects("ready").compactMap { $0["id"] as? String }
            #expect(!ready.contains("H") && !ready.contains("I"), "\(ready)")
            let blocked = try copy.objects("blocked")
            for id in ["H", "I"] {
                let entry = WorkCopy.canonical(blocked.first { $0["id"] as? String == id } ?? [:])
                #expect(entry.lowercased().contains("cycle"), "blocked --json does not explain \(id): \(entry)")
            }
        }
        try settle(run, ["H", "--drop-dependency", "I"])
        for copy in [run.pair.one, run.pair.two] {
            let ready = try copy.objects("ready").compactMap { $0["id"] as? String }
            #expect(ready.contains("H") && !ready.contains("I"), "\(ready)")
        }
    }

    /// The advice names the edge of the cycle's first member even when that member is completed; following it
    /// must work (it was refused as "H is completed" when the decider saw only the two ends of the edge).
    @Test func aCycleThroughACompletedWorkstreamIsSettledByItsAdvice() throws {
        let run = try concurrent("cycle", on: ["H", "I"],
                                 one: [["start", "H"], ["dep", "add", "H", "I"], ["complete", "H", "--force", "--reason", "done before the merge"]],
                                 two: [["dep", "add", "I", "H"]])
        let advice = try #require(run.item["resolve"] as? String)
        #expect(advice == "ws resolve H --drop-dependency I", "\(advice)")
        try settle(run, ["H", "--drop-dependency", "I"])
        for copy in [run.pair.one, run.pair.two] {
            let row = try copy.row("H")
            #expect(row["dependsOn"] as? [String] == [], "\(row)")
        }
    }
}
