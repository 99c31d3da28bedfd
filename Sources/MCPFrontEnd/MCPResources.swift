import Operations
import WorkstreamKit

/// Every generated document as an MCP resource, rendered from the log by the
/// renderers the publisher commits with, so a resource reads exactly as the
/// committed file will (and already does once the events are committed):
///
/// - `ws://index` — Workstreams/README.md
/// - `ws://workstream/<id>` — Workstreams/<id>-<slug>.md
/// - `ws://handoff/<id>` — Handoffs/<date>-<id>-<slug>.md, once completed
/// - `ws://devlog/<id>/<YYYY-MM-DD>` — devlog/<date>-<id>-<slug>.md
///
/// Documents never hold a secret's value (names and fingerprints only), so neither do these.
final class MCPResources {
    /// Workstreams per `resources/list` page: each page reads their events once
    /// (200 workstreams of the 10,000-workstream bench plan: a few milliseconds).
    static let pageSize = 200
    static let notFound = -32002

    static let templates: [JSONValue] = [
        template("ws://workstream/{id}", "workstream", "A workstream's document: brief, status, tasks, dependencies, artifacts"),
        template("ws://handoff/{id}", "handoff", "What a completed workstream left for the next agent"),
        template("ws://devlog/{id}/{date}", "devlog", "A workstream's devlog of one day (YYYY-MM-DD)"),
    ]

    func list(cursor: String?) throws -> JSONValue {
        let start: Int
        if let cursor {
            guard let n = Int(cursor), n >= 0 else { throw MCPProtocolError(code: -32602, message: "invalid cursor") }
            start = n
        } else {
            start = 0
        }
        let ws = try Workspace.open(readOnly: true)
        let summaries = try ws.ledger.summaries()
        let page = Array(summaries.dropFirst(start).prefix(Self.pageSize))
        let ids = Set(page.map(\.id))
        var history = try ws.ledger.partialHistory(stateIds: ids, eventStreams: ids, upTo: try ws.ledger.head().seq)
        history.declaredCount = summaries.count
        var entries: [JSONValue] = start == 0 ? [Self.entry("ws://index", path: Documents.indexPath, title: "Every workstream, with the dependency graph")] : []
        let owners = Documents.owners(in: history, ids: page.map(\.id))
        for s in page {
            for path in owners.filter({ $0.value == s.id }).keys.sorted() {
                guard let uri = Self.uri(path: path, id: s.id) else { continue }
                entries.append(Self.entry(uri, path: path, title: "\(s.id): \(s.title) (\(path.split(separator: "/")[0]))"))
            }
        }
        let end = start + page.count
        return .fields(["resources": .array(entries), "nextCursor": end < summaries.count ? .string(String(end)) : nil])
    }

    func read(_ uri: String) throws -> JSONValue {
        let ws = try Workspace.open(readOnly: true)
        let head = try ws.ledger.head().seq
        let text: String
        if uri == "ws://index" {
            let lastTime = try ws.ledger.partialHistory(stateIds: [], eventStreams: [], upTo: head).lastTime
            // In a large project's layout: the summary, which links the index pages.
            let files = Documents.index(try ws.ledger.summaries(), lastSeq: head, lastTime: lastTime)
            text = files[Documents.indexPath] ?? ""
        } else {
            guard let (kind, id, day) = Self.parse(uri), try ws.ledger.exists(id) else { throw Self.missing(uri) }
            guard let document = try Self.document(kind: kind, id: id, day: day, ws: ws) else { throw Self.missing(uri) }
            text = document
        }
        return .object(["contents": .array([.object(["uri": .string(uri), "mimeType": .string("text/markdown"), "text": .string(text)])])])
    }

    /// One workstream's document, from its own events and the state of its neighbours
    /// (a document shows its dependencies' and dependents' titles and statuses).
    static func document(kind: String, id: String, day: String?, ws: Workspace) throws -> String? {
        let history = try ws.documentHistory(of: id).history
        guard let w = history.state[id] else { return nil }
        let files = Documents.render(history, only: [id])
        switch kind {
        case "workstream": return files[Documents.workstreamPath(w, history.layout)]
        case "handoff": return w.lifecycle == .completed ? files[Documents.handoffPath(w, history.layout)] : nil
        default:
            guard let day else { return nil }
            return files.first { $0.key.hasPrefix("devlog/") && fileName($0.key).hasPrefix("\(day)-\(id)-") }?.value
        }
    }

    /// The uri of a generated document of `id`, by its path.
    static func uri(path: String, id: String) -> String? {
        if path.hasPrefix("Workstreams/") { return "ws://workstream/\(id)" }
        if path.hasPrefix("Handoffs/") { return "ws://handoff/\(id)" }
        if path.hasPrefix("devlog/") { return "ws://devlog/\(id)/\(fileName(path).prefix(10))" }
        return nil
    }

    /// The last component of a path: a large project keeps devlogs in a folder a month.
    static func fileName(_ path: String) -> Substring { path.split(separator: "/").last ?? Substring(path) }

    static func parse(_ uri: String) -> (kind: String, id: String, day: String?)? {
        guard uri.hasPrefix("ws://") else { return nil }
        let parts = uri.dropFirst("ws://".count).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        switch (parts.first, parts.count) {
        case ("workstream", 2), ("handoff", 2): return (parts[0], parts[1], nil)
        case ("devlog", 3): return (parts[0], parts[1], parts[2])
        default: return nil
        }
    }

    static func missing(_ uri: String) -> MCPProtocolError {
        MCPProtocolError(code: notFound, message: "no resource \(Text.printable(uri, 120)); resources/list names them")
    }

    static func entry(_ uri: String, path: String, title: String) -> JSONValue {
        .object(["uri": .string(uri), "name": .string(path), "title": .string(title), "mimeType": .string("text/markdown")])
    }

    static func template(_ uri: String, _ name: String, _ description: String) -> JSONValue {
        .object(["uriTemplate": .string(uri), "name": .string(name), "description": .string(description), "mimeType": .string("text/markdown")])
    }
}
