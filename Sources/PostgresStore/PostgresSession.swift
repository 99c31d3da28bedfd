import Foundation
import Logging
import PostgresNIO

/// One connection to the server, used synchronously: the command line is
/// synchronous, so each query waits on its future from the calling thread
/// (never an event-loop thread). The connection and its one-thread event
/// loop group are shut down by `close()`, or when the session goes away.
/// One thread at a time: a session is one connection with at most one open
/// transaction (threads that write at once each open their own store).
final class PostgresSession {
    let url: PostgresURL
    private let group: MultiThreadedEventLoopGroup
    let connection: PostgresConnection
    let logger: Logger
    private var closed = false
    /// Writes sent by `send` and not yet waited for.
    var sent: [EventLoopFuture<PostgresQueryResult>] = []
    /// Writes held back to go as one statement (`send(_:_:row:)`).
    var batch = PostgresWriteBatch()
    /// Where an append holding the session-level lock is (`appendTransaction`).
    var appendState = AppendState.none
    /// The append the server is to number (`numberedAppend`), while its body runs.
    var numbering: NumberedAppend?

    init(url: PostgresURL) throws {
        self.url = url
        // A library never prints: PostgresNIO's logging goes nowhere.
        logger = Logger(label: "ws.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var config = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.user,
                                                      password: url.password, database: url.database, tls: .disable)
        config.options.connectTimeout = .seconds(10)
        // No wait for a lock is unbounded: a writer frozen between its read and its commit (SIGSTOP, a paused VM)
        // holds the append lock until its connection ends, and every other writer of every server would wait
        // for it with no end (red team). Sent at start-up, so no statement pays for it.
        config.options.additionalStartupParameters = [("lock_timeout", "\(Self.lockWaitSeconds())s")]
        do {
            connection = try PostgresConnection.connect(on: group.next(), configuration: config, id: 1, logger: logger).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw PostgresErrors.map(error, url: url)
        }
    }

    deinit { close() }

    /// How long a statement waits for a lock before it gives up (SQLSTATE 55P03): `WS_STORE_LOCK_WAIT` seconds (1 to
    /// 3600), else 60, far above any append's hold of the lock (milliseconds) and any import's batch.
    static func lockWaitSeconds() -> Int {
        guard let text = ProcessInfo.processInfo.environment["WS_STORE_LOCK_WAIT"], let seconds = Int(text),
              (1...3600).contains(seconds) else { return 60 }
        return seconds
    }

    func close() {
        guard !closed else { return }
        closed = true
        _ = try? waitWhileConnected(connection.close())
        try? group.syncShutdownGracefully()
    }

    /// Runs one statement with `$1…` parameters and returns its rows.
    @discardableResult
    func query(_ sql: String, _ arguments: [(any PostgresDynamicTypeEncodable)?] = []) throws -> [PostgresRow] {
        // A read after the unlocked one, or a write that cannot wait for the numbered call: under the lock instead.
        if numbering != nil { throw NumberedAppend.Unavailable() }
        try checkOpen()
        sendBatch()
        openTransactionIfLocked()
        let future = connection.query(PostgresQuery(unsafeSQL: sql, binds: Self.bindings(arguments)), logger: logger)
        // The connection runs statements in the order they were sent: a write sent before ran before this one,
        // and its error (which aborted the transaction) is the one to report.
        try drainSent()
        do {
            let rows = Array(try waitWhileConnected(future))
            if appendState == .awaitingLock { appendState = .lockedOutsideTransaction }
            return rows
        } catch { throw PostgresErrors.map(error, url: url) }
    }

    /// Sends a write whose rows nobody reads without waiting for it: the writes of an append go back to back
    /// (the writer holds the append lock, and each wait is a wake-up of this process among many). Its error
    /// is thrown by the next `query`, `pipelined` or `drainSent`, so a transaction never commits past it.
    func send(_ sql: String, _ arguments: [(any PostgresDynamicTypeEncodable)?] = []) {
        if numbering != nil { numbering?.unavailable = true; return }
        sendBatch()
        openTransactionIfLocked()
        sent.append(connection.query(PostgresQuery(unsafeSQL: sql, binds: Self.bindings(arguments)), logger: logger))
    }

