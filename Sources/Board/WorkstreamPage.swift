import EventLog
import Operations
import WorkstreamKit

/// One workstream: what its generated document shows (brief, tasks,
/// dependencies both ways, artifacts with secrets by name, provisioning,
/// devlog), its events, and a link to its handoff once completed.
enum WorkstreamPage {
    static func render(_ data: WorkstreamData, snapshot: Snapshot, now: String) -> String {
        let w = data.detail.workstream
        let s = data.detail.summary
        return Page.render(title: "\(w.id) \(w.title)", section: .workstream, head: snapshot.seq) { html in
            html.raw("<article class=\"workstream status-\(s.status.rawValue)\" data-id=\"")
            html.attr(w.id)
            html.text(w.id, between: "\"><h1><span class=\"ws-id\">", and: "</span> ")
            html.text(w.title)
            html.raw("</h1><p class=\"badges\"><span class=\"badge status-\(s.status.rawValue)\" id=\"status\">\(s.status.label)</span>")
            if snapshot.onCriticalPath.contains(w.id) { html.raw(" <span class=\"badge critical\">critical path</span>") }
            if data.handoff != nil { html.raw(" <a id=\"handoff-link\" class=\"badge\" href=\"/w/\(HTML.escape(HTML.pathComponent(w.id)))/handoff\">Handoff</a>") }
            html.raw("</p>")
            facts(&html, w, s, now: now)
            waiting(&html, w.id, snapshot)
            neighbours(&html, "Depends on", data.detail.dependencies, empty: "nothing")
            neighbours(&html, "Blocks", data.detail.dependents, empty: "nothing waits on it")
            tasks(&html, w)
            WorkstreamSections.checks(&html, w)
            if let brief = w.brief, !brief.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                html.raw("<section class=\"brief\"><h2>Brief</h2>")
                html.raw(data.markdown(headingOffset: 2).render(brief))
                html.raw("</section>")
            }
            if let c = w.completion { completion(&html, c) }
            WorkstreamSections.artifacts(&html, w)
            WorkstreamSections.provisions(&html, w)
            WorkstreamSections.devlog(&html, data.detail.devlog)
            WorkstreamSections.events(&html, data.events, id: w.id)
            html.raw("</article>")
        }
    }

    /// The handoff document ws committed for it, rendered.
    static func handoff(_ data: WorkstreamData, markdown: String, head: Int64) -> String {
        let w = data.detail.workstream
        return Page.render(title: "Handoff \(w.id)", section: .workstream, head: head) { html in
            html.text(w.id, between: "<p class=\"crumbs\"><a href=\"/w/\(HTML.escape(HTML.pathComponent(w.id)))\">← ",
                      and: "</a></p><article class=\"handoff\" id=\"handoff\">")
            // The first line is the generated-file comment, for people editing the repository.
            let body = markdown.hasPrefix("<!--") ? String(markdown.drop { $0 != "\n" }) : markdown
            html.raw(data.markdown(headingOffset: 0).render(body))
            html.raw("</article>")
        }
    }

    private static func facts(_ html: inout HTML, _ w: Workstream, _ s: WorkstreamSummary, now: String) {
        var rows: [(String, String)] = []
        rows.append(("Agent", w.agent ?? "—"))
        if let expiry = w.leaseExpiresAt {
            rows.append(("Lease", w.leaseIsStale(now: now)
                ? "ran out at \(Page.clock(expiry)): another agent may take it over (ws start \(w.id) --take-over)"
                : "held until \(Page.clock(expiry)); the holder's commands renew it"))
        }
        if let phase = w.phase { rows.append(("Phase", phase)) }
        if let owner = w.owner { rows.append(("Owner", owner)) }
        if let estimate = w.estimate { rows.append(("Estimate", Hours.format(estimate))) }
        if w.hoursLogged > 0 { rows.append(("Logged", Hours.format(w.hoursLogged))) }
        if let p = Page.progress(done: s.tasksDone, total: s.tasksTotal) { rows.append(("Tasks", p)) }
        rows.append(("Declared", w.declaredAt))
        if let started = w.startedAt { rows.append(("Started", started)) }
        if let closed = w.closedAt { rows.append(("Closed", closed)) }
        if let reason = w.blockedReason { rows.append(("Blocked", reason)) }
        if let reason = w.cancelReason { rows.append(("Cancelled", reason)) }
        if let conflict = w.conflict { rows.append(("Conflict", conflict)) }
        html.raw("<dl class=\"facts\">")
        for (key, value) in rows {
            html.text(value, between: "<dt>\(key)</dt><dd>", and: "</dd>")
        }
        html.raw("</dl>")
    }

    /// The chain that keeps it waiting, as `ws blocked` reports it.
    private static func waiting(_ html: inout HTML, _ id: String, _ snapshot: Snapshot) {
        guard let i = snapshot.index[id], snapshot.analysis.waiting.contains(i) else { return }
        let report = snapshot.analysis.report(i)
        guard !report.waitingOn.isEmpty else { return }
        html.raw("<section class=\"chain\"><h2>Why it waits</h2><p>")
        BlockedPage.chain(&html, report, snapshot)
        html.raw("</p></section>")
    }

    private static func neighbours(_ html: inout HTML, _ title: String, _ list: [WorkstreamSummary], empty: String) {
        html.raw("<section class=\"neighbours\"><h2>\(title)</h2>")
        if list.isEmpty { html.raw("<p class=\"none\">\(empty)</p></section>"); return }
        html.raw("<ul>")
        for s in list {
            html.raw("<li>")
            html.workstreamLink(s.id, status: s.status.rawValue)
            html.text(s.title, between: " ",
                      and: " <span class=\"badge status-\(s.status.rawValue)\">\(s.status.label)</span></li>")
        }
        html.raw("</ul></section>")
    }

    private static func tasks(_ html: inout HTML, _ w: Workstream) {
        guard !w.tasks.isEmpty else { return }
        html.raw("<section class=\"tasks\"><h2>Tasks</h2><ul class=\"tasklist\">")
        for t in w.tasks {
            html.raw(t.done ? "<li class=\"task done\"><span class=\"box done\" aria-label=\"done\">☑</span> " : "<li class=\"task\"><span class=\"box\" aria-label=\"open\">☐</span> ")
            html.text(t.id, between: "<span class=\"task-id\">", and: "</span> ")
            html.text(t.text)
            html.raw("</li>")
        }
        html.raw("</ul></section>")
    }

    private static func completion(_ html: inout HTML, _ c: Completion) {
        html.raw("<section class=\"completion\"><h2>Completion</h2>")
        if let summary = c.summary { html.raw(Markdown(headingOffset: 2).render(summary)) }
        if !c.next.isEmpty {
            html.raw("<h3>Next steps</h3><ol>")
            for step in c.next { html.element("li", step) }
            html.raw("</ol>")
        }
        if c.forced { html.raw("<p class=\"reason\">completed with --force: "); html.text(c.reason ?? ""); html.raw("</p>") }
        html.raw("</section>")
    }
}

