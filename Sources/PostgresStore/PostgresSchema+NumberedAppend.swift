/// Schema 9: an append whose decision reads only the streams it writes (`LedgerRules.readsOnlyItsStreams`: a
/// devlog entry, a task, a renewal) is numbered in the server. The client reads without the lock
/// (`ws_append_peek`), decides, and sends the events with their clocks and stream versions; `ws_append_numbered`
/// takes the lock, checks that each stream is still at the version read (else SQLSTATE 40001, and the client runs
/// the append again under the lock from its read), numbers and chains the events in SQL, runs the read-model
/// writes, commits and releases the lock. The lock is held for server work only: with schema 7 it was held across
/// a client round trip (the read's answer, the decision, the writes' arrival), five wake-ups among 16 writers; 16
/// processes appended 737-843 events/s, latency-bound (30-37 % of both cores idle, 26 context switches an append).
///
/// The same guarantees: sequence numbers are given under the lock, in commit order, without a gap; a stream's
/// versions never skip or repeat (checked under the lock, and by the table's key); an event's clock is one past
/// the greatest the client read, so every event it saw, and every earlier event of its stream, sorts before it
/// (two concurrent appends may share a clock: equal clocks are ordered by event id, as imported events are).
/// The hash is `HashChain.hash` written in SQL (fields joined by U+001F, the clock only where it differs from the
/// sequence); the client recomputes every hash it is given (`PostgresSession.numberedAppend`), and `ws verify`
/// recomputes the chain.
extension PostgresSchema {
    static let version9 = [
        appendPeek,
        appendNumbered,
        // A schema-8 writer numbers on the client: both would be serialized by the one lock, but one schema writes.
        writerFence(schema: 9),
    ]

    /// What `ws_append_lock` reads, without the lock: one statement, so one snapshot.
    static let appendPeek = appendReadFunction("ws_append_peek", volatility: "STABLE", first: "")

    /// The events (one array per column, `origin` for all), the version each written stream must be at, the
    /// read-model writes (`sql` over `args`, as `ws_append_commit` takes them) and their sequence slots: element
    /// `slot_elements[k]` of `args` is the sequence number of event `slot_events[k]` (a devlog row's key, the
    /// commit requested), known only once numbered. Returns each event's sequence number and hash, and the hash
    /// the first one follows. The encoding check keeps the hash's bytes those of `HashChain.hash` (UTF-8).
    static let appendNumbered = """
        CREATE OR REPLACE PROCEDURE ws_append_numbered(
            event_ids text[], streams text[], versions bigint[], types text[], schema_versions bigint[],
            payloads text[], actors text[], times text[], clocks bigint[], origin text,
            checked_streams text[], checked_versions bigint[],
            sql text, args text[], slot_elements bigint[], slot_events bigint[], writer text, genesis text,
            INOUT seqs bigint[] DEFAULT NULL, INOUT hashes text[] DEFAULT NULL, INOUT first_prev text DEFAULT NULL)
        LANGUAGE plpgsql AS $$
        DECLARE
            head bigint;
            prev text;
            found_version bigint;
            digest text;
            prepared text;
        BEGIN
            IF current_setting('server_encoding') <> 'UTF8' THEN
                RAISE EXCEPTION 'the database is not UTF8' USING ERRCODE = '0A000';
            END IF;
            PERFORM set_config('ws.writer_schema', writer, true), set_config('synchronous_commit', 'off', true);
            PERFORM pg_advisory_xact_lock(\(appendLockKey));
            FOR i IN 1 .. COALESCE(array_length(checked_streams, 1), 0) LOOP
                SELECT COALESCE(MAX(e.stream_version), 0) INTO found_version
                FROM events e WHERE e.stream_id = checked_streams[i];
                IF found_version <> checked_versions[i] THEN
                    RAISE EXCEPTION 'stream % moved from version % to %', checked_streams[i], checked_versions[i],
                        found_version USING ERRCODE = '40001';
                END IF;
            END LOOP;
            SELECT e.seq, e.hash INTO head, prev FROM events e ORDER BY e.seq DESC LIMIT 1;
            head := COALESCE(head, 0);
            prev := COALESCE(prev, genesis);
            first_prev := prev;
            seqs := '{}';
            hashes := '{}';
            FOR i IN 1 .. COALESCE(array_length(event_ids, 1), 0) LOOP
                head := head + 1;
                digest := encode(sha256(convert_to(concat_ws(E'\\x1f', prev, head::text, event_ids[i], streams[i],
                    versions[i]::text, types[i], schema_versions[i]::text, actors[i], times[i], payloads[i],
                    CASE WHEN clocks[i] <> head THEN clocks[i]::text END), 'UTF8')), 'hex');
                INSERT INTO events (seq, event_id, stream_id, stream_version, type, schema_version, payload, actor,
                    time, prev_hash, hash, clock, origin)
                VALUES (head, event_ids[i], streams[i], versions[i], types[i], schema_versions[i], payloads[i],
                    actors[i], times[i], prev, digest, clocks[i], origin);
                seqs := seqs || head;
                hashes := hashes || digest;
                prev := digest;
            END LOOP;
            FOR k IN 1 .. COALESCE(array_length(slot_elements, 1), 0) LOOP
                args[slot_elements[k]::integer] := seqs[slot_events[k]::integer]::text;
            END LOOP;
            IF sql IS NOT NULL THEN
                -- The writes of one kind of append are the same text every time: prepared once a session and
                -- run with its plan kept (EXECUTE of the text parsed and planned it on every call: 14 % of all
                -- CPU of 16 writers), the values one text[] literal.
                prepared := 'ws_append_' || md5(sql);
                IF NOT EXISTS (SELECT 1 FROM pg_prepared_statements p WHERE p.name = prepared) THEN
                    EXECUTE format('PREPARE %I (text[]) AS %s', prepared, sql);
                END IF;
                EXECUTE format('EXECUTE %I (%L)', prepared, args);
            END IF;
            COMMIT;
            PERFORM pg_logical_emit_message(true, 'ws', 'durable');
        END $$
        """
}
