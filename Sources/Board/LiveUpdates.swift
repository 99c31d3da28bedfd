import Foundation
import Hummingbird

/// The log's head as last seen. One task polls it every `interval` (a single
/// indexed query, on SQLite or PostgreSQL alike, whichever process appended:
/// the CLI, an MCP server, another machine on the shared store); every open
/// event stream reads the value from here instead of querying the log itself.
final class HeadWatcher: @unchecked Sendable {
    /// 250 ms: a page hears of an event within a second even after its own re-fetch.
    static let interval: Duration = .milliseconds(250)

    private let lock = NSLock()
    private var seq: Int64 = -1

    var current: Int64 { lock.withLock { seq } }

    func set(_ value: Int64) { lock.withLock { seq = value } }

    /// Polls until cancelled; a failed read (the store briefly locked or unreachable) is retried at the next tick.
    /// A new head is announced only once the project's snapshot at it is made, so the pages
    /// that the announcement sends fetching find it ready (at 10,000 workstreams making it
    /// costs more than serving a page from it).
    func poll(_ source: BoardSource) async {
        while !Task.isCancelled {
            if let head = try? await source.head(), head != current {
                _ = try? await source.snapshot()
                set(head)
            }
            try? await Task.sleep(for: Self.interval)
        }
    }
}

/// `GET /api/stream`: server-sent events, one `head` event each time the log's
/// head moves (`data: {"seq":N}`, `id: N`), a comment every 15 s so proxies and
/// the client notice a dead connection.
enum EventStream {
    /// How often a stream looks at the watcher: costs nothing, adds at most 100 ms.
    static let tick: Duration = .milliseconds(100)
    static let keepAliveTicks = 150

    static func response(_ watcher: HeadWatcher) -> Response {
        let headers: HTTPFields = [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"]
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            var sent: Int64 = -1
            var quiet = 0
            try await writer.write(ByteBuffer(string: "retry: 1000\n\n"))
            while !Task.isCancelled {
                let head = watcher.current
                if head >= 0, head != sent {
                    try await writer.write(ByteBuffer(string: "id: \(head)\nevent: head\ndata: {\"seq\":\(head)}\n\n"))
                    sent = head
                    quiet = 0
                } else if quiet >= keepAliveTicks {
                    try await writer.write(ByteBuffer(string: ": still here\n\n"))
                    quiet = 0
                }
                try await Task.sleep(for: tick)
                quiet += 1
            }
            try await writer.finish(nil)
        })
    }
}