    /// Like `send`, for a write of one row (`row` names its table and key) that reads nothing another write
    /// of the transaction changes: it joins the writes held back (`PostgresWriteBatch`), which go as one statement
    /// before the next other statement, or COMMIT.
    func send(_ sql: String, _ arguments: [(any PostgresDynamicTypeEncodable)?], row: String,
              slots: [PostgresWriteBatch.SequenceSlot] = []) {
        if !batch.accepts(row: row) { sendBatch() }
        batch.add(sql, arguments, row: row, slots: slots)
    }

    private func sendBatch() {
        // The numbered call takes the batch whole; one that does not fit one statement goes under the lock.
        if numbering != nil, !batch.isEmpty { numbering?.unavailable = true; return }
        guard let (sql, arguments, _) = batch.take() else { return }
        openTransactionIfLocked()
        sent.append(connection.query(PostgresQuery(unsafeSQL: sql, binds: Self.bindings(arguments)), logger: logger))
    }

    /// Waits for every statement `send` sent; throws the first one's error.
    func drainSent() throws {
        sendBatch()
        let waiting = sent
        sent = []
        var failure: (any Error)?
        for future in waiting {
            do { _ = try waitWhileConnected(future) } catch { failure = failure ?? error }
        }
        if let failure { throw PostgresErrors.map(failure, url: url) }
    }

    var connectionIsClosed: Bool { connection.isClosed }

    /// A statement sent on a connection the server dropped may never complete: refuse it instead.
    private func checkOpen() throws {
        guard connection.isClosed else { return }
        try? drainSent()
        throw PostgresStoreError.unreachable(url.redacted, detail: "the connection closed")
    }

    static func lostConnection(_ error: any Error) -> Bool {
        if case PostgresStoreError.unreachable = error { return true }
        return false
    }

    static func bindings(_ arguments: [(any PostgresDynamicTypeEncodable)?]) -> PostgresBindings {
        var binds = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            if let argument { binds.append(argument) } else { binds.appendNull() }
        }
        return binds
    }

    /// Decodes a row's columns; a value of an unexpected type becomes a typed error like any other.
    func decoded<each Column: PostgresDecodable>(_ row: PostgresRow, as type: (repeat each Column).Type) throws -> (repeat each Column) {
        do { return try row.decode(type) } catch { throw PostgresErrors.map(error, url: url) }
    }

    /// The first column of every row.
    func column<T: PostgresDecodable>(_ sql: String, _ arguments: [(any PostgresDynamicTypeEncodable)?] = [], as type: T.Type) throws -> [T] {
        try query(sql, arguments).map { try decoded($0, as: T.self) }
    }

    /// The first column of the first row, nil when there is no row.
    func value<T: PostgresDecodable>(_ sql: String, _ arguments: [(any PostgresDynamicTypeEncodable)?] = [], as type: T.Type) throws -> T? {
        try column(sql, arguments, as: type).first
    }

    /// Sends statements without parameters back to back (after any `send` writes), then waits for each:
    /// the connection queues them, so the calling thread waits once, not once a statement.
    func pipelined(_ statements: [String]) throws {
        try checkOpen()
        for statement in statements { send(statement) }
        try drainSent()
    }

    /// Runs `body` in one transaction: all of it commits, or none. Writes take
    /// ws's advisory lock first, so they run one at a time in commit order.
    /// With `bodyLocks`, the body's first statement takes the lock (`ws_append_begin`).
    func transaction<T>(write: Bool, bodyLocks: Bool = false, _ body: () throws -> T) throws -> T {
        // Reads see one snapshot; writes stay READ COMMITTED so that, once the
        // lock is theirs, they see every append committed before it.
        if write {
            // Not waited for: the body's first query (or the commit) waits once for them and itself.
            send(PostgresDurability.begin)
            if !bodyLocks { send(PostgresDurability.lock) }
        } else {
            try query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        }
        do {
            let result = try body()
            if write { try Self.committing(url) { try pipelined(PostgresDurability.commit) } } else { try query("COMMIT") }
            return result
        } catch {
            // Writes never sent need no undoing: the transaction rolls back.
            batch = PostgresWriteBatch()
            try? drainSent()
            // A query sent on a connection the server dropped (killed, restarted) may never complete: the writer
            // would hang. The server rolled that transaction back when the connection went away.
            if !connection.isClosed, !Self.lostConnection(error) { _ = try? query("ROLLBACK") }
            throw error
        }
    }
}
