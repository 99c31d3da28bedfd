import Foundation
import Testing

/// An event's id covers its content: a journal line edited after it was recorded (its value, its
/// clock) is quarantined by every clone, a clone made after the edit included; a line re-hashed
/// by the editor is another event that every clone ends up holding beside the original. Either
/// way the clones end up identical, and `ws sync` goes quiet.
@Suite struct JournalIntegrityTests {
    /// Three clones: one and two held the events before the edit, three is cloned after it.
    final class Network {
        let pair: ClonePair
        var three: WorkCopy?
        var all: [WorkCopy] { [pair.one, pair.two] + (three.map { [$0] } ?? []) }

        init() throws {
            pair = try ClonePair(seed: [["start", "W", "--agent", "alice"],
                                        ["artifact", "W", "endpoint=https://good.example", "--agent", "alice"], ["log", "W", "seed note"]])
        }

        /// Two pushes what it committed; three is cloned from origin afterwards; one pulls.
        func spread() throws -> WorkCopy {
            try pair.two.git("push", "-q", "origin", "main").check()
            let three = try pair.scratch.clone(pair.scratch.base.appendingPathComponent("origin.git"), as: "three")
            self.three = three
            try pair.one.git("-c", "pull.rebase=false", "pull", "-q", "--no-edit", "origin", "main").check()
            for copy in all { try copy.ws("status").check() }
            return three
        }