/// What one workstream's page shows, read in one turn on the ledger's queue:
/// `ws show`'s detail, its events, and its generated handoff document.
struct WorkstreamData: Sendable {
    var detail: WorkstreamDetail
    var events: [RecordedEvent]
    /// The handoff document, exactly as ws commits it, when the workstream is completed.
    var handoff: String?
    /// Board URLs of the generated documents this page may link to, by repository path.
    var documentLinks: [String: String]

    /// The newest events a page lists; the history page has the rest.
    static let eventLimit = 100

    static func load(_ id: String, from ws: Workspace) throws -> WorkstreamData {
        let detail = try ws.ledger.detail(id)
        let events = Array(try ws.history(of: id).events.suffix(eventLimit).reversed())
        var handoff: String?
        var links: [String: String] = [:]
        if detail.workstream.lifecycle == .completed {
            let (history, shown) = try ws.documentHistory(of: id)
            let layout = history.layout
            if let w = history.state[id] {
                handoff = Documents.render(history, only: [id])[Documents.handoffPath(w, layout)]
            }
            for other in shown {
                guard let w = history.state[other] else { continue }
                links[Documents.workstreamPath(w, layout)] = "/w/" + HTML.pathComponent(other)
            }
        } else {
            let layout = try ws.documentLayout()
            for s in [detail.summary] + detail.dependencies + detail.dependents {
                let path = Documents.workstreamPath(Workstream(id: s.id, title: s.title), layout)
                links[path] = "/w/" + HTML.pathComponent(s.id)
            }
        }
        return WorkstreamData(detail: detail, events: events, handoff: handoff, documentLinks: links)
    }

    /// A Markdown renderer whose relative links to generated documents open their board pages.
    func markdown(headingOffset: Int) -> Markdown {
        let links = documentLinks
        return Markdown(resolve: { url in
            var path = Substring(url)
            while path.hasPrefix("../") { path = path.dropFirst(3) }
            while path.hasPrefix("./") { path = path.dropFirst(2) }
            return links[String(path)]
        }, headingOffset: headingOffset)
    }
}
