/// Schema 6: an append takes the lock and reads what its command needs in ONE statement.
/// The lock and the read were two statements because in READ COMMITTED a statement reads the snapshot
/// taken when it starts: a read in the statement that waits for the lock would miss the commit of the
/// writer it waited for. A VOLATILE PL/pgSQL function takes a new snapshot for each statement it runs,
/// so its query, run once the lock is granted, sees every earlier commit, as the separate statement did.
/// PostgresNIO sends a statement only once the one before it is done, so the two were two round trips
/// with the lock held (`PostgresPrefetch`); the function answers in one, and its plan is kept by the
/// session across the appends of one connection.
/// With the writes in one statement too (`PostgresWriteBatch`), 16 release ws-loadgen x 200 appends on one
/// loopback server, alternated with main's, load 2.3-2.4: 615-719 appends/s before, 722-927 after; one
/// process alone 621-713/s before, 840-891 after; context switches of the whole run 44-45 an append before,
/// 35-37 with the batch alone, 28-30 with both (`perf stat`).
extension PostgresSchema {
    static let version6 = [
        appendBegin,
        // A schema-5 writer reads without the function; it is still correct, but one schema writes a log.
        writerFence(schema: 6),
    ]

    /// The lock, the settings `PostgresDurability.lock` sets, then the rows `PostgresPrefetch.fetch` reads:
    /// the head, the last event in the total order, each id's document and stream version (one row when
    /// there is no id). `writer` is the schema the caller writes (see `writerFence`).
    static let appendBegin = """
        CREATE OR REPLACE FUNCTION ws_append_begin(ids text[], genesis text, writer text)
        RETURNS TABLE (head_seq bigint, head_hash text, last_clock bigint, last_event_id text, last_time text,
                       subject text, subject_doc text, subject_version bigint)
        LANGUAGE plpgsql VOLATILE AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock(\(appendLockKey));
            PERFORM set_config('ws.writer_schema', writer, true), set_config('synchronous_commit', 'off', true);
            RETURN QUERY \(appendRead);
        END $$
        """

    /// The head, the last event in the total order, and each of `ids`' document and stream version.
    static let appendRead = """
        WITH h AS (SELECT e.seq, e.hash FROM events e ORDER BY e.seq DESC LIMIT 1),
             l AS (SELECT e.clock, e.event_id, e.time FROM events e
                   ORDER BY e.clock DESC, e.event_id DESC LIMIT 1)
        SELECT COALESCE((SELECT h.seq FROM h), 0::bigint), COALESCE((SELECT h.hash FROM h), genesis),
               (SELECT l.clock FROM l), (SELECT l.event_id FROM l), (SELECT l.time FROM l), t.id, w.doc,
               (SELECT MAX(e.stream_version) FROM events e WHERE e.stream_id = t.id)
        FROM (SELECT 1) AS one LEFT JOIN unnest(ids) AS t(id) ON true LEFT JOIN workstreams w ON w.id = t.id
        """
}
