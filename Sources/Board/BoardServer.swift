import Foundation
import Hummingbird
import Logging

/// `ws serve`: the board's HTTP server, on Hummingbird 2 (SwiftNIO underneath).
/// Read-only: every route is a GET, and nothing here can append to the log.
public enum BoardServer {
    public struct Options: Sendable {
        public var host: String
        public var port: Int
        /// Required on every request when set; `ws serve` sets one whenever the host is not loopback.
        public var token: String?

        public init(host: String, port: Int, token: String?) {
            self.host = host; self.port = port; self.token = token
        }
    }

    public static let defaultHost = "127.0.0.1"
    public static let defaultPort = 8420

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
        let router = Router()
        router.add(middleware: BoardGuard<BasicRequestContext>(token: options.token))
        PageRoutes.add(to: router, source: source)
        APIRoutes.add(to: router, source: source, watcher: watcher)
        var logger = Logger(label: "ws.serve")
        // Hummingbird logs each start and failure at info; ws prints its own line.
        logger.logLevel = .error
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(options.host, port: options.port)),
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
