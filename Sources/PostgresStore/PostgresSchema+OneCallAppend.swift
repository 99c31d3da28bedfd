/// Schema 7: an append in two statements instead of five (BEGIN, `ws_append_begin`, the writes, COMMIT, the flush).
/// `ws_append_lock` takes the append lock at SESSION level and reads what `ws_append_begin` reads, in its own
/// autocommit statement; the client decides; `ws_append_commit` runs the writes (one statement, as
/// `PostgresWriteBatch` makes it), commits, releases the lock and waits for the flush, in ONE call. The lock is
/// held from the read to the commit as before, so the append is as serialized as it was (gap-free, visible in
/// commit order, no lost update), but no statement of it waits for the client while the lock is held except the
/// read's answer, and the server does three statements fewer. A session lock survives the statement that took it:
/// the client releases it after any failure (`PostgresSession.appendTransaction`); a connection that goes away
/// releases it in the server.
///
/// Why not optimistic (read without the lock, check at write): every new event is chained to the head's hash and
/// clocked after the log's greatest clock, and its content id covers that clock, so the read set of every append
/// includes the head, which 16 writers change between any read and write: nearly every append would retry.
extension PostgresSchema {
    static let version7 = [
        appendLock,
        appendCommit,
        listingRowCached,
        // A schema-6 writer would still be serialized (the two locks are one advisory lock), but one schema writes.
        writerFence(schema: 7),
    ]

    /// What `ws_append_begin` reads (see it), once the session-level lock is granted. Its plan is the session's
    /// generic plan: left to choose, PostgreSQL planned the query again on every call (a custom plan for one id
    /// is estimated cheaper than the generic one), 7.7 % of all CPU in a profile of the 16-process appends.
    static let appendLock = appendReadFunction("ws_append_lock", volatility: "VOLATILE",
                                               first: "PERFORM pg_advisory_lock(\(appendLockKey));")

    /// A function named `name` that runs `first` (the lock, or nothing), then returns what `appendRead` reads.
    static func appendReadFunction(_ name: String, volatility: String, first: String) -> String {
        """
        CREATE OR REPLACE FUNCTION \(name)(ids text[], genesis text)
        RETURNS TABLE (head_seq bigint, head_hash text, last_clock bigint, last_event_id text, last_time text,
                       subject text, subject_doc text, subject_version bigint)
        LANGUAGE plpgsql \(volatility) SET plan_cache_mode = force_generic_plan AS $$
        BEGIN
            \(first)
            RETURN QUERY \(appendRead);
        END $$
        """
    }

    /// The writes (`sql`, every value a `$1[n]` of `args`), committed without waiting for the disk, then the lock
    /// released, then a transactional logical message whose commit, at the session's `synchronous_commit`, waits
    /// for the flush through the append's commit (see `PostgresDurability`). The caller holds the lock.
    static let appendCommit = """
        CREATE OR REPLACE PROCEDURE ws_append_commit(sql text, args text[], writer text)
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM set_config('ws.writer_schema', writer, true), set_config('synchronous_commit', 'off', true);
            EXECUTE sql USING args;
            COMMIT;
            PERFORM pg_advisory_unlock(\(appendLockKey));
            PERFORM pg_logical_emit_message(true, 'ws', 'durable');
        END $$
        """
}
