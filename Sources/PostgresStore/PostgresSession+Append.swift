import PostgresNIO

/// An append in as few statements as the server allows (schema 7, `ws_append_lock` and `ws_append_commit`):
/// the body's first statement takes the append lock at session level and reads; the body decides; its writes,
/// held back as one statement (`PostgresWriteBatch`), go with the commit, the unlock and the flush in one call.
/// A body that needs more than that (a read after the lock, a write that cannot join the batch) opens the
/// transaction it needs at its first such statement, and the append ends as `transaction` ends one, then
/// releases the lock. Either way the lock is held from the read until the writes are committed.
extension PostgresSession {
    enum AppendState {
        /// No append holds the session-level lock.
        case none
        /// The body's first statement takes the lock (`ws_append_lock`).
        case awaitingLock
        /// The lock is held; nothing was sent since, so no transaction is open.
        case lockedOutsideTransaction
        /// The lock is held and a transaction is open (`openTransactionIfLocked`).
        case lockedInTransaction
    }

    /// Runs `body` as one append holding the session-level lock; its first statement must take it
    /// (`PostgresPrefetch.fetch`). All of it commits, or none, and the lock is released either way.
    func appendTransaction<T>(_ body: () throws -> T) throws -> T {
        appendState = .awaitingLock
        do {
            let result = try body()
            try finishAppend()
            return result
        } catch {
            let state = appendState
            appendState = .none
            batch = PostgresWriteBatch()
            try? drainSent()
            // A session lock outlives a failed statement: released here, or by the server with the connection.
            if !connection.isClosed, !Self.lostConnection(error) {
                if state == .lockedInTransaction { _ = try? query("ROLLBACK") }
                _ = try? query(PostgresDurability.unlock)
            }
            throw error
        }
    }

    /// Before a statement other than the held writes goes out while the lock is held: the transaction the
    /// rest of the append runs in, with the settings `transaction` gives a write (the lock is this session's).
    func openTransactionIfLocked() {
        guard appendState == .lockedOutsideTransaction else { return }
        appendState = .lockedInTransaction
        for statement in [PostgresDurability.begin, PostgresDurability.lock] {
            sent.append(connection.query(PostgresQuery(unsafeSQL: statement), logger: logger))
        }
    }

    private func finishAppend() throws {
        if appendState != .lockedInTransaction, let (sql, arguments, _) = batch.take() {
            if let text = PostgresWriteBatch.asText(sql, arguments) {
                appendState = .none
                try Self.committing(url) {
                    try query("CALL ws_append_commit($1, $2, $3)", [text.sql, text.values, String(PostgresSchema.version)])
                }
                return
            }
            openTransactionIfLocked()
            let held = PostgresQuery(unsafeSQL: sql, binds: Self.bindings(arguments))
            sent.append(connection.query(held, logger: logger))
        }
        let inTransaction = appendState == .lockedInTransaction
        appendState = .none
        try Self.committing(url) { try pipelined((inTransaction ? ["COMMIT"] : []) + [PostgresDurability.unlockAndFlush]) }
    }
}
