/// How a write transaction begins and ends so that the disk flush is not
/// part of the append lock's critical section, while a writer still
/// acknowledges only what is durable.
///
/// An append holds the advisory lock until its transaction ends, and with
/// `synchronous_commit` on, PostgreSQL releases it only after flushing the
/// commit record (RecordTransactionCommit flushes, then locks are released):
/// every writer waited for the previous writer's disk flush. So the write
/// transaction commits with `synchronous_commit` off (the lock is released
/// once the commit record is in the WAL buffers) and, sent with the COMMIT (pipelined),
/// a second, tiny transaction with the session's `synchronous_commit` (on)
/// waits for the flush: it writes a transactional logical message, which
/// takes a transaction id and writes WAL, the two conditions under which
/// RecordTransactionCommit flushes (PostgreSQL 15, xact.c; measured:
/// pg_stat_wal.wal_sync counts one sync per such statement, none for a
/// non-transactional message or a plain SELECT). WAL is one ordered stream,
/// so flushing through that later commit flushes the append's commit too;
/// concurrent writers' flushes coalesce (group commit). The logical message
/// needs no table and no privilege beyond connecting (checked as a
/// non-superuser) and is never decoded by ws. What changes: another reader
/// may see an event up to one flush before its writer acknowledges it
/// (docs/reliability.md).
enum PostgresDurability {
    /// Sent back to back: the transaction, then `lock` (unless the transaction's first statement takes it,
    /// as `ws_append_begin` does).
    static let begin = "BEGIN ISOLATION LEVEL READ COMMITTED"

    /// The append lock, the schema this writer keeps (see `ws_events_writer_schema`), and the commit that
    /// does not wait for the disk.
    static let lock = """
        SELECT pg_advisory_xact_lock(\(PostgresSchema.appendLockKey)), \
        set_config('ws.writer_schema', '\(PostgresSchema.version)', true), \
        set_config('synchronous_commit', 'off', true)
        """

    /// Sent back to back: the commit (releasing the lock), then the flush through it. If the second
    /// statement fails, the transaction is committed but not known durable: the writer reports an error,
    /// as for a connection lost during COMMIT.
    static let commit = ["COMMIT", "SELECT pg_logical_emit_message(true, 'ws', 'durable')"]

    /// What ends an append that holds the lock at session level (`PostgresSession.appendTransaction`) after its
    /// transaction committed: the lock released first, then the flush, as `commit` does.
    static let unlockAndFlush = """
        SELECT pg_advisory_unlock(\(PostgresSchema.appendLockKey)), pg_logical_emit_message(true, 'ws', 'durable')
        """

    /// Releases the session-level lock after a failure (false, with a warning, when it is not held).
    static let unlock = "SELECT pg_advisory_unlock(\(PostgresSchema.appendLockKey))"
}
