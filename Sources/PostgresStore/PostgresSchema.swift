import EventLog

/// The tables of the PostgreSQL log and their migrations. `ws_schema` holds
/// the schema version and marks the database as a ws log, so a database of
/// another application, or of a newer ws, is refused before anything is written.
enum PostgresSchema {
    static let version = 9
    static let application = "ws"
    /// The advisory lock every write holds until it commits: appends are
    /// serialized, so sequence order is commit order and never has a gap.
    static let appendLockKey: Int64 = 0x7773_6C67

    /// Schema 1: the events table as in SQLite (same columns, constraints and
    /// triggers), the read models, and this clone's bookkeeping.
    static let version1 = [
        "CREATE TABLE ws_schema (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row), application text NOT NULL, version integer NOT NULL)",
        """
        CREATE TABLE events (
            seq bigint PRIMARY KEY CHECK (seq > 0),
            event_id text NOT NULL UNIQUE,
            stream_id text NOT NULL,
            stream_version bigint NOT NULL CHECK (stream_version > 0),
            type text NOT NULL,
            schema_version integer NOT NULL,
            payload text NOT NULL,
            actor text NOT NULL,
            time text NOT NULL,
            prev_hash text NOT NULL,
            hash text NOT NULL,
            UNIQUE (stream_id, stream_version)
        )
        """,
        "CREATE INDEX events_type ON events(type, seq)",
        """
        CREATE FUNCTION ws_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'ws events are append-only'; END $$
        """,
        "CREATE TRIGGER events_no_update BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION ws_events_append_only()",
        "CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION ws_events_append_only()",
        // Each workstream's folded state as one JSON document: a read is one row, a decision loads only what it names.
        "CREATE TABLE workstreams (id text PRIMARY KEY, position bigint NOT NULL, doc text NOT NULL)",
        "CREATE INDEX workstreams_position ON workstreams(position)",
        "CREATE TABLE dependencies (workstream_id text NOT NULL, depends_on text NOT NULL, PRIMARY KEY (workstream_id, depends_on))",
        "CREATE INDEX dependencies_reverse ON dependencies(depends_on, workstream_id)",
        """
        CREATE TABLE devlog (seq bigint PRIMARY KEY, workstream_id text NOT NULL, kind text NOT NULL, message text NOT NULL,
            hours double precision, actor text NOT NULL, time text NOT NULL)
        """,
        "CREATE INDEX devlog_workstream ON devlog(workstream_id, seq)",
        // Bookkeeping per clone: several machines share the log, each commits its own documents.
        "CREATE TABLE meta (clone text NOT NULL, key text NOT NULL, value text NOT NULL, PRIMARY KEY (clone, key))",
        "CREATE TABLE published (clone text NOT NULL, path text NOT NULL, workstream text NOT NULL, PRIMARY KEY (clone, path))",
        "CREATE INDEX published_workstream ON published(clone, workstream)",
    ]

    /// Migrations, by the version they lead to.
    static let migrations: [Int: [String]] = [1: version1, 2: version2, 3: version3, 4: version4, 5: version5,
                                              6: version6, 7: version7, 8: version8,
                                              9: version9]

