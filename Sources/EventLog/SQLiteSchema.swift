import GRDB

/// The tables of the SQLite log. `PRAGMA user_version` is the schema version
/// and `application_id` marks the file as a ws log, so a stray SQLite file
/// is recognised as not ours instead of being written into.
enum SQLiteSchema {
    static let version = 9
    static let applicationId: Int32 = 0x7773_6C67 // "wslg"

    static let statements = [
        """
        CREATE TABLE events (
            seq INTEGER PRIMARY KEY,
            event_id TEXT NOT NULL UNIQUE,
            stream_id TEXT NOT NULL,
            stream_version INTEGER NOT NULL,
            type TEXT NOT NULL,
            schema_version INTEGER NOT NULL,
            payload TEXT NOT NULL,
            actor TEXT NOT NULL,
            time TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            UNIQUE (stream_id, stream_version)
        )
        """,
        "CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'ws events are append-only'); END",
        "CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'ws events are append-only'); END",
        """
        CREATE TABLE workstreams (
            id TEXT PRIMARY KEY, title TEXT NOT NULL, phase TEXT, owner TEXT, estimate REAL, brief TEXT,
            agent TEXT, blocked_reason TEXT, conflict TEXT, lifecycle TEXT NOT NULL, summary TEXT, next_steps TEXT,
            forced INTEGER NOT NULL DEFAULT 0, force_reason TEXT, cancel_reason TEXT,
            version INTEGER NOT NULL, position INTEGER NOT NULL, declared_at TEXT NOT NULL,
            started_at TEXT, closed_at TEXT, hours REAL NOT NULL DEFAULT 0
        ) WITHOUT ROWID
        """,
        "CREATE INDEX workstreams_position ON workstreams(position)",
        """
        CREATE TABLE tasks (
            workstream_id TEXT NOT NULL, task_id TEXT NOT NULL, position INTEGER NOT NULL,
            text TEXT NOT NULL, done INTEGER NOT NULL,
            PRIMARY KEY (workstream_id, task_id)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE dependencies (
            workstream_id TEXT NOT NULL, depends_on TEXT NOT NULL,
            PRIMARY KEY (workstream_id, depends_on)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX dependencies_reverse ON dependencies(depends_on, workstream_id)",
        """
        CREATE TABLE artifacts (
            workstream_id TEXT NOT NULL, name TEXT NOT NULL, position INTEGER NOT NULL,
            value TEXT, secret INTEGER NOT NULL, fingerprint TEXT, recorded_at TEXT NOT NULL,
            PRIMARY KEY (workstream_id, name)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE devlog (
            seq INTEGER PRIMARY KEY, workstream_id TEXT NOT NULL, kind TEXT NOT NULL, message TEXT NOT NULL,
            hours REAL, actor TEXT NOT NULL, time TEXT NOT NULL
        )
        """,
        "CREATE INDEX devlog_workstream ON devlog(workstream_id, seq)",
        // Bookkeeping of this clone (what was committed to git, which HEAD the journal was read at).
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
        "CREATE INDEX events_type ON events(type, seq)",
    ]

    /// Migrations, by the version they lead to. Schema 2: which documents ws last
    /// published for each workstream (a local cache). Schema 3: task counts kept
    /// on the workstream row, so listings need no aggregate. Schema 4: see below.
    static let migrations: [Int: [String]] = [2: version2, 3: version3, 4: version4, 5: version5, 6: version6, 7: version7, 8: version8,
                                          9: version9]

    /// Schema 9: each workstream's folder in the sharded layout (`DocumentLayout.shardNumber`), so the index
    /// summary's counts are SQL aggregates walked in index order (`IndexQueries`) and a page's rows are found
    /// without hashing every id. Filled by the replay `prepare` runs after a migration.
    static let version9 = [
        "ALTER TABLE workstreams ADD COLUMN shard INTEGER NOT NULL DEFAULT 0",
        "CREATE INDEX workstreams_shard ON workstreams(shard, lifecycle)",
        "CREATE INDEX workstreams_phase ON workstreams(phase, lifecycle, blocked_reason, agent, open_deps)",
        // The few rows the summary lists (`IndexQueries.listed`), without a scan of 10,000 (8 M instructions).
        "CREATE INDEX workstreams_listed ON workstreams(position) WHERE \(IndexQueries.listed)",
    ]

    /// Schema 8: leases and checks. The lease's length and the time of the holder's latest
    /// event (its expiry is derived from both), and the checks with their latest results as
    /// JSON (only `show`, documents and the decider read them, always whole). The read models
    /// are rebuilt after it.
    static let version8 = [
        "ALTER TABLE workstreams ADD COLUMN lease_minutes INTEGER",
        "ALTER TABLE workstreams ADD COLUMN lease_renewed_at TEXT",
        "ALTER TABLE workstreams ADD COLUMN checks TEXT",
        // Held workstreams with a lease, for `ready` to find the stale ones without a scan of every row.
        "CREATE INDEX workstreams_leased ON workstreams(position) WHERE lifecycle = 'open' AND agent IS NOT NULL AND lease_minutes IS NOT NULL",
        // The listing index covers the lease columns too, so `status` still never reads the rows.
        "DROP INDEX workstreams_listing",
        """
        CREATE INDEX workstreams_listing ON workstreams(position, id, title, phase, owner, estimate, agent,
            blocked_reason, conflict, lifecycle, tasks_done, tasks_total, open_deps, lease_minutes, lease_renewed_at)
        """,
    ]

    /// Schema 7: clones converge. Each event gets its Lamport clock (rows from before
    /// keep their order: clock = seq) and whether it was recorded here or came from
    /// another clone through git; workstreams keep who last set each register, and
    /// their conflicts as JSON. The read models are rebuilt after it (see `prepare`).
    static let version7 = [
        "DROP TRIGGER events_no_update",
        "ALTER TABLE events ADD COLUMN clock INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE events ADD COLUMN origin TEXT NOT NULL DEFAULT 'here'",
        "UPDATE events SET clock = seq",
        "CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'ws events are append-only'); END",
        "CREATE INDEX events_order ON events(clock, event_id)",
        "CREATE INDEX events_time ON events(time)",
        "ALTER TABLE workstreams ADD COLUMN registers TEXT",
    ]

    /// Schema 6: provisioned resources, one row each, the resource as JSON
    /// (only `show`, documents and the decider read them, always whole).
    static let version6 = [
        """
        CREATE TABLE provisions (
            workstream_id TEXT NOT NULL, provider TEXT NOT NULL, type TEXT NOT NULL, name TEXT NOT NULL,
            position INTEGER NOT NULL, body TEXT NOT NULL,
            PRIMARY KEY (workstream_id, provider, type, name)
        ) WITHOUT ROWID
        """,
    ]

    /// Schema 5: a covering index for listings, so `status` never reads the rows (briefs are long).
    static let version5 = [
        """
        CREATE INDEX workstreams_listing ON workstreams(position, id, title, phase, owner, estimate, agent,
            blocked_reason, conflict, lifecycle, tasks_done, tasks_total, open_deps)
        """,
    ]

    static let version2 = [
        "CREATE TABLE IF NOT EXISTS published (path TEXT PRIMARY KEY, workstream TEXT NOT NULL) WITHOUT ROWID",
        "CREATE INDEX IF NOT EXISTS published_workstream ON published(workstream)",
    ]

    static let version3 = [
        "ALTER TABLE workstreams ADD COLUMN tasks_done INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE workstreams ADD COLUMN tasks_total INTEGER NOT NULL DEFAULT 0",
        """
        UPDATE workstreams SET
            tasks_done = (SELECT count(*) FROM tasks t WHERE t.workstream_id = workstreams.id AND t.done),
            tasks_total = (SELECT count(*) FROM tasks t WHERE t.workstream_id = workstreams.id)
        """,
    ]

    /// Schema 4: how many dependencies are not completed, so `ready` is one index lookup.
    static let version4 = [
        "ALTER TABLE workstreams ADD COLUMN open_deps INTEGER NOT NULL DEFAULT 0",
        "UPDATE workstreams SET open_deps = \(SummaryColumns.openDependencyCount(of: "workstreams.id"))",
        """
        CREATE INDEX workstreams_ready ON workstreams(position)
            WHERE lifecycle = 'open' AND blocked_reason IS NULL AND agent IS NULL AND open_deps = 0
        """,
    ]

    static let readModelTables = ["workstreams", "tasks", "dependencies", "artifacts", "devlog", "provisions"]

    /// Creates the schema in a fresh file, or checks an existing one. A log
    /// that is current is only read; creating or migrating runs in an IMMEDIATE
    /// transaction, so two processes opening a new log do not both create it.
    static func prepare(_ db: Database, path: String, create: Bool) throws {
        if try Int.fetchOne(db.cachedStatement(sql: "PRAGMA user_version")) == version,
           try Int32.fetchOne(db.cachedStatement(sql: "PRAGMA application_id")) == applicationId { return }
        try db.inTransaction(.immediate) {
            let found = try Int.fetchOne(db.cachedStatement(sql: "PRAGMA user_version")) ?? 0
            let appId = try Int32.fetchOne(db.cachedStatement(sql: "PRAGMA application_id")) ?? 0
            let tableCount = try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM sqlite_master")) ?? 0
            if found == 0 && appId == 0 {
                guard tableCount == 0 else {
                    throw EventStoreError.notALog(path: path, detail: "it holds tables ws did not create")
                }
                guard create else {
                    throw EventStoreError.corrupt(path: path, detail: "the file is empty or holds no ws tables")
                }
                for sql in statements + version2 + version3 + version4 + version5 + version6 + version7 + version8
                            + version9 { try db.execute(sql: sql) }
                try db.execute(sql: "PRAGMA application_id = \(applicationId)")
                try db.execute(sql: "PRAGMA user_version = \(version)")
                return .commit
            }
            guard appId == applicationId else {
                throw EventStoreError.notALog(path: path, detail: "its application id is \(appId)")
            }
            guard found <= version else {
                throw EventStoreError.newerSchema(path: path, found: found, supported: version)
            }
            for next in (found + 1)...max(found + 1, version) where next <= version {
                for sql in migrations[next] ?? [] { try db.execute(sql: sql) }
                try db.execute(sql: "PRAGMA user_version = \(next)")
            }
            // Read models follow the rules of this version: replayed anew whenever the schema moved.
            if found < version { try LedgerRules.rebuildReadModels(in: SQLiteRows(db: db)) }
            return .commit
        }
    }
}
