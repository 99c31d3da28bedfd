import Foundation
import Testing

/// A title, a name or a one-line field is text where a document shows it: no link, no
/// emphasis, no raw HTML in a heading, a table or a list, and no line break in a Mermaid label.
@Suite struct HostileTitleTests {
    static let title = "[click me](https://evil.example) **bold** <b>b</b> <script>alert(1)</script> `c` &amp; #"
    /// Markup the title would be read as, if it reached the Markdown unescaped.
    static let live = ["[click me](", "**bold**", "<b>", "<script>", " `c` "]

    @Test func titlesNamesAndOneLineFieldsAreTextNotMarkup() throws {
        let s = try Sandbox()
        try s.ws("init").check()
        try s.write("brief.md", "- [ ] 1 a task with [a link](https://evil.example)\n\nThe brief keeps **its** Markdown.\n")
        try s.ws("new", "T1", "--title", Self.title, "--phase", "<i>phase</i>", "--brief-file", "brief.md").check()
        try s.ws("new", "T2", "--title", #"line\nbreak"#, "--depends-on", "T1").check()
        try s.ws(["start", "T1"], env: ["WS_AGENT": "**agent**"]).check()
        try s.ws(["block", "T1", "--reason", "waits for [the vendor](https://evil.example)"], env: ["WS_AGENT": "**agent**"]).check()
        try s.ws(["unblock", "T1"], env: ["WS_AGENT": "**agent**"]).check()
        try s.ws(["complete", "T1", "--force", "--reason", "<b>now</b>", "--summary", "Done **well**.",
                  "--next", "see [here](https://evil.example)"], env: ["WS_AGENT": "**agent**"]).check()
        let docs = try HostileRenderingTests().documents(s)
        let handoff = try #require(docs.first { $0.key.hasPrefix("Handoffs/") }?.value)
        #expect(handoff.contains(#"# Handoff: T1 \[click me\](https://evil.example) \*\*bold\*\* \<b>b\</b>"#), "\(handoff)")
        #expect(handoff.contains("Done **well**."), "a summary keeps its Markdown")
        #expect(handoff.contains(#"- [ ] **1** 1 a task with \[a link\](https://evil.example)"#), "\(handoff)")
        for (path, doc) in docs {
            // What keeps its Markdown (the brief, the summary) and the Mermaid labels' own markup are left out.
            let text = doc.split(separator: "\n").filter { !$0.hasPrefix("    ws_") && !$0.hasPrefix("- [ ] 1 ") }.joined(separator: "\n")
                .replacingOccurrences(of: "Done **well**.", with: "").replacingOccurrences(of: "The brief keeps **its**", with: "")
            #expect(!Self.unescaped("&amp;", in: text), "\(path) passes an entity")
            for markup in Self.live + ["**agent**", "<i>", "<b>now", "[here](", "[the vendor](", "[a link]("] {
                #expect(!Self.unescaped(markup, in: text), "\(path) passes \(markup) as markup:\n\(doc)")
            }
        }
        let readme = try #require(docs["Workstreams/README.md"])
        let mermaid = readme.split(separator: "\n").filter { $0.hasPrefix("    ws_") && $0.contains("[\"") }
        #expect(mermaid.count == 2)
        #expect(mermaid.allSatisfy { !$0.contains("\\") }, "a backslash in a Mermaid label: \(mermaid)")
        #expect(mermaid.contains { $0.contains("line#92;nbreak") }, "\(mermaid)")
        try s.ws("verify").check()
    }

    /// Whether `markup` occurs in `text` without a backslash before it (which makes it literal text).
    static func unescaped(_ markup: String, in text: String) -> Bool {
        var rest = text[...]
        while let found = rest.range(of: markup) {
            if found.lowerBound == text.startIndex || text[text.index(before: found.lowerBound)] != "\\" { return true }
            rest = text[found.upperBound...]
        }
        return false
    }
}