        /// Every clone publishes twice in turn; then all are at one commit, show the same, verify, and sync quietly.
        func expectConverged(sourceLocation: SourceLocation = #_sourceLocation) throws {
            for _ in 0..<2 { for copy in all { try copy.publish(sourceLocation: sourceLocation) } }
            let views = try all.map(JournalForgery.view)
            #expect(Set(views.map { $0.joined(separator: "\n") }).count == 1,
                    "the clones disagree:\n\(views.map { $0.joined(separator: "\n") }.joined(separator: "\n---\n"))",
                    sourceLocation: sourceLocation)
            let heads = try Set(all.map { try $0.head() })
            #expect(heads.count == 1, "the clones are at \(heads.count) commits", sourceLocation: sourceLocation)
            for copy in all {
                let name = copy.dir.lastPathComponent
                let verify = try copy.ws("verify")
                #expect(verify.code == 0, "ws verify in \(name): \(verify.stdout)\(verify.stderr)",
                        sourceLocation: sourceLocation)
                let head = try copy.head()
                let again = try copy.ws("sync").check(sourceLocation: sourceLocation)
                #expect(try copy.head() == head && again.stderr.isEmpty && again.stdout.hasPrefix("in sync"),
                        "a second ws sync in \(name) was not quiet: \(again.stdout)\(again.stderr)",
                        sourceLocation: sourceLocation)
                #expect(try JournalForgery.quarantined(copy).isEmpty, sourceLocation: sourceLocation)
            }
        }
    }

    @Test func aLineEditedInPlaceIsQuarantinedByHoldersAndByACloneMadeAfterTheEdit() throws {
        let net = try Network()
        let two = net.pair.two
        // A value, and another line's clock (which would move it to the end of the order).
        try JournalForgery.edit(two, "W", containing: "good.example") { line in
            line.replacingOccurrences(of: "https://good.example", with: "https://evil.example")
        }
        try JournalForgery.edit(two, "W", containing: "WorkstreamStarted") { line in
            try JournalForgery.edited(line) { $0["clock"] = 900 }
        }
        let valueLine = try JournalForgery.number(two, "W", containing: "evil.example")
        let clockLine = try JournalForgery.number(two, "W", containing: "\"clock\":900")
        let three = try net.spread()

        // The clone made after the edit imports neither line: it shows nothing the holders do not.
        #expect(try !three.ws("export").check().stdout.contains("evil.example"), "the later clone imported the edit")
        let starts = try three.exported().filter { $0["type"] as? String == "WorkstreamStarted" }
        let startClocks = starts.map { $0["clock"] as? Int }
        #expect(!startClocks.contains(900), "the later clone imported the edited clock")
        let expected: Set = [".ws/journal/W.jsonl:\(valueLine)", ".ws/journal/W.jsonl:\(clockLine)"]
        for copy in net.all {
            #expect(try JournalForgery.quarantined(copy) == expected, "\(copy.dir.lastPathComponent): other lines")
        }
        try net.expectConverged()
        #expect(try !net.pair.one.ws("export").check().stdout.contains("evil.example"))
        #expect(try net.pair.one.row("W")["agent"] as? String == "alice")
    }

    @Test func aLineReHashedByTheEditorIsAnotherEventThatEveryCloneHoldsBesideTheOriginal() throws {
        let net = try Network()
        let two = net.pair.two
        let original = try #require(JournalForgery.lines(two, "W").first { $0.contains("good.example") })
        let originalId = try #require((try json(original) as? [String: Any])?["eventId"] as? String)
        try JournalForgery.edit(two, "W", containing: "good.example") { line in
            try JournalForgery.rehashed(line, JournalForgery.setData("value", "https://evil.example"))
        }
        let forged = try #require(JournalForgery.lines(two, "W").first { $0.contains("evil.example") })
        let forgedId = try #require((try json(forged) as? [String: Any])?["eventId"] as? String)
        _ = try net.spread()
        // A well-formed event is imported, not quarantined: expectConverged checks that every quarantine is empty.
        try net.expectConverged()
        // Both facts are held everywhere; the fixed artifact rule settles them alike (a conflict to resolve).
        for copy in net.all {
            #expect(try copy.eventIds().isSuperset(of: [originalId, forgedId]), "\(copy.dir.path) lost an event")
        }
        let conflicts = try #require(try net.pair.one.json("conflicts") as? [[String: Any]])
        #expect(conflicts.contains { $0["kind"] as? String == "artifact" }, "\(WorkCopy.canonical(conflicts))")
    }

    @Test func quarantineShowsTheLineAndDropRemovesItInOneCommit() throws {
        let net = try Network()
        let one = net.pair.one
        try JournalForgery.edit(one, "W", containing: "good.example") { line in
            line.replacingOccurrences(of: "https://good.example", with: "https://evil.example")
        }
        let number = try JournalForgery.number(one, "W", containing: "evil.example")
        let items = try one.objects("quarantine")
        #expect(items.count == 1 && items.first?["line"] as? Int == number, "\(items)")
        #expect((items.first?["text"] as? String)?.contains("evil.example") == true, "the line is not shown")
        #expect((items.first?["reason"] as? String)?.contains("does not match its event id") == true, "\(items)")

        let head = try one.head()
        let unknown = try one.ws("quarantine", "drop", ".ws/journal/W.jsonl:999")
        #expect(unknown.code == 4 && unknown.stderr.contains("ws quarantine"), "exit \(unknown.code): \(unknown.stderr)")
        #expect(try one.head() == head, "a failed drop committed")

        try one.ws("quarantine", "drop", ".ws/journal/W.jsonl:\(number)").check()
        #expect(try one.head() != head, "the drop made no commit")
        #expect(try !one.git("show", "HEAD:.ws/journal/W.jsonl").check().stdout.contains("evil.example"))
        #expect(try JournalForgery.quarantined(one).isEmpty)
        // The journal now lacks an event the log holds: the next sync writes the original back, then goes quiet.
        try net.expectConverged()
        #expect(try one.git("show", "HEAD:.ws/journal/W.jsonl").check().stdout.contains("good.example"))
    }

    /// A clone that does not hold the edited line's event keeps nothing of that journal, and the holder
    /// writes the original back at the same time: the file must be emptied, not deleted, or the holder's
    /// `git pull --rebase` stops on a modify/delete conflict (seed 1850561770 of the hostile convergence run).
    @Test func aJournalWhoseOnlyLineIsEditedStillRebasesOntoACloneThatQuarantinedIt() throws {
        let net = try Network()
        let (one, two) = (net.pair.one, net.pair.two)
        try one.ws("new", "N", "--title", "Nova").check()
        try one.ws("commit").check()
        try JournalForgery.edit(one, "N", containing: "Nova") { $0.replacingOccurrences(of: "Nova", with: "Edited") }
        try one.git("push", "-q", "origin", "main").check()
        try two.git("pull", "-q", "--rebase", "origin", "main").check()
        try two.ws("sync").check()
        try two.git("push", "-q", "origin", "main").check()
        try one.ws("sync").check()
        try one.git("pull", "-q", "--rebase", "origin", "main").check()
        try net.expectConverged()
        #expect(try two.ws("export").check().stdout.contains("Nova"), "the original line did not travel back")
    }
}
