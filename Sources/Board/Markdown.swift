import Foundation

/// A small Markdown renderer for briefs, summaries and handoffs, written for
/// this board rather than taken from a library: the one listed in the package
/// mirror (JohnSundell/Ink 0.6.0) passes HTML in the source through to the page,
/// and a brief is text from an agent. Here nothing in the source becomes markup
/// by itself: every character is escaped, and only the constructs below make
/// tags — headings, paragraphs, lists with task boxes, fenced code, block quotes,
/// tables, rules, code spans, emphasis, and links whose target is http(s),
/// mailto, or a relative path that `resolve` maps to a page of the board.
struct Markdown {
    /// Maps a relative link (`../Workstreams/A1-db.md`) to a board URL, or nil to show the text without a link.
    var resolve: (String) -> String? = { _ in nil }
    /// Added to heading levels, so a brief's `#` sits under the page's own headings.
    var headingOffset = 0

    func render(_ source: String) -> String {
        let lines = source.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return blocks(lines, tight: false)
    }

    private func blocks(_ lines: [String], tight: Bool) -> String {
        var out = ""
        var paragraph: [String] = []
        func flush() {
            guard !paragraph.isEmpty else { return }
            let text = paragraph.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n")
            out += tight ? inline(text) : "<p>" + inline(text) + "</p>\n"
            paragraph = []
        }
        var i = 0
        while i < lines.count {
            let line = lines[i]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { flush(); i += 1; continue }
            if let fence = Self.fence(trimmed) {
                flush()
                var code: [String] = []
                i += 1
                while i < lines.count {
                    let t = lines[i].trimmingCharacters(in: .whitespaces)
                    if let close = Self.fence(t), close.char == fence.char, close.count >= fence.count, close.info.isEmpty { i += 1; break }
                    code.append(lines[i])
                    i += 1
                }
                out += "<pre><code>" + HTML.escape(code.joined(separator: "\n")) + "</code></pre>\n"
                continue
            }
            if let (level, text) = Self.heading(trimmed) {
                flush()
                let h = min(level + headingOffset, 6)
                out += "<h\(h)>" + inline(text) + "</h\(h)>\n"
                i += 1
                continue
            }
            if !paragraph.isEmpty, paragraph.count == 1, !trimmed.isEmpty, trimmed.allSatisfy({ $0 == "=" }) || trimmed.allSatisfy({ $0 == "-" }) {
                let h = min((trimmed.first == "=" ? 1 : 2) + headingOffset, 6)
                out += "<h\(h)>" + inline(paragraph[0].trimmingCharacters(in: .whitespaces)) + "</h\(h)>\n"
                paragraph = []
                i += 1
                continue
            }
            if Self.isRule(trimmed) { flush(); out += "<hr>\n"; i += 1; continue }
            if trimmed.hasPrefix(">") {
                flush()
                var quoted: [String] = []
                while i < lines.count, lines[i].trimmingCharacters(in: .whitespaces).hasPrefix(">") {
                    var q = Substring(lines[i].trimmingCharacters(in: .whitespaces).dropFirst())
                    if q.first == " " { q = q.dropFirst() }
                    quoted.append(String(q))
                    i += 1
                }
                out += "<blockquote>\n" + blocks(quoted, tight: false) + "</blockquote>\n"
                continue
            }
            if paragraph.isEmpty, i + 1 < lines.count, trimmed.contains("|"), Self.isTableSeparator(lines[i + 1]) {
                var rows = [line]
                i += 2
                while i < lines.count, lines[i].contains("|"), !lines[i].trimmingCharacters(in: .whitespaces).isEmpty { rows.append(lines[i]); i += 1 }
                out += table(rows)
                continue
            }
            if Self.listItem(line) != nil {
                flush()
                let (html, next) = list(lines, from: i)
                out += html
                i = next
                continue
            }
            paragraph.append(line)
            i += 1
        }
        flush()
        return out
    }

    /// One list: items at the first item's indent, each with the lines indented under it.
    private func list(_ lines: [String], from start: Int) -> (String, Int) {
        guard let first = Self.listItem(lines[start]) else { return ("", start + 1) }
        let tag = first.ordered ? "ol" : "ul"
        var out = "<\(tag)>\n"
        var i = start
        while i < lines.count, let item = Self.listItem(lines[i]), item.indent == first.indent, item.ordered == first.ordered {
            var body = [item.text]
            i += 1
            while i < lines.count {
                let l = lines[i]
                let indent = l.prefix { $0 == " " }.count
                let blank = l.trimmingCharacters(in: .whitespaces).isEmpty
                if blank {
                    // A blank line continues the item only when indented text follows.
                    guard i + 1 < lines.count, lines[i + 1].prefix(while: { $0 == " " }).count > first.indent,
                          !lines[i + 1].trimmingCharacters(in: .whitespaces).isEmpty else { break }
                    body.append("")
                    i += 1
                    continue
                }
                if indent <= first.indent { break }
                body.append(String(l.dropFirst(min(indent, item.contentIndent))))
                i += 1
            }
            var content = body
            var box = ""
            if let head = content.first, head.hasPrefix("[ ] ") || head.hasPrefix("[x] ") || head.hasPrefix("[X] ") {
                box = head.hasPrefix("[ ]") ? "<span class=\"box\" aria-label=\"open\">☐</span> " : "<span class=\"box done\" aria-label=\"done\">☑</span> "
                content[0] = String(head.dropFirst(4))
            }
            out += "<li" + (box.isEmpty ? "" : " class=\"task\"") + ">" + box + blocks(content, tight: !content.contains("")) + "</li>\n"
        }
        out += "</\(tag)>\n"
        return (out, i)
    }

    private func table(_ rows: [String]) -> String {
        var out = "<table>\n"
        for (n, row) in rows.enumerated() {
            let cellTag = n == 0 ? "th" : "td"
            out += (n == 0 ? "<thead>" : n == 1 ? "<tbody>" : "") + "<tr>"
            for cell in Self.cells(row) { out += "<\(cellTag)>" + inline(cell) + "</\(cellTag)>" }
            out += "</tr>" + (n == 0 ? "</thead>\n" : "\n")
        }
        return out + (rows.count > 1 ? "</tbody>" : "") + "</table>\n"
    }
}
