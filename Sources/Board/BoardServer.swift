import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import Operations

/// `ws serve`: the board's HTTP server, on Hummingbird 2 (SwiftNIO underneath). The board is read-only: every
/// route is a GET. Only `/mcp` writes, for agents with a token, through the same MCP server as `ws mcp`.
public enum BoardServer {
    public struct Options: Sendable {
        public var host: String
        public var port: Int
        /// Required on every request when set; `ws serve` sets one whenever the host is not loopback.
        public var token: String?
        /// The agents' tokens `/mcp` accepts (`ws serve token add`).
        public var agentTokens: ServeTokens
        /// HTTPS when set (`--tls-cert`, `--tls-key`).
        public var tls: ServerTLS?
        /// What each agent may ask of `/mcp` (`--agent-rate`, `--agent-concurrency`).
        public var limits: MCPLimits.Settings
        /// Where the server tells the person running it what it does not tell callers (the command prints it).
        public var report: @Sendable (String) -> Void

        public init(host: String, port: Int, token: String?, agentTokens: ServeTokens, tls: ServerTLS? = nil,
                    limits: MCPLimits.Settings = .init(), report: @escaping @Sendable (String) -> Void = { _ in }) {
            self.host = host; self.port = port; self.token = token; self.agentTokens = agentTokens; self.tls = tls
            self.limits = limits; self.report = report
        }
    }

    public static let defaultHost = "127.0.0.1"
    public static let defaultPort = 8420
    /// A connection that sends nothing for this long is closed: a request whose head is still
    /// incomplete (bytes that trickle in do not count, only whole parts of a request), or a
    /// keep-alive connection between requests. An open event stream is a request being answered: it stays.
    public static let idleTimeoutSeconds: Int64 = 10
    /// Connections served at once; more wait in the listen backlog until one closes. Far above
    /// what browsers open (six a host), far below what exhausts descriptors (ulimit -n is often 1,024).
    public static let maxConnections = 256

    /// localhost, ::1, or an IPv4 address in 127.0.0.0/8 (not a name that merely starts with "127.").
    public static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased()
        if h == "localhost" || h == "::1" { return true }
        let parts = h.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { p in !p.isEmpty && p.count <= 3 && p.allSatisfy(\.isASCII) && p.allSatisfy(\.isNumber) && (Int(p) ?? 256) <= 255 }
    }

    /// 32 random bytes from the system's generator, as hex.
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// Serves until the process is stopped. `onRunning` gets the port it listens on (the one chosen for port 0).
    public static func run(source: BoardSource, options: Options, onRunning: @escaping @Sendable (Int) -> Void) async throws {
        let watcher = HeadWatcher()
        // Made before listening, so the first page does not wait for it (about 200 ms at 10,000 workstreams).
        watcher.set(try await source.snapshot().seq)
        // HEAD answers as GET without the body (a link checker's or a proxy's probe); any other method is 405.
        let router = Router(options: .autoGenerateHeadEndpoints)
        router.add(middleware: BoardGuard<BasicRequestContext>(token: options.token))
        PageRoutes.add(to: router, source: source)
        MCPRoute.add(to: router, .init(tokens: options.agentTokens, limits: MCPLimits(options.limits),
                                       loopback: isLoopback(options.host), report: options.report))
        APIRoutes.add(to: router, source: source, watcher: watcher)
        var logger = Logger(label: "ws.serve")
        // Hummingbird logs each start and failure at info; ws prints its own line.
        logger.logLevel = .error
        let http1 = HTTPServerBuilder.http1(configuration: .init(additionalChannelHandlers: [ConnectionGuard()],
                                                                 idleTimeout: .seconds(idleTimeoutSeconds)))
        let app = Application(
            router: router,
            server: try options.tls.map { try .tls(http1, tlsConfiguration: $0.configuration) } ?? http1,
            configuration: .init(address: .hostname(options.host, port: options.port),
                                 availableConnectionsDelegate: MaximumAvailableConnections(maxConnections)),
            onServerRunning: { channel in onRunning(channel.localAddress?.port ?? options.port) },
            logger: logger
        )
        let poll = Task { await watcher.poll(source) }
        defer { poll.cancel() }
        // The command stops on SIGINT or SIGTERM by itself: a graceful shutdown
        // would wait for every open event stream, and a stream never ends.
        try await app.runService(gracefulShutdownSignals: [])
    }
}

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