    /// Schema 2: clones converge (as SQLite's schema 7): each event's Lamport clock
    /// (older rows keep their order, clock = seq) and where it was recorded. The
    /// read models are replayed after it (see `prepare`).
    static let version2 = [
        "ALTER TABLE events DISABLE TRIGGER events_no_update",
        "ALTER TABLE events ADD COLUMN clock bigint NOT NULL DEFAULT 0",
        "ALTER TABLE events ADD COLUMN origin text NOT NULL DEFAULT 'here'",
        "UPDATE events SET clock = seq",
        "ALTER TABLE events ENABLE TRIGGER events_no_update",
        "CREATE INDEX events_order ON events(clock, event_id)",
        "CREATE INDEX events_time ON events(time)",
    ]
    /// Schema 3: the query columns and indexes SQLite's workstreams table has (`SummaryColumns`), so
    /// status, ready and stale leases read rows, not every document. Filled by the replay after it.
    static let version3 = [
        """
        ALTER TABLE workstreams ADD COLUMN title text NOT NULL DEFAULT '', ADD COLUMN phase text, ADD COLUMN owner text,
            ADD COLUMN estimate double precision, ADD COLUMN agent text, ADD COLUMN blocked_reason text, ADD COLUMN conflict text,
            ADD COLUMN lifecycle text NOT NULL DEFAULT 'open', ADD COLUMN tasks_done bigint NOT NULL DEFAULT 0,
            ADD COLUMN tasks_total bigint NOT NULL DEFAULT 0, ADD COLUMN open_deps bigint NOT NULL DEFAULT 0,
            ADD COLUMN lease_minutes double precision, ADD COLUMN lease_renewed_at text
        """,
        "CREATE INDEX workstreams_ready ON workstreams(position) WHERE \(SummaryColumns.ready)",
        "CREATE INDEX workstreams_leased ON workstreams(position) WHERE \(SummaryColumns.leased)",
        // A release that knows only schema 2 would append without filling the query columns (held work listed
        // as ready). Every write of this release names its schema in the transaction (`writerSchema`); an
        // insert that does not is refused, so an older ws still running during an upgrade fails, loud and safe.
        // A later schema replaces this function with its own number.
        writerFence(schema: 3),
        """
        CREATE TRIGGER events_writer_schema BEFORE INSERT ON events FOR EACH ROW
            EXECUTE FUNCTION ws_events_writer_schema()
        """,
    ]
    static let readModelTables = ["workstreams", "dependencies", "devlog"]

    /// Creates the schema in an empty database, migrates an older one, or
    /// refuses a database that is not a ws log or is newer than this ws.
    static func prepare(_ session: PostgresSession, create: Bool) throws {
        let shown = session.url.redacted
        if try current(session) == version { return }
        try session.transaction(write: true) {
            guard let found = try current(session) else {
                let foreign = try session.value("""
                    SELECT count(*)::bigint FROM pg_tables WHERE schemaname = current_schema()
                      AND tablename IN ('events', 'workstreams', 'dependencies', 'devlog', 'meta', 'published')
                    """, as: Int64.self) ?? 0
                guard foreign == 0 else {
                    throw EventStoreError.notALog(path: shown, detail: "it holds tables named like ws's but no ws_schema table")
                }
                guard create else { throw EventStoreError.notInitialized(path: shown) }
                try migrate(session, from: 0)
                return
            }
            guard found <= version else { throw EventStoreError.newerSchema(path: shown, found: found, supported: version) }
            try migrate(session, from: found)
            try LedgerRules.rebuildReadModels(in: PostgresRows(session: session, clone: ""))
        }
    }

    private static func migrate(_ session: PostgresSession, from found: Int) throws {
        for next in (found + 1)...max(found + 1, version) where next <= version {
            for sql in migrations[next] ?? [] { try session.query(sql) }
            try session.query("""
                INSERT INTO ws_schema (only_row, application, version) VALUES (true, $1, $2)
                ON CONFLICT (only_row) DO UPDATE SET version = EXCLUDED.version
                """, [application, Int64(next)])
        }
    }

    /// The schema version, nil when the database has no ws_schema table.
    private static func current(_ session: PostgresSession) throws -> Int? {
        let exists = try session.value("SELECT to_regclass('ws_schema') IS NOT NULL", as: Bool.self) ?? false
        guard exists else { return nil }
        guard let row = try session.query("SELECT application, version::bigint FROM ws_schema").first else { return nil }
        let (app, found) = try session.decoded(row, as: (String, Int64).self)
        guard app == application else {
            throw EventStoreError.notALog(path: session.url.redacted, detail: "its ws_schema table belongs to '\(app)'")
        }
        return Int(found)
    }
}
