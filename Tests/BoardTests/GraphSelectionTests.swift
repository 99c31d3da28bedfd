@testable import Board
import TestSupport
import Testing
import WorkstreamKit

/// What the graph page draws, and that it says so when it draws less than was asked: a neighbourhood cut at
/// 250 workstreams, or a plan too large to draw whole (red team: both happened without a word).
@Suite struct GraphSelectionTests {
    func summary(_ id: String, _ deps: [String] = []) -> WorkstreamSummary {
        WorkstreamSummary(id: id, title: "Work \(id)", status: .planned, agent: nil, dependsOn: deps, phase: nil,
                          owner: nil, estimate: 1, blockedReason: nil, tasksDone: 0, tasksTotal: 0)
    }

    /// HUB with `spokes` dependents: one step from HUB holds them all.
    func star(_ spokes: Int) -> Snapshot {
        Snapshot(seq: 1, hash: "h", summaries: [summary("HUB")] + (0..<spokes).map { summary("S\($0)", ["HUB"]) })
    }

    @Test func aNeighbourhoodCutAtItsLimitSaysSo() throws {
        let request = GraphPage.Request(focus: "HUB", depth: 1, critical: false)
        let cut = try #require(GraphPage.select(star(300), request: request))
        #expect(cut.members.count == GraphPage.neighbourhoodLimit)
        #expect(cut.cut?.contains("cut at 250") == true, "\(cut.cut ?? "no note")")
        let page = GraphPage.render(star(300), request: request)
        #expect(page.contains("The neighbourhood is cut at 250 workstreams"))
        // Exactly at the limit nothing is left out, and nothing is said.
        let whole = try #require(GraphPage.select(star(GraphPage.neighbourhoodLimit - 1), request: request))
        #expect(whole.members.count == GraphPage.neighbourhoodLimit && whole.cut == nil)
        #expect(!GraphPage.render(star(GraphPage.neighbourhoodLimit - 1), request: request).contains("is cut at"))
    }

    @Test func aPlanTooLargeToDrawWholeSaysTheCriticalPathIsDrawn() throws {
        let large = star(GraphPage.wholeLimit)
        let whole = GraphPage.Request(focus: nil, depth: 2, critical: false)
        let drawn = try #require(GraphPage.select(large, request: whole))
        #expect(drawn.chain && drawn.cut?.contains("too many to draw at once") == true)
        // Asked for the critical path, the critical path is what was asked: no note.
        let asked = try #require(GraphPage.select(large, request: .init(focus: nil, depth: 2, critical: true)))
        #expect(asked.chain && asked.cut == nil)
        let small = try #require(GraphPage.select(star(3), request: whole))
        #expect(small.members.count == 4 && small.cut == nil && !small.chain)
    }

    /// The page's depth menu offers what the address and `ws graph --depth` take: 1 to 6.
    @Test func theDepthMenuOffersEveryDepthTheAddressTakes() {
        let page = GraphPage.render(star(3), request: .init(focus: "HUB", depth: 6, critical: false))
        for depth in GraphPage.depthRange { #expect(page.contains("<option value=\"\(depth)\"")) }
        #expect(page.contains("<option value=\"6\" selected>"))
        #expect(!page.contains("<option value=\"7\""))
        #expect(GraphPage.Request(focus: "HUB", depth: 99, critical: false).depth == 6)
    }
}

/// A box holds its id and title on two lines of fixed width (red team: long and wide titles ran out of it).
@Suite struct GraphBoxTextTests {
    @Test func idsAreCutToTheColumnsOfABox() {
        let exactly = String(repeating: "W", count: 21)
        #expect(GraphSVG.fitted(exactly, columns: 21) == exactly)
        #expect(GraphSVG.fitted(exactly + "X", columns: 21) == String(repeating: "W", count: 20) + "…")
    }

    /// The widths of titles that ran past their box (measured with getBBox in headless Chromium: 80 to 120 px
    /// over the 176 px box) now stay within its 160 px of text, as do random titles of every kind of character.
    @Test func titlesAreCutToTheWidthOfABox() {
        let width = { (text: String) in text.map(GraphSVG.ems).reduce(0, +) }
        #expect(GraphSVG.fittedTitle("Short title") == "Short title")
        let wide = String(repeating: "M", count: 24)
        #expect(GraphSVG.fittedTitle(wide) == String(repeating: "M", count: 12) + "…")
        #expect(GraphSVG.fittedTitle(String(repeating: "漢", count: 20)) == String(repeating: "漢", count: 12) + "…")
        let family = "👨‍👩‍👧‍👦"
        #expect(GraphSVG.ems(Character(family)) == 5)
        #expect(GraphSVG.fittedTitle(String(repeating: family, count: 6)) == family + family + "…")
        let samples = ["MMMMMMMMMMMMMMMMMMMMMMMM", "@@@@@@@@@@@@@@@@@@@@@@@@", String(repeating: "%", count: 31),
                       String(repeating: "W", count: 300), "🇩🇪🇫🇷🇯🇵🇺🇸" + String(repeating: family, count: 6),
                       String(repeating: "e\u{301}", count: 30), "Provision the staging database cluster"]
        var random = SeededGenerator(seed: 0x7469_746C_6573)
        let alphabet = Array("aZ9 .@MWi漢😀é—|")
        let randomTitles = (0..<200).map { _ in String((0..<Int.random(in: 1...60, using: &random)).map { _ in
            alphabet.randomElement(using: &random) ?? "a" }) }
        for title in samples + randomTitles {
            let fitted = GraphSVG.fittedTitle(title)
            #expect(width(fitted) <= GraphSVG.titleEms, "\(title) -> \(fitted)")
            #expect(fitted == title || (fitted.hasSuffix("…") && title.hasPrefix(fitted.dropLast())), "\(fitted)")
        }
    }

    @Test func aFailedLayoutSaysWhyInWords() {
        let failure = Graphviz.Failure.failed("dot exited with 1: syntax error")
        #expect("\(failure)" == "dot exited with 1: syntax error")
        #expect("\(Graphviz.Failure.notInstalled)" == "Graphviz's dot is not installed")
    }
}
