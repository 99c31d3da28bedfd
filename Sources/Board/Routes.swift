import EventLog
import Hummingbird
import Operations
import WorkstreamKit

/// The HTML pages and the two files they load.
enum PageRoutes {
    static func add(to router: Router<BasicRequestContext>, source: BoardSource) {
        router.get("/") { request, _ -> Response in
            let snapshot = try await source.snapshot()
            return Responses.html(BoardPage.render(snapshot, filter: .init(FormQuery(request.uri.query)), now: source.now()))
        }
        router.get("/w/:id") { _, context -> Response in
            let id = try context.parameters.require("id")
            let snapshot = try await source.snapshot()
            guard try await exists(id, snapshot, source) else { return notFound(id, snapshot) }
            let data = try await source.read { try WorkstreamData.load(id, from: $0) }
            return Responses.html(WorkstreamPage.render(data, snapshot: snapshot, now: source.now()))
        }
        router.get("/w/:id/handoff") { _, context -> Response in
            let id = try context.parameters.require("id")
            let snapshot = try await source.snapshot()
            guard try await exists(id, snapshot, source) else { return notFound(id, snapshot) }
            let data = try await source.read { try WorkstreamData.load(id, from: $0) }
            guard let handoff = data.handoff else {
                return Responses.html(Page.message(title: "No handoff yet", text: "\(id) has no handoff: one is written when it completes.", head: snapshot.seq), status: .notFound)
            }
            return Responses.html(WorkstreamPage.handoff(data, markdown: handoff, head: snapshot.seq))
        }
        router.get("/graph") { request, _ -> Response in
            let snapshot = try await source.snapshot()
            let graph = GraphPage.Request(FormQuery(request.uri.query))
            // As /w/<id> and `ws graph --focus` (exit 4) answer an unknown id.
            if let focus = graph.focus, snapshot.index[focus] == nil { return notFound(focus, snapshot) }
            guard let page = await GraphPage.renderOffThePool(snapshot, request: graph) else {
                var busy = Responses.html(Page.message(title: "Busy", text: "Too many graphs are being laid out: "
                                                       + "reload in a moment.", head: snapshot.seq),
                                          status: .serviceUnavailable)
                busy.headers[.retryAfter] = "2"
                return busy
            }
            return Responses.html(page)
        }
        router.get("/blocked") { request, _ -> Response in
            let snapshot = try await source.snapshot()
            return Responses.html(BlockedPage.render(snapshot, showAll: FormQuery(request.uri.query)["all"] == "1"))
        }
        router.get("/history") { request, _ -> Response in
            let query = FormQuery(request.uri.query)
            let page = max(query.int("page") ?? 1, 1)
            let stream = query["stream"]
            do {
                let slice = try await source.read { try HistoryPage.load(page: page, stream: stream, from: $0) }
                return Responses.html(HistoryPage.render(slice, head: try await source.head()))
            } catch Refusal.unknownWorkstream(let id) {
                return notFound(id, try await source.snapshot())
            }
        }
        router.get("/assets/board.css") { _, _ in Responses.asset(AssetStyle.source, type: "text/css; charset=utf-8") }
        router.get("/assets/board.js") { _, _ in Responses.asset(AssetScript.source, type: "text/javascript; charset=utf-8") }
        router.get("/favicon.ico") { _, _ in Response(status: .noContent) }
    }

    /// Known to the snapshot, or appended since it was made.
    static func exists(_ id: String, _ snapshot: Snapshot, _ source: BoardSource) async throws -> Bool {
        if snapshot.index[id] != nil { return true }
        return try await source.read { try $0.ledger.exists(id) }
    }

    static func notFound(_ id: String, _ snapshot: Snapshot) -> Response {
        Responses.html(Page.message(title: "Unknown workstream", text: "There is no workstream '\(id)'.", head: snapshot.seq), status: .notFound)
    }
}

/// The JSON behind the pages, each the same document as the command line's
/// `--json` (built by the same operations, encoded as `Output.json` encodes): `/api/status` = `ws status --json`,
/// `/api/ready` = `ws ready --json`, `/api/blocked` = `ws blocked --json`,
/// `/api/workstreams/<id>` = `ws show <id> --json`, `/api/graph` =
/// `ws graph --format json`, `/api/critical-path` = `ws critical-path --json`,
/// `/api/events?since=N` = `ws history --since N --json`; and the live stream.
enum APIRoutes {
    static func add(to router: Router<BasicRequestContext>, source: BoardSource, watcher: HeadWatcher) {
        router.get("/api/status") { _, _ -> Response in
            Responses.json(try await source.snapshot().summaries(at: source.now()).jsonBytes)
        }
        router.get("/api/ready") { _, _ -> Response in
            Responses.json(try await source.read { try $0.ready().listed.jsonBytes })
        }
        router.get("/api/blocked") { _, _ -> Response in
            Responses.json(try await source.snapshot().blocked.jsonBuffer.bytes)
        }
        router.get("/api/workstreams/:id") { _, context -> Response in
            let id = try context.parameters.require("id")
            do {
                return Responses.json(try await source.read { try CanonicalJSON.encode(try $0.show(id)) })
            } catch Refusal.unknownWorkstream {
                return Responses.jsonError("unknown workstream '\(id)'", status: .notFound)
            }
        }
        router.get("/api/graph") { _, _ -> Response in
            Responses.json(try CanonicalJSON.encode(GraphOutcome(summaries: try await source.snapshot().summaries).json))
        }
        router.get("/api/critical-path") { _, _ -> Response in
            Responses.json(try CanonicalJSON.encode(try await source.snapshot().critical))
        }
        router.get("/api/events") { request, _ -> Response in
            let query = FormQuery(request.uri.query)
            let since = query["since"].map { Int64($0) }
            if let since, since == nil || (since ?? 0) < 0 {
                return Responses.jsonError("since takes an event sequence number, e.g. /api/events?since=120", status: .badRequest)
            }
            let after: Int64 = (since ?? 0) ?? 0
            let stream = query["stream"]
            let limit = query.int("limit")
            if query["limit"] != nil, (limit ?? 0) < 1 {
                return Responses.jsonError("limit takes a number of events, 1 or more, e.g. /api/events?limit=50",
                                           status: .badRequest)
            }
            do {
                // As `ws history --json` prints it: the export's own line for each event.
                let text = try await source.read { try $0.history(of: stream, since: String(after), limit: limit).jsonText }
                return Responses.json(Array(text.utf8))
            } catch Refusal.unknownWorkstream(let id) {
                return Responses.jsonError("unknown workstream '\(id)'", status: .notFound)
            }
        }
        router.get("/api/head") { _, _ -> Response in
            let head = try await source.read { try $0.ledger.head() }
            return Responses.json(Array("{\"hash\":\"\(head.hash)\",\"seq\":\(head.seq)}".utf8))
        }
        router.get("/api/stream") { _, _ in EventStream.response(watcher) }
    }
}
