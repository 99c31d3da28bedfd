import Testing
@testable import WorkstreamKit

/// `Doc.inline`: a one-line field as literal text in Markdown. What could start markup is escaped,
/// and nothing else, so the documents of ordinary projects keep their bytes.
@Suite struct InlineTextTests {
    @Test(arguments: ["Phase 3 - Scale out", "snake_case_name", "R&D", "AT&T rules", "x -> y", "a < b", "2 * 3", "a _ b", "café ☕"])
    func ordinaryTextKeepsItsBytes(text: String) {
        #expect(Doc.inline(text) == text)
    }

    @Test func markupIsEscaped() {
        let cases: [(String, String)] = [
            ("[click me](https://evil.example) **bold**", #"\[click me\](https://evil.example) \*\*bold\*\*"#),
            ("<b>x</b> <script>alert(1)</script>", #"\<b>x\</b> \<script>alert(1)\</script>"#),
            ("&amp; &#35; `code` ~~gone~~ _em_", ##"\&amp; \&\#35; \`code\` \~\~gone\~\~ \_em\_"##),
            (#"back\slash and trailing #"#, ##"back\\slash and trailing \#"##),
            ("![img](x) <https://a.example> <!-- c -->", #"!\[img\](x) \<https://a.example> \<!-- c -->"#),
        ]
        for (text, escaped) in cases { #expect(Doc.inline(text) == escaped, "\(text)") }
    }

    @Test func mermaidLabelsCarryNoBackslashOrEntity() {
        #expect(GraphRenderer.mermaidText(#"line\nbreak #quot;"#) == "line#92;nbreak #35;quot;")
    }

    @Test func mermaidLabelsCarryNoDirective() {
        #expect(GraphRenderer.mermaidText("x %%{init: {'theme':'dark'}}%% y")
                == "x #37;#37;#123;init: #123;'theme':'dark'#125;#125;#37;#37; y")
    }

    /// At its start a field would begin a block inside the list item that shows it (a handoff's next steps).
    @Test func aBlockMarkerAtTheStartIsEscaped() {
        let cases: [(String, String)] = [
            ("> quoted", #"\> quoted"#), ("- nested", #"\- nested"#), ("1. num", #"1\. num"#), ("---", #"\---"#),
            ("    code", "code"), ("+ plus", #"\+ plus"#), ("* star", #"\* star"#), ("12) paren", #"12\) paren"#),
            ("1.5 litres", "1.5 litres"), ("2024. a year", #"2024\. a year"#),
        ]
        for (text, escaped) in cases { #expect(Doc.inline(text) == escaped, "\(text)") }
    }
}
