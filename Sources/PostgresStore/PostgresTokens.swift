import EventLog
import Foundation
import PostgresNIO

/// Schema 8: `ws serve`'s agent tokens, in the store every server on it shares (only their SHA-256, as in a
/// clone's own token file): a token added on one machine is accepted by every server, a revocation refused by
/// every server from its next request on. Not a read model: no event makes or replays it.
extension PostgresSchema {
    static let version8 = [
        """
        CREATE TABLE IF NOT EXISTS serve_tokens (id text PRIMARY KEY, agent text NOT NULL, digest text NOT NULL UNIQUE,
            created text NOT NULL, revoked text, may_force boolean NOT NULL DEFAULT false)
        """,
        // Events are written as in schema 7, but one schema writes a log (see `writerFence`).
        writerFence(schema: 8),
    ]
}

/// One row of `serve_tokens`.
public struct SharedTokenRow: Equatable, Sendable {
    public var id, agent, digest, created: String
    public var revoked: String?
    public var mayForce: Bool

    public init(id: String, agent: String, digest: String, created: String, revoked: String?, mayForce: Bool) {
        (self.id, self.agent, self.digest, self.created, self.revoked, self.mayForce) =
            (id, agent, digest, created, revoked, mayForce)
    }
}

/// The token table of a PostgreSQL store, on a connection of its own: a server's requests arrive on many threads,
/// and one session serves one thread at a time, so every call holds `lock`.
public final class PostgresTokens: @unchecked Sendable {
    private let url: PostgresURL
    /// Replaced when the server closed it (a restart, a failover, `pg_terminate_backend`): a server that kept a
    /// dead connection refused every token until it was restarted (red team).
    private var connection: PostgresSession
    private let lock = NSLock()
    static let columns = "id, agent, digest, created, revoked, may_force"

    /// Connects and checks the schema (migrating an older one, as any ws command would).
    public init(url: PostgresURL) throws {
        self.url = url
        connection = try PostgresSession(url: url)
        try PostgresSchema.prepare(connection, create: false)
    }

    /// Runs `body` on the open connection, holding `lock`: connects again when the server closed the last one,
    /// and runs `body` once more when the connection was lost under it (a token added twice is refused by its key;
    /// a revocation keeps its first time).
    private func withSession<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        try lock.withLock {
            if connection.connectionIsClosed { connection = try PostgresSession(url: url) }
            do { return try body(connection) } catch where PostgresSession.lostConnection(error) {
                connection = try PostgresSession(url: url)
                return try body(connection)
            }
        }
    }

    public func add(_ row: SharedTokenRow) throws {
        try withSession { session in
            _ = try session.query("INSERT INTO serve_tokens (\(Self.columns)) VALUES ($1, $2, $3, $4, $5, $6)",
                                  [row.id, row.agent, row.digest, row.created, row.revoked, row.mayForce])
        }
    }

    public func all() throws -> [SharedTokenRow] {
        try withSession { session in
            try session.query("SELECT \(Self.columns) FROM serve_tokens ORDER BY created, id").map { try row($0, session) }
        }
    }

    /// Marks the token revoked (keeping the first revocation's time); nil when no token has the id.
    public func revoke(id: String, at time: String) throws -> SharedTokenRow? {
        try withSession { session in
            try session.query("""
                UPDATE serve_tokens SET revoked = COALESCE(revoked, $2) WHERE id = $1 RETURNING \(Self.columns)
                """, [id, time]).first.map { try row($0, session) }
        }
    }

    public func find(digest: String) throws -> SharedTokenRow? {
        try withSession { session in
            try session.query("SELECT \(Self.columns) FROM serve_tokens WHERE digest = $1", [digest]).first
                .map { try row($0, session) }
        }
    }

    private func row(_ r: PostgresRow, _ session: PostgresSession) throws -> SharedTokenRow {
        let (id, agent, digest, created, revoked, mayForce) =
            try session.decoded(r, as: (String, String, String, String, String?, Bool).self)
        return SharedTokenRow(id: id, agent: agent, digest: digest, created: created, revoked: revoked, mayForce: mayForce)
    }
}
