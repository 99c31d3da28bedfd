import Foundation

/// Idle connections a long-running process (`ws serve`, `ws mcp`) keeps for its next command, by store URL.
/// Every MCP call opens a workspace; without this each one connected and authenticated anew (TCP, SCRAM with
/// its 4,096 hash rounds on both sides, the schema check): 50 agents over two servers on one PostgreSQL store
/// answered at a p50 of 68 ms (bench/mcp_load.py, 10 agents x 30 calls), where the same calls on SQLite took 3.4.
/// A connection comes back only when it is open and between statements (no append, batch or reply pending); a
/// command-line process never turns pooling on, so each of its connections still closes when its store goes away.
public final class PostgresStorePool: @unchecked Sendable {
    /// The process's pool, off until `enable`.
    public static let shared = PostgresStorePool(enabled: false)
    /// At most this many idle connections per store: the server's tool threads (`MCPWork`) use at most 16 at once.
    static let capacity = 16

    private let lock = NSLock()
    private var enabled: Bool
    private var idle: [String: [PostgresEventStore]] = [:]

    init(enabled: Bool) { self.enabled = enabled }

    /// The URL with its password: a connection is reused only for the same user with the same password.
    private static func key(_ url: PostgresURL) -> String { url.redacted + "\u{0}" + (url.password ?? "") }

    /// Turns pooling on for the rest of the process.
    public func enable() { lock.withLock { enabled = true } }

    /// An idle store for `url`, nil when there is none (or pooling is off): the caller connects.
    public func take(_ url: PostgresURL) -> PostgresEventStore? {
        lock.withLock {
            guard enabled else { return nil }
            // One the server closed while it waited here (a restart, `pg_terminate_backend`) is dropped.
            while let store = idle[Self.key(url)]?.popLast() {
                if !store.session.connectionIsClosed { return store }
            }
            return nil
        }
    }

    /// Keeps `store` for the next `take`, or lets it close when it cannot be reused or the pool is full.
    public func give(_ store: PostgresEventStore) {
        guard store.session.isIdle else { return }
        lock.withLock {
            guard enabled else { return }
            let key = Self.key(store.url)
            if idle[key, default: []].count < Self.capacity { idle[key, default: []].append(store) }
        }
    }
}

extension PostgresSession {
    /// Open, outside any append, with nothing held back or waiting for its reply.
    var isIdle: Bool {
        !connection.isClosed && appendState == .none && numbering == nil && batch.isEmpty && sent.isEmpty
    }
}
