import WorkstreamKit

/// What cannot start and why (`ws blocked`: the chain to the work that must
/// move first), and the critical path (`ws critical-path`).
enum BlockedPage {
    /// Rows shown unless `all=1`: the benchmark plan has nine thousand waiting workstreams.
    static let rowLimit = 500

    static func render(_ snapshot: Snapshot, showAll: Bool) -> String {
        Page.render(title: "Blocked", section: .blocked, head: snapshot.seq) { html in
            html.raw("<h1 class=\"page-title\">Blocked work and the critical path</h1>")
            criticalPath(&html, snapshot)
            let waiting = snapshot.analysis.waiting
            html.raw("<section class=\"blocked\"><h2>Blocked and planned <span class=\"count\">\(waiting.count)</span></h2>")
            if waiting.isEmpty { html.raw("<p class=\"none\">nothing is blocked</p></section>"); return }
            let shown = showAll ? waiting[...] : waiting.prefix(rowLimit)
            html.table(cssClass: "blocked-table", shown.map { snapshot.analysis.report($0) }, columns: [
                ("Workstream", { html, report in
                    html.workstreamLink(report.id, status: report.status.rawValue)
                    html.raw(" ")
                    html.text(report.title)
                }),
                ("Status", { html, report in
                    html.raw("<span class=\"badge status-\(report.status.rawValue)\">\(report.status.label)</span>")
                }),
                ("Why", { html, report in
                    if let reason = report.reason {
                        html.raw("blocked: "); html.text(reason); if !report.waitingOn.isEmpty { html.raw("; ") }
                    }
                    if !report.waitingOn.isEmpty { chain(&html, report, snapshot) }
                }),
                ("Must move first", { html, report in
                    for (k, id) in report.rootBlockers.prefix(8).enumerated() {
                        if k > 0 { html.raw(", ") }
                        html.workstreamLink(id, status: snapshot[id]?.status.rawValue)
                    }
                    if report.rootBlockers.count > 8 { html.raw(" and \(report.rootBlockers.count - 8) more") }
                }),
            ], attributes: { html, report in html.raw(" id=\"blocked-"); html.attr(report.id); html.raw("\"") })
            if shown.count < waiting.count {
                html.raw("<p class=\"more\"><a href=\"/blocked?all=1\">\(waiting.count - shown.count) more: show all</a></p>")
            }
            html.raw("</section>")
        }
    }

    /// "waits on A2 (planned) → … → A1 (ready)", each a link.
    static func chain(_ html: inout HTML, _ report: BlockingReport, _ snapshot: Snapshot) {
        html.raw("<span class=\"chain\">waits on ")
        let links = Array(report.chain.dropFirst())
        for (k, id) in links.enumerated() {
            if k > 0 { html.raw(" → ") }
            if k == links.count - 1, report.chainLength > report.chain.count, links.count >= 2 { html.raw("… → ") }
            let status = snapshot[id]?.status
            html.workstreamLink(id, status: status?.rawValue)
            if let status { html.raw(" <span class=\"status-word\">(\(status.label))</span>") }
        }
        html.raw("</span>")
    }

    static func criticalPath(_ html: inout HTML, _ snapshot: Snapshot) {
        html.raw("<section class=\"critical-path\" id=\"critical-path\"><h2>Critical path")
        let critical = snapshot.critical
        if !critical.path.isEmpty { html.raw(" <span class=\"count\">\(Hours.format(critical.totalHours))</span>") }
        html.raw("</h2>")
        guard !critical.path.isEmpty else { html.raw("<p class=\"none\">no open work</p></section>"); return }
        html.raw("<ol class=\"path\">")
        for s in critical.path {
            html.raw("<li>")
            html.workstreamLink(s.id, status: s.status.rawValue)
            html.text(s.title, between: " ",
                      and: " <span class=\"estimate\">\(s.estimate.map(Hours.format) ?? "1 h (default)")</span></li>")
        }
        html.raw("</ol><p><a href=\"/graph?view=critical\">as a graph</a></p></section>")
    }
}
