import Foundation
import WorkstreamKit

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
        html.raw("<title>")
        html.text(title)
        html.raw(" · ws</title><link rel=\"stylesheet\" href=\"/assets/board.css\">")
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

    /// Hours as people write them: 4, 2.5.
    static func hours(_ h: Double) -> String {
        if h == h.rounded() { return String(Int(h)) }
        var s = String(format: "%.2f", h)
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }
}
