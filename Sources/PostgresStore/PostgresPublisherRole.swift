import Foundation
import PostgresNIO

/// Which `ws serve --push` commits and pushes for a PostgreSQL store: the one whose connection holds a session-level
/// advisory lock. Held for as long as that connection lives, so one server publishes at a time; the server releases it
/// when the process ends or its connection drops (a `kill -9`, a restart, a failover), and the next server that asks
/// takes it over. Not the append lock: publishing never holds up an append.
public final class PostgresPublisherRole: @unchecked Sendable {
    /// "wspb": another key than the append lock's ("wslg").
    static let key: Int64 = 0x7773_7062
    private let url: PostgresURL
    private var session: PostgresSession?
    private let lock = NSLock()

    public init(url: PostgresURL) { self.url = url }

    /// Whether this process holds the role now: it keeps it while its connection lives and takes it when it is free.
    /// A lost connection lost the lock with it; the next call asks again on a new one.
    public func holds() throws -> Bool {
        try lock.withLock {
            if let open = session, open.connectionIsClosed { session = nil }
            let current = try session ?? PostgresSession(url: url)
            session = current
            // CASE evaluates in order: a held lock is not taken a second time (session locks stack).
            let sql = """
                SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()
                    AND classid = \(Self.key >> 32) AND objid = \(Self.key & 0xFFFF_FFFF) AND objsubid = 1 AND granted)
                THEN true ELSE pg_try_advisory_lock(\(Self.key)) END
                """
            do {
                return try current.value(sql, as: Bool.self) ?? false
            } catch where PostgresSession.lostConnection(error) {
                session = nil
                return false
            }
        }
    }

    /// Gives the role up (closing the connection releases the lock).
    public func resign() {
        lock.withLock {
            session?.close()
            session = nil
        }
    }
}
