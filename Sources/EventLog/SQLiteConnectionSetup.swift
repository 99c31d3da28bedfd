import GRDB
import GRDBSQLite

/// How every process opens the log, tuned for the one-append path (a process that opens the
/// log, appends one event and exits), without weakening what a commit guarantees.
///
/// - WAL mode is set here instead of through GRDB's `journalMode = .wal`, whose set-up also
///   commits a throwaway `CREATE TABLE`/`DROP TABLE` whenever the `-wal` file is missing or
///   empty (a workaround for `DatabasePool` readers, which ws does not use): on every process,
///   since the last connection's close removes the WAL. That write parsed the schema, changed
///   it twice and wrote WAL frames before the real work began.
/// - The WAL is persistent (`SQLITE_FCNTL_PERSIST_WAL`) and the close still checkpoints, then
///   truncates it to zero bytes (`journal_size_limit` is set) instead of deleting it. So the
///   log is still one file at rest, but the next process reuses the `-wal` and `-shm` files
///   instead of unlinking and re-creating them. (Its first commit still fsyncs the folder: SQLite
///   does so for any WAL it opened with O_CREAT, existing or not; strace of one `ws log`, 0.07 ms.)
/// - The checkpoint at close stays, although it costs two of a `ws log`'s five fsyncs: without it
///   (`SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE`, tried) every process is the WAL's first connection, so
///   SQLite rebuilds the WAL index by reading the whole WAL, and forgets what was checkpointed, so
///   the WAL is never restarted: 300 appends grew it to 20 MB and a `ws log` from 5.3 to 8-12.6 ms
///   of CPU as it grew (perf stat, 100-workstream plan), whatever `wal_autocheckpoint` said. Tried again with
///   an explicit `wal_checkpoint(TRUNCATE)` whenever a process found the WAL past 256 KB: two fsyncs a process
///   instead of five, a `ws log` median of 5.50 against 5.68-5.74 ms (hyperfine, 300 runs, fsync costs 0.1-0.5 ms
///   on this host). Not kept: the log would no longer be one file at rest. A copy of `log.sqlite` would miss
///   acknowledged events, and a WAL left beside a log moved away (the way back from a damaged log) would be
///   replayed into the new one.
enum SQLiteConnectionSetup {
    /// The WAL is truncated to this size after a checkpoint in a long-running process; at close
    /// it is truncated to zero whatever this says (SQLite's `sqlite3WalClose`).
    static let walSizeLimit = 4 << 20

    static func configuration(durability: SQLiteEventStore.Durability, readOnly: Bool) -> Configuration {
        var config = Configuration()
        config.busyMode = .timeout(60)
        config.readonly = readOnly
        // FULL: an acknowledged append survives power loss, not only a killed process.
        let synchronous = durability == .full ? "FULL" : "NORMAL"
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
            if !readOnly { try prepareWAL(db) }
        }
        return config
    }

    private static func prepareWAL(_ db: Database) throws {
        var persist: Int32 = 1
        _ = sqlite3_file_control(db.sqliteConnection, nil, SQLITE_FCNTL_PERSIST_WAL, &persist)
        // A no-op (no write) on a log already in WAL mode: the mode is kept in the file.
        let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
        guard mode == "wal" else {
            throw DatabaseError(message: "could not put the log in WAL mode (journal mode \(mode ?? "unknown"))")
        }
        try db.execute(sql: "PRAGMA journal_size_limit = \(walSizeLimit)")
    }
}
