import Foundation

/// Idle connections a long-running process (`ws serve`, `ws mcp`) keeps for its next command, by store URL.
/// Every MCP call opens a workspace; without this each one connected and authenticated anew (TCP, SCRAM with
/// its 4,096 hash rounds on both sides, the schema check): 50 agents over two servers on one PostgreSQL store
/// answered at a p50 of 68 ms (bench/mcp_load.py, 10 agents x 30 calls), where the same calls on SQLite took 3.4.
/// A connection comes back only when it is open and between statements (no append, batch or reply pending); a
/// command-line process never turns pooling on, so each of its connections still closes when its store goes away.
public enum PostgresStorePool {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var enabled = false
    nonisolated(unsafe) private static var idle: [String: [PostgresEventStore]] = [:]
    /// At most this many idle connections per store: the server's tool threads (`MCPWork`) use at most 16 at once.
    static let capacity = 16

    /// The URL with its password: a connection is reused only for the same user with the same password.
    private static func key(_ url: PostgresURL) -> String { url.redacted + "\u{0}" + (url.password ?? "") }

    /// Turns pooling on for the rest of the process.
    public static func enable() { lock.withLock { enabled = true } }

    /// An idle store for `url`, nil when there is none (or pooling is off): the caller connects.
    public static func take(_ url: PostgresURL) -> PostgresEventStore? {
        lock.withLock { enabled ? idle[key(url)]?.popLast() : nil }
    }

    /// Keeps `store` for the next `take`, or lets it close when it cannot be reused or the pool is full.
    public static func give(_ store: PostgresEventStore) {
        guard store.session.isIdle else { return }
        lock.withLock {
            guard enabled else { return }
            if idle[key(store.url), default: []].count < capacity { idle[key(store.url), default: []].append(store) }
        }
    }
}

extension PostgresSession {
    /// Open, outside any append, with nothing held back or waiting for its reply.
    var isIdle: Bool {
        !connection.isClosed && appendState == .none && numbering == nil && batch.isEmpty && sent.isEmpty
    }
}
