import Foundation
import Testing

/// Artifact values and next steps are text in the documents, read by a CommonMark renderer
/// (markdown-it, as GitHub-like viewers do): no link, image, raw HTML, quote, nested list, rule or
/// code block comes out of them. A Mermaid label carries no directive, and a title or an agent
/// name no bidirectional mark or invisible character.
@Suite struct HostileFieldTests {
    /// The HTML markdown-it makes of a document (CommonMark with tables, raw HTML passed through).
    func rendered(_ markdown: String, in s: Sandbox) throws -> String {
        let script = "import sys\nfrom markdown_it import MarkdownIt\n"
            + "sys.stdout.write(MarkdownIt('commonmark').enable('table').render(sys.stdin.read()))"
        let r = try Sandbox.run(["/usr/bin/env", "python3", "-c", script], cwd: s.root,
                                env: ProcessInfo.processInfo.environment, stdin: markdown)
        #expect(r.code == 0, "\(r.stderr)")
        return r.stdout
    }

    @Test func artifactValuesAndNextStepsAreText() throws {
        let s = try Sandbox()
        try s.ws("init").check()
        try s.ws("new", "H4", "--title", "Hostile values").check()
        try s.ws("artifact", "H4", "BT=a`b [live](https://evil.example/bt) ![img](https://evil.example/i.png) `")
            .check()
        try s.ws("artifact", "H4", "BT2=``` <img src=x>").check()
        try s.ws("complete", "H4", "--force", "--reason", "test", "--next=> quoted", "--next=- nested", "--next=1. num",
                 "--next=---", "--next=    code", "--next=+ plus").check()
        let docs = try HostileRenderingTests().documents(s)
        let workstream = try #require(docs.first { $0.key.hasPrefix("Workstreams/H4") }?.value)
        let handoff = try #require(docs.first { $0.key.hasPrefix("Handoffs/") }?.value)
        for (name, doc) in [("workstream", workstream), ("handoff", handoff)] {
            let html = try rendered(doc, in: s)
            for markup in ["<a href=\"https://evil", "<img"] {
                #expect(!html.contains(markup), "the \(name) document renders \(markup):\n\(html)")
            }
            #expect(html.contains("[live](https://evil.example/bt)"), "\(name): the value is shown as typed:\n\(html)")
        }
        let after = handoff.components(separatedBy: "## Next steps").dropFirst().first ?? ""
        let section = after.components(separatedBy: "\n## ").first ?? ""
        let steps = try rendered(section, in: s)
        #expect(steps.components(separatedBy: "<li>").count - 1 == 6, "six next steps, one item each:\n\(steps)")
        for markup in ["<blockquote", "<hr", "<pre", "<ul"] {
            #expect(!steps.contains(markup), "a next step renders \(markup):\n\(steps)")
        }
        #expect(steps.components(separatedBy: "<ol").count == 2, "a next step opened a list of its own:\n\(steps)")
    }

    @Test func aMermaidLabelCarriesNoDirective() throws {
        let s = try Sandbox()
        try s.ws("init").check()
        try s.ws("new", "M1", "--title", "x %%{init: {\"theme\":\"dark\"}}%% y").check()
        try s.ws("start", "M1").check()
        try s.ws("complete", "M1").check()
        let readme = try #require(try HostileRenderingTests().documents(s)["Workstreams/README.md"])
        let labels = readme.split(separator: "\n").filter { $0.hasPrefix("    ws_") && $0.contains("[\"") }
        #expect(labels.count == 1)
        #expect(labels.allSatisfy { !$0.contains("%") && !$0.contains("{") && !$0.contains("}") }, "\(labels)")
    }

    @Test(arguments: ["\u{200E}", "\u{200F}", "\u{061C}", "\u{202E}", "\u{2066}", "\u{2060}", "\u{FEFF}", "\u{E0041}",
                      "\u{FFF9}", "\u{3164}", "\u{115F}", "\u{1160}"] + noncharacters)
    func titlesAndAgentNamesRefuseInvisibleCharacters(hidden: String) throws {
        let s = try Sandbox()
        try s.ws("init").check()
        let before = try s.snapshot()
        let title = try s.ws("new", "V1", "--title", "admin\(hidden)x")
        // The bidirectional overrides and isolates were refused before, as control characters.
        #expect(title.code == 1 && (title.stderr.contains("invisible") || title.stderr.contains("control character")),
                "exit \(title.code) \(title.stderr)")
        #expect(!title.stderr.contains(hidden))
        #expect(try s.snapshot() == before)
        try s.ws("new", "V2", "--title", "fine").check()
        let agent = try s.ws(["start", "V2"], env: ["WS_AGENT": "bob\(hidden)"])
        #expect(agent.code == 1 && (agent.stderr.contains("invisible") || agent.stderr.contains("control character")),
                "exit \(agent.code) \(agent.stderr)")
        #expect(!agent.stderr.contains(hidden))
    }
}

/// Unicode's noncharacters, which Swift's literals refuse: XML refuses U+FFFE and U+FFFF (a title with one made
/// `ws graph --format svg` ill-formed).
let noncharacters = [0xFFFE, 0xFFFF, 0xFDD0, 0xFDEF, 0x1FFFE, 0x10FFFF].compactMap {
    Unicode.Scalar(UInt32($0)).map { String(Character($0)) }
}
