import WorkstreamKit

/// The board: a column per state of work, a card per workstream. Filters and
/// the search box are a plain GET form, so they work without JavaScript; a
/// column shows its first `columnLimit` cards unless `all=1` asks for every one
/// (ten thousand cards are megabytes of HTML that nobody reads on one screen).
enum BoardPage {
    static let columnLimit = 200

    struct Filter {
        var query: String?, phase: String?, owner: String?, agent: String?
        var showAll: Bool

        init(_ form: FormQuery) {
            query = form["q"]?.lowercased(); phase = form["phase"]; owner = form["owner"]; agent = form["agent"]
            showAll = form["all"] == "1"
        }

        func matches(_ s: WorkstreamSummary) -> Bool {
            if let phase, s.phase != phase { return false }
            if let owner, s.owner != owner { return false }
            if let agent, s.agent != agent { return false }
            if let query, !s.id.lowercased().contains(query), !s.title.lowercased().contains(query) { return false }
            return true
        }

        /// The query string of these filters, with `extra` added (for the "show all" link).
        func queryString(extra: String? = nil) -> String {
            var parts: [String] = []
            for (key, value) in [("q", query), ("phase", phase), ("owner", owner), ("agent", agent)] {
                if let value { parts.append(key + "=" + HTML.pathComponent(value)) }
            }
            if let extra { parts.append(extra) }
            return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
        }
    }

    enum Column: String, CaseIterable {
        case ready, inProgress = "in_progress", waiting, completed, cancelled

        var title: String {
            switch self {
            case .ready: return "Ready"
            case .inProgress: return "In progress"
            case .waiting: return "Blocked and planned"
            case .completed: return "Completed"
            case .cancelled: return "Cancelled"
            }
        }

        init(_ status: Status) {
            switch status {
            case .ready: self = .ready
            case .inProgress: self = .inProgress
            case .blocked, .planned: self = .waiting
            case .completed: self = .completed
            case .cancelled: self = .cancelled
            }
        }
    }

    static func render(_ snapshot: Snapshot, filter: Filter, now: String) -> String {
        var columns: [Column: [Int]] = [:]
        for (i, s) in snapshot.summaries.enumerated() where filter.matches(s) { columns[Column(s.status), default: []].append(i) }
        let shown = columns.values.reduce(0) { $0 + $1.count }
        let controls: (inout HTML) -> Void = { html in filterForm(&html, snapshot, filter) }
        return Page.render(title: "Board", section: .board, head: snapshot.seq, controls: controls) { html in
            // One h1 a page (axe-core's page-has-heading-one): the board's own name, above the columns' h2s.
            html.raw("<h1 class=\"page-title\">Board</h1>")
            html.raw("<p class=\"shown\">\(shown) of \(snapshot.summaries.count) workstreams</p>")
            html.raw("<div class=\"board\">")
            for column in Column.allCases where column != .cancelled {
                html.raw("<section class=\"column\" data-column=\"\(column.rawValue)\"><h2>\(column.title) <span class=\"count\">\(columns[column]?.count ?? 0)</span></h2>")
                cards(&html, snapshot, columns[column] ?? [], filter: filter, now: now)
                html.raw("</section>")
            }
            html.raw("</div>")
            let cancelled = columns[.cancelled] ?? []
            html.raw("<details class=\"column folded\" data-column=\"cancelled\"><summary>Cancelled <span class=\"count\">\(cancelled.count)</span></summary>")
            cards(&html, snapshot, cancelled, filter: filter, now: now)
            html.raw("</details>")
        }
    }

    private static func filterForm(_ html: inout HTML, _ snapshot: Snapshot, _ filter: Filter) {
        html.raw("<form class=\"filters\" method=\"get\" action=\"/\" role=\"search\">")
        html.raw("<input type=\"search\" name=\"q\" placeholder=\"Search id or title\" aria-label=\"Search\" value=\"")
        html.attr(filter.query ?? "")
        html.raw("\">")
        select(&html, name: "phase", label: "Phase", options: snapshot.phases, selected: filter.phase)
        select(&html, name: "owner", label: "Owner", options: snapshot.owners, selected: filter.owner)
        select(&html, name: "agent", label: "Agent", options: snapshot.agents, selected: filter.agent)
        if filter.showAll { html.raw("<input type=\"hidden\" name=\"all\" value=\"1\">") }
        html.raw("<button type=\"submit\">Filter</button> <a href=\"/\">Clear</a></form>")
    }

