import Foundation
import Testing
@testable import EventLog
@testable import PostgresStore
import GRDB
import WorkstreamKit

/// The stores the conformance suite runs against. PostgreSQL is a real
/// server: `scripts/with-postgres.sh` starts one and exports its URL, and
/// without it these tests fail (they are never skipped).
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }
}

struct MissingServer: Error, CustomStringConvertible {
    var description: String {
        "WS_TEST_POSTGRES_URL is not set: run the tests through scripts/with-postgres.sh (make test does), which starts a throwaway PostgreSQL server"
    }
}

/// A fresh, empty log of one kind: a temporary SQLite file, or a new database
/// on the test server. Each `store()` / `ledger()` is a new connection, as a
/// separate process would have.
final class StoreFixture: @unchecked Sendable {
    let kind: StoreKind
    let sqlitePath: String
    let postgresURL: PostgresURL?
    private var opened: [PostgresEventStore] = []
    private let lock = NSLock()

    init(_ kind: StoreKind) throws {
        self.kind = kind
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ws-conf-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        sqlitePath = dir.appendingPathComponent("log.sqlite").path
        switch kind {
        case .sqlite:
            postgresURL = nil
            _ = try SQLiteEventStore(path: sqlitePath, create: true)
        case .postgres:
            postgresURL = try Self.freshDatabase()
            let first = try PostgresEventStore(url: try #require(postgresURL), create: true)
            first.close()
        }
    }

    deinit {
        lock.withLock { for s in opened { s.close() } }
        try? FileManager.default.removeItem(atPath: (sqlitePath as NSString).deletingLastPathComponent)
        if let url = postgresURL, let admin = try? Self.adminURL(), let s = try? PostgresSession(url: admin) {
            _ = try? s.query("DROP DATABASE IF EXISTS \"\(url.database)\" WITH (FORCE)")
            s.close()
        }
    }

    static func adminURL() throws -> PostgresURL {
        guard let text = ProcessInfo.processInfo.environment["WS_TEST_POSTGRES_URL"], !text.isEmpty else { throw MissingServer() }
        return try PostgresURL(parsing: text)
    }

    /// A new, empty database on the test server, owned by the test user.
    static func freshDatabase() throws -> PostgresURL {
        var url = try adminURL()
        let admin = try PostgresSession(url: url)
        defer { admin.close() }
        url.database = "ws_t_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        try admin.query("CREATE DATABASE \"\(url.database)\"")
        return url
    }

    func store() throws -> any EventStore {
        switch kind {
        case .sqlite: return try SQLiteEventStore(path: sqlitePath)
        case .postgres: return try remember(PostgresEventStore(url: try #require(postgresURL)))
        }
    }

    func ledger() throws -> Ledger {
        switch kind {
        case .sqlite: return Ledger(store: try SQLiteEventStore(path: sqlitePath))
        case .postgres: return Ledger(store: try remember(PostgresEventStore(url: try #require(postgresURL))), clone: "test")
        }
    }

    /// Runs raw SQL against the log, as someone with direct access to it would.
    func executeRaw(_ sql: String) throws {
        switch kind {
        case .sqlite: try SQLiteEventStore(path: sqlitePath).write { db in try db.execute(sql: sql) }
        case .postgres:
            let s = try PostgresSession(url: try #require(postgresURL))
            defer { s.close() }
            // One statement per query: the extended protocol takes no more.
            for statement in sql.split(separator: ";") { try s.query(String(statement)) }
        }
    }

    /// A connection in the middle of an append of `event`: the append lock held, the event written, not committed.
    func openAppend(_ event: NewEvent) throws -> PostgresSession {
        let slow = try PostgresSession(url: try #require(postgresURL))
        try slow.query("BEGIN")
        try slow.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.appendLockKey))")
        // As every write transaction of this release names the schema it keeps (see `ws_events_writer_schema`).
        try slow.query("SELECT set_config('ws.writer_schema', '\(PostgresSchema.version)', true)")
        _ = try PostgresEventStore.append([event], expecting: [:], in: slow)
        return slow
    }

    private func remember(_ s: PostgresEventStore) -> PostgresEventStore {
        lock.withLock { opened.append(s) }
        return s
    }
}

/// A note on stream `stream`, with a fixed id so a retry is recognisable.
func note(_ id: String, stream: String = "A1", message: String = "hello") -> NewEvent {
    NewEvent(PendingEvent(stream: stream, event: .logged(.init(message: message, kind: .note))), eventId: id,
             actor: "tester", time: "2026-11-21T10:00:00.000Z")
}

/// Errors collected from several threads.
final class ErrorLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ text: String) { lock.withLock { items.append(text) } }
    var all: [String] { lock.withLock { items } }
}

/// Hands connections to worker threads; each thread uses its own one only.
struct Shared<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
