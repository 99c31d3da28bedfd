/// Schema 4: listings of 10,000 workstreams read narrow rows. Each row carries its dependencies
/// (the array a summary lists, in code-point order as SQLite returns them), so `status` is one scan
/// with no join; and a row long enough to be toasted (past about 2 kB) is cut down to 128 bytes, its
/// document stored aside, so that scan reads less (the heap at 10,000 workstreams: 28 MB before, 12 MB
/// after a VACUUM FULL). Filled by the replay `prepare` runs after a migration (it rewrites every row).
extension PostgresSchema {
    static let version4 = [
        "ALTER TABLE workstreams ADD COLUMN IF NOT EXISTS depends_on text[] NOT NULL DEFAULT '{}'",
        "ALTER TABLE workstreams SET (toast_tuple_target = 128)",
        // A schema-3 writer would save workstreams without their dependency column.
        writerFence(schema: 4),
    ]

    /// The function behind the trigger `events_writer_schema`: an insert whose transaction does not name
    /// `schema` as its writer's (see `PostgresSession.transaction`) is refused, with a message saying why.
    static func writerFence(schema: Int) -> String {
        """
        CREATE OR REPLACE FUNCTION ws_events_writer_schema() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF current_setting('ws.writer_schema', true) IS DISTINCT FROM '\(schema)' THEN
                RAISE EXCEPTION 'this ws log was upgraded to schema \(schema) by a newer ws; upgrade ws to write to it';
            END IF;
            RETURN NEW;
        END $$
        """
    }

    /// The dependencies as a summary lists them: byte order of their UTF-8, which is SQLite's (BINARY) order.
    static func listed(_ dependencies: [String]) -> [String] {
        dependencies.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
