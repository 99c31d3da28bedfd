import Foundation
import WorkstreamKit

/// HTML text built by appending; every value that came from a person, an
/// agent, a plugin or another clone goes through `text` or `attr`, which
/// escape it, so no title, brief or log line can open a tag or leave an
/// attribute. Markup itself is only ever a string literal of this module.
struct HTML {
    private(set) var output = ""

    init(capacity: Int = 16_384) { output.reserveCapacity(capacity) }

    /// Markup written by this module (never data).
    mutating func raw(_ markup: String) { output += markup }

    /// Data, as text content.
    mutating func text(_ value: String) { output += HTML.escape(value) }

    /// Data as text content between two pieces of markup (`<code>`, value, `</code>`).
    mutating func text(_ value: String, between open: String, and close: String) {
        output += open + HTML.escape(value) + close
    }

    /// Data, as an attribute value (the caller writes the surrounding quotes).
    mutating func attr(_ value: String) { output += HTML.escape(value) }

    /// `<tag class="…">text</tag>` with the text escaped.
    mutating func element(_ tag: String, _ value: String, cssClass: String? = nil) {
        output += "<" + tag
        if let cssClass { output += " class=\"" + HTML.escape(cssClass) + "\"" }
        output += ">" + HTML.escape(value) + "</" + tag + ">"
    }

    /// One column of `table`: its heading (markup) and what each row's cell holds.
    typealias Column<Row> = (heading: String, cell: (inout HTML, Row) -> Void)

    /// `<table>` with a heading row and a row per element: the board's tables all have this shape.
    /// `attributes` writes what goes inside a row's `<tr …>` (with its leading space).
    mutating func table<Row>(cssClass: String? = nil, _ rows: some Sequence<Row>, columns: [Column<Row>],
                             attributes: (inout HTML, Row) -> Void = { _, _ in }) {
        raw("<table" + (cssClass.map { " class=\"\($0)\"" } ?? "") + "><thead><tr>")
        for column in columns { raw("<th>" + column.heading + "</th>") }
        raw("</tr></thead><tbody>")
        for row in rows {
            raw("<tr")
            attributes(&self, row)
            raw(">")
            for column in columns { raw("<td>"); column.cell(&self, row); raw("</td>") }
            raw("</tr>")
        }
        raw("</tbody></table>")
    }

    /// A link to one workstream's page.
    mutating func workstreamLink(_ id: String, status: String? = nil) {
        output += "<a class=\"ws-link"
        if let status { output += " status-" + HTML.escape(status) }
        output += "\" href=\"/w/" + HTML.escape(HTML.pathComponent(id)) + "\">" + HTML.escape(id) + "</a>"
    }

    /// The five characters that matter in text and in quoted attributes.
    /// Scanned as bytes: a board of ten thousand cards escapes some sixty thousand strings.
    static func escape(_ value: String) -> String {
        let special: (UInt8) -> Bool = { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }
        guard value.utf8.contains(where: special) else { return value }
        var out = [UInt8]()
        out.reserveCapacity(value.utf8.count + 16)
        for b in value.utf8 {
            switch b {
            case 0x26: out.append(contentsOf: Array("&amp;".utf8))
            case 0x3C: out.append(contentsOf: Array("&lt;".utf8))
            case 0x3E: out.append(contentsOf: Array("&gt;".utf8))
            case 0x22: out.append(contentsOf: Array("&quot;".utf8))
            case 0x27: out.append(contentsOf: Array("&#39;".utf8))
            default: out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A value for a URL path segment or query value: everything but unreserved characters percent-encoded.
    static func pathComponent(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for b in value.utf8 {
            let unreserved = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x2E || b == 0x5F || b == 0x7E
            guard !unreserved else { out.unicodeScalars.append(Unicode.Scalar(b)); continue }
            out += (b < 0x10 ? "%0" : "%") + String(b, radix: 16, uppercase: true)
        }
        return out
    }
}

/// The query string of a request, decoded as a browser's GET form encodes it
/// ('+' for a space, then percent-encoding). Hummingbird's own parameters
/// decode the percent signs but not the '+', so a search for two words would arrive as one.
struct FormQuery: Sendable {
    private var values: [String: String] = [:]

    init(_ query: String?) {
        guard let query else { return }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            if values[key] == nil { values[key] = value }
        }
    }

    subscript(_ key: String) -> String? {
        guard let v = values[key], !v.isEmpty else { return nil }
        return v
    }

    func int(_ key: String) -> Int? { self[key].flatMap { Int($0) } }

    private static func decode(_ part: Substring) -> String {
        let spaced = part.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}

/// The frame every page shares: the navigation, the stylesheet and script as
/// files (the Content-Security-Policy allows no inline script or style), and
/// `<main id="live">`, the part the script swaps when the log moves.
enum Page {
    enum Section: String { case board, graph, blocked, history, workstream }

    /// `controls` (the search and filter forms) sit outside the live part, so an update never
    /// takes away what someone is typing.
    static func render(title: String, section: Section, head: Int64, controls: ((inout HTML) -> Void)? = nil,
                       body: (inout HTML) -> Void) -> String {
        var html = HTML(capacity: 64 * 1024)
        html.raw("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        html.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        html.text(title, between: "<title>", and: " · ws</title><link rel=\"stylesheet\" href=\"/assets/board.css\">")
        html.raw("<script src=\"/assets/board.js\" defer></script></head>\n")
        html.raw("<body data-head=\"\(head)\"><header class=\"top\"><span class=\"brand\">ws</span><nav>")
        for (target, label, href) in [(Section.board, "Board", "/"), (.graph, "Graph", "/graph"), (.blocked, "Blocked", "/blocked"), (.history, "History", "/history")] {
            html.raw("<a href=\"\(href)\"" + (target == section ? " class=\"current\" aria-current=\"page\"" : "") + ">\(label)</a>")
        }
        html.raw("</nav><span id=\"live-state\" class=\"live-state\" title=\"the log's head\">event #\(head)</span></header>\n")
        controls?(&html)
        html.raw("<main id=\"live\" data-head=\"\(head)\">")
        body(&html)
        html.raw("</main></body></html>\n")
        return html.output
    }

    /// A page for a request the board cannot answer (an unknown workstream, a bad page number).
    static func message(title: String, text: String, head: Int64) -> String {
        render(title: title, section: .board, head: head) { html in
            html.element("h1", title)
            html.element("p", text)
        }
    }

    /// "3/5" tasks, or nothing when none are tracked.
    static func progress(done: Int, total: Int) -> String? { total == 0 ? nil : "\(done)/\(total) tasks" }

    /// "2026-11-21T10:04:05.123Z" → "10:04 UTC" today, "2026-11-21 10:04 UTC" otherwise.
    static func clock(_ time: String, today: String? = nil) -> String {
        guard time.count >= 16, let today, today.hasPrefix(time.prefix(10)) else { return Timestamp.stamp(time) }
        return Timestamp.clock(time) + " UTC"
    }
}
