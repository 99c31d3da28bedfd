import EventLog
import WorkstreamKit

/// What one workstream's page shows, read in one turn on the ledger's queue:
/// `ws show`'s detail, its events, and its generated handoff document.
struct WorkstreamData: Sendable {
    var detail: Ledger.Detail
    var events: [RecordedEvent]
    /// The handoff document, exactly as ws commits it, when the workstream is completed.
    var handoff: String?
    /// Board URLs of the generated documents this page may link to, by repository path.
    var documentLinks: [String: String]

    /// The newest events a page lists; the history page has the rest.
    static let eventLimit = 100

    static func load(_ id: String, from ledger: any WorkspaceLedger) throws -> WorkstreamData {
        let detail = try ledger.detail(id)
        let all = try ledger.history(stream: id, after: 0, upTo: nil)
        let events = Array(all.suffix(eventLimit).reversed())
        // What the publisher loads to render one workstream's documents: it, its
        // neighbours, and their dependencies (a handoff names what each dependent still waits on).
        let around = try ledger.neighbours(of: [id])
        let shown = Set([id]).union(around.dependencies).union(around.dependents)
        let loaded = shown.union(try ledger.neighbours(of: shown).dependencies)
        var handoff: String?
        var links: [String: String] = [:]
        if detail.workstream.lifecycle == .completed {
            let history = try ledger.partialHistory(stateIds: loaded, eventStreams: [id], upTo: try ledger.head().seq)
            if let w = history.state[id] { handoff = Documents.render(history, only: [id])[Documents.handoffPath(w)] }
            for other in shown { if let w = history.state[other] { links[Documents.workstreamPath(w)] = "/w/" + HTML.pathComponent(other) } }
        } else {
            for s in [detail.summary] + detail.dependencies + detail.dependents {
                links[Documents.workstreamPath(Workstream(id: s.id, title: s.title))] = "/w/" + HTML.pathComponent(s.id)
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
