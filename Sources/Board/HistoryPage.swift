import EventLog
import Operations
import WorkstreamKit

/// The event log, newest first, a page at a time. Sequence numbers have no
/// gaps, so a page of the whole log is one range query (`after`, `upTo`),
/// whatever the log's length; a workstream's own events are few enough to slice.
enum HistoryPage {
    static let pageSize = 50

    struct Slice: Sendable {
        var events: [RecordedEvent]
        var page: Int
        var pages: Int
        var stream: String?
    }

    static func load(page: Int, stream: String?, from ws: Workspace) throws -> Slice {
        let head = try ws.ledger.head().seq
        if let stream {
            let all = try ws.history(of: stream).events
            let pages = max(1, (all.count + pageSize - 1) / pageSize)
            let end = all.count - (page - 1) * pageSize
            let start = max(0, end - pageSize)
            let events = end > 0 ? Array(all[start..<end].reversed()) : []
            return Slice(events: events, page: page, pages: pages, stream: stream)
        }
        let pages = max(1, Int((head + Int64(pageSize) - 1) / Int64(pageSize)))
        let upTo = head - Int64((page - 1) * pageSize)
        let after = max(0, upTo - Int64(pageSize))
        let events = upTo > 0 ? Array(try ws.ledger.history(stream: nil, after: after, upTo: upTo).reversed()) : []
        return Slice(events: events, page: page, pages: pages, stream: nil)
    }

    static func render(_ slice: Slice, head: Int64) -> String {
        Page.render(title: "History", section: .history, head: head) { html in
            html.raw("<h1>History")
            if let stream = slice.stream { html.raw(" of "); html.workstreamLink(stream) }
            html.raw("</h1>")
            table(&html, slice.events)
            pager(&html, slice)
        }
    }

    /// Events as rows: the payload is the event's stored JSON, which never holds a secret's value.
    static func table(_ html: inout HTML, _ events: [RecordedEvent]) {
        guard !events.isEmpty else { html.raw("<p class=\"none\">no events</p>"); return }
        html.table(cssClass: "history", events, columns: [
            ("#", { html, e in html.raw("\(e.seq)") }),
            ("Time", { html, e in html.text(e.time) }),
            ("Workstream", { html, e in html.workstreamLink(e.stream) }),
            ("Event", { html, e in html.text(e.type) }),
            ("Actor", { html, e in html.text(e.actor) }),
            ("Data", { html, e in
                html.raw("<code class=\"payload\">")
                html.text(e.payload.count > 300 ? String(e.payload.prefix(300)) + "…" : e.payload)
                html.raw("</code>")
            }),
        ], attributes: { html, e in html.raw(" data-seq=\"\(e.seq)\"") })
    }

    private static func pager(_ html: inout HTML, _ slice: Slice) {
        let base = slice.stream.map { "/history?stream=" + HTML.pathComponent($0) + "&page=" } ?? "/history?page="
        html.raw("<nav class=\"pager\">")
        if slice.page > 1 { html.raw("<a rel=\"prev\" href=\"\(HTML.escape(base))\(slice.page - 1)\">← newer</a> ") }
        html.raw("<span>page \(slice.page) of \(slice.pages)</span>")
        if slice.page < slice.pages { html.raw(" <a rel=\"next\" href=\"\(HTML.escape(base))\(slice.page + 1)\">older →</a>") }
        html.raw("</nav>")
    }
}
