@testable import Board
import Testing

/// The board's Markdown renderer: what it makes tags of, and that nothing in
/// the source becomes markup by itself.
@Suite struct MarkdownTests {
    let md = Markdown()

    @Test func headingsParagraphsAndEmphasis() {
        let html = md.render("# Title\n\nSome **bold** and *em* text with `code <b>`.\nSecond line.")
        #expect(html.contains("<h1>Title</h1>"))
        #expect(html.contains("<p>Some <strong>bold</strong> and <em>em</em> text with <code>code &lt;b&gt;</code>.\nSecond line.</p>"))
    }

    @Test func headingOffsetKeepsBriefsUnderThePage() {
        #expect(Markdown(headingOffset: 2).render("# Goal").contains("<h3>Goal</h3>"))
        #expect(Markdown(headingOffset: 2).render("###### Deep").contains("<h6>Deep</h6>"))
    }

    @Test func taskListsAndNesting() {
        let html = md.render("- [ ] 1.1 open\n- [x] 1.2 done\n  - nested item\n- plain")
        #expect(html.contains("<li class=\"task\"><span class=\"box\" aria-label=\"open\">☐</span> 1.1 open</li>"))
        #expect(html.contains("☑</span> 1.2 done"))
        #expect(html.contains("<ul>\n<li>nested item</li>\n</ul>"))
        #expect(html.contains("<li>plain</li>"))
    }

    @Test func orderedListsTablesQuotesAndFences() {
        let html = md.render("1. one\n2. two\n\n| Name | Value |\n| --- | --- |\n| a \\| b | `x` |\n\n> quoted\n\n```sh\necho <hi>\n```")
        #expect(html.contains("<ol>\n<li>one</li>\n<li>two</li>\n</ol>"))
        #expect(html.contains("<thead><tr><th>Name</th><th>Value</th></tr></thead>"))
        #expect(html.contains("<td>a | b</td><td><code>x</code></td>"))
        #expect(html.contains("<blockquote>\n<p>quoted</p>\n</blockquote>"))
        #expect(html.contains("<pre><code>echo &lt;hi&gt;</code></pre>"))
    }

    @Test func htmlInTheSourceStaysText() {
        let hostile = "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n**<b onclick=\"x\">**"
        let html = md.render(hostile)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b "))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&quot;x&quot;"))
    }

    @Test func linksOnlyToTheWebMailOrBoardPages() {
        let board = Markdown(resolve: { $0 == "../Workstreams/A1-db.md" ? "/w/A1" : nil })
        let html = board.render("[site](https://example.com/a?b=1&c=2) [mail](mailto:a@b.c) [js](javascript:alert(1)) [data](DATA:text/html,x) [doc](../Workstreams/A1-db.md) [other](notes.txt)")
        #expect(html.contains("<a href=\"https://example.com/a?b=1&amp;c=2\">site</a>"))
        #expect(html.contains("<a href=\"mailto:a@b.c\">mail</a>"))
        #expect(html.contains("> js"))
        #expect(!html.lowercased().contains("javascript:alert"))
        #expect(!html.lowercased().contains("href=\"data:"))
        #expect(html.contains("<a href=\"/w/A1\">doc</a>"))
        #expect(html.contains(" other"))
    }

    @Test func aQuoteInALinkCannotLeaveTheAttribute() {
        let html = md.render("[x](https://e.com/\"onmouseover=\"alert(1))")
        #expect(!html.contains("\"onmouseover"))
        #expect(html.contains("&quot;onmouseover=&quot;"))
    }

    @Test func snakeCaseIsNotEmphasis() {
        #expect(md.render("use CARE_DB_URL and my_var_name").contains("CARE_DB_URL and my_var_name"))
    }

    @Test func unclosedFenceRunsToTheEnd() {
        let html = md.render("```\n<b>never closed")
        #expect(html == "<pre><code>&lt;b&gt;never closed</code></pre>\n")
    }
}
