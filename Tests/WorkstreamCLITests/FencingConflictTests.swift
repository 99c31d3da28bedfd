import Foundation
import Testing

/// Fencing across clones: what the decider cannot refuse because the two sides did not see each other.
extension ConflictKindTests {
    /// Bob takes W over on clone two while alice, its holder, completes it on clone one. `laterTakeOver` puts
    /// the take-over after the completion in the total order (an extra note gives it the greater clock).
    @Test(arguments: [false, true]) func aTakeOverAndACompletionByTheOldHolderOnTwoClones(laterTakeOver: Bool) throws {
        let take = ["start", "W", "--take-over", "--force", "--reason", "alice is silent", "--agent", "bob"]
        let complete = ["complete", "W", "--agent", "alice", "--summary", "Shipped"]
        let note = ["log", "W", "a note first", "--agent", laterTakeOver ? "bob" : "alice"]
        let run = try concurrent("fenced", on: ["W"], seed: Self.started,
                                 one: laterTakeOver ? [complete] : [note, complete],
                                 two: laterTakeOver ? [note, take] : [take])
        for copy in [run.pair.one, run.pair.two] {
            let row = try copy.row("W")
            #expect(row["status"] as? String == "completed" && row["agent"] as? String == "alice", "\(row)")
            #expect((run.item["outcome"] as? String ?? "").contains("completed by alice"), "\(run.item)")
        }
        // Keeping the take-over sets the completion aside: W is open again, held by bob, on both clones.
        try settle(run, ["W", "--keep", try #require(run.theirs)])
        for copy in [run.pair.one, run.pair.two] {
            let row = try copy.row("W")
            #expect(row["status"] as? String == "in_progress" && row["agent"] as? String == "bob", "\(row)")
        }
    }

    /// A holder conflict settled for alice on one clone and for bob on the other: reported as a holder
    /// conflict again, the same on both, until one more settlement (made after seeing both) ends it.
    @Test func oneHolderConflictSettledDifferentlyOnTwoClones() throws {
        let run = try concurrent("holder", on: ["W"], one: [["start", "W", "--agent", "alice"]],
                                 two: [["start", "W", "--agent", "bob"]])
        let pair = run.pair
        let before = try pair.one.eventIds().union(pair.two.eventIds())
        try pair.one.ws("resolve", "W", "--agent", "alice").check()
        try pair.two.ws("resolve", "W", "--agent", "bob").check()
        let settlements = try pair.one.eventIds().union(pair.two.eventIds()).subtracting(before)
        try pair.exchange()
        var views: [String] = []
        for copy in [pair.one, pair.two] {
            let list = try copy.objects("conflicts")
            #expect(list.count == 1 && list.first?["kind"] as? String == "holder", "\(WorkCopy.canonical(list))")
            let sides = Set((list.first?["events"] as? [[String: Any]] ?? []).compactMap { $0["eventId"] as? String })
            #expect(sides == settlements, "the two settlements are the sides: \(sides) vs \(settlements)")
            views.append(WorkCopy.canonical(list))
        }
        #expect(views.count == 2 && views.first == views.last, "the clones report it differently: \(views)")
        try expectSameProjection(pair, ["W"])
        try settle(run, ["W", "--agent", "bob"])
        for copy in [pair.one, pair.two] { #expect(try copy.row("W")["agent"] as? String == "bob") }
    }
}
