import Foundation
import Testing

/// Take-overs and releases made on two clones that did not see each other, in the style of `ConflictKindTests`.
extension ConflictKindTests {
    /// Two agents take over alice's workstream on two clones: both clones report one `holder`
    /// conflict with the same outcome (the first take-over in the total order holds it), and one
    /// `ws resolve` settles it for the other agent on both.
    @Test func twoTakeOversOnTwoClones() throws {
        let run = try concurrent("holder", on: ["W"], seed: Self.started,
                                 one: [["start", "W", "--take-over", "--force", "--reason", "alice is away", "--agent", "bob"]],
                                 two: [["start", "W", "--take-over", "--force", "--reason", "alice left", "--agent", "carol"]])
        let holder = try run.pair.one.row("W")["agent"] as? String
        #expect(holder == "bob" || holder == "carol")
        for copy in [run.pair.one, run.pair.two] { #expect(try copy.row("W")["agent"] as? String == holder) }
        let other = holder == "bob" ? "carol" : "bob"
        try settle(run, ["W", "--agent", other])
        for copy in [run.pair.one, run.pair.two] { #expect(try copy.row("W")["agent"] as? String == other) }
    }

    /// alice releases on one clone while bob takes over on the other: no conflict, bob holds it on both.
    @Test func aReleaseAndATakeOverOnTwoClones() throws {
        let pair = try ClonePair(seed: Self.started)
        try pair.one.ws("release", "W", "--agent", "alice").check()
        try pair.two.ws("start", "W", "--take-over", "--force", "--reason", "alice is away", "--agent", "bob").check()
        try pair.exchange()
        for copy in [pair.one, pair.two] {
            #expect(try copy.row("W")["agent"] as? String == "bob")
            #expect(try copy.objects("conflicts").isEmpty)
        }
        try expectSameProjection(pair, ["W"])
    }
}