    private static func select(_ html: inout HTML, name: String, label: String, options: [String], selected: String?) {
        html.raw("<select data-submit name=\"\(name)\" aria-label=\"\(label)\"><option value=\"\">\(label): all</option>")
        for option in options {
            html.raw("<option value=\"")
            html.attr(option)
            html.text(option, between: option == selected ? "\" selected>" : "\">", and: "</option>")
        }
        html.raw("</select>")
    }

    private static func cards(_ html: inout HTML, _ snapshot: Snapshot, _ members: [Int], filter: Filter, now: String) {
        let limit = filter.showAll ? members.count : min(members.count, columnLimit)
        html.raw("<ol class=\"cards\">")
        for i in members.prefix(limit) { card(&html, snapshot, snapshot.summaries[i], now: now) }
        html.raw("</ol>")
        if limit < members.count {
            html.raw("<p class=\"more\"><a href=\"/")
            html.attr(filter.queryString(extra: "all=1"))
            html.raw("\">\(members.count - limit) more: show all</a></p>")
        }
    }

    /// "lease to 12:19 UTC", or "lease ran out 12:19 UTC" once another agent may take it over.
    static func lease(_ html: inout HTML, expiry: String, now: String) {
        let stale = Timestamp.leaseIsOver(expiry, now: now)
        html.raw(stale ? "<span class=\"flag stale\" title=\"" : "<span class=\"lease\" title=\"")
        html.attr((stale ? "the lease ran out at " : "held until ") + expiry + (stale ? "; ws start --take-over may take it" : ""))
        html.text(Page.clock(expiry, today: now), between: stale ? "\">lease ran out " : "\">lease to ",
                  and: "</span>")
    }

    static func card(_ html: inout HTML, _ snapshot: Snapshot, _ s: WorkstreamSummary, now: String) {
        let critical = snapshot.onCriticalPath.contains(s.id)
        html.raw("<li class=\"card status-\(s.status.rawValue)\(critical ? " critical" : "")\" id=\"card-")
        html.attr(s.id)
        html.raw("\" data-id=\"")
        html.attr(s.id)
        html.raw("\"><a class=\"card-title\" href=\"/w/")
        html.attr(HTML.pathComponent(s.id))
        html.text(s.id, between: "\"><span class=\"card-id\">", and: "</span> <span class=\"title\">")
        html.text(s.title)
        html.raw("</span></a><div class=\"card-meta\">")
        if let agent = s.agent { html.raw("<span class=\"agent\">@"); html.text(agent); html.raw("</span>") }
        if let expiry = s.leaseExpiresAt { lease(&html, expiry: expiry, now: now) }
        if let progress = Page.progress(done: s.tasksDone, total: s.tasksTotal) {
            html.raw("<span class=\"tasks\">\(progress)</span>")
        }
        if let phase = s.phase { html.raw("<span class=\"phase\">"); html.text(phase); html.raw("</span>") }
        if let owner = s.owner { html.raw("<span class=\"owner\">"); html.text(owner); html.raw("</span>") }
        if critical { html.raw("<span class=\"flag\">critical path</span>") }
        if s.conflict != nil { html.raw("<span class=\"flag conflict\">conflict</span>") }
        html.raw("</div>")
        if let reason = s.blockedReason { html.raw("<div class=\"reason\">blocked: "); html.text(reason); html.raw("</div>") }
        let waits = s.dependsOn.filter { snapshot[$0]?.status != .completed }
        if !waits.isEmpty, s.status != .completed, s.status != .cancelled {
            html.raw("<div class=\"waits\">waits on ")
            for (k, id) in waits.prefix(5).enumerated() {
                if k > 0 { html.raw(", ") }
                html.workstreamLink(id, status: snapshot[id]?.status.rawValue)
            }
            if waits.count > 5 { html.raw(" and \(waits.count - 5) more") }
            html.raw("</div>")
        }
        html.raw("</li>")
    }
}
