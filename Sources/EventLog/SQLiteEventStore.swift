import Foundation
import GRDB

/// The embedded log: one SQLite file in WAL mode. Every write runs in a
/// BEGIN IMMEDIATE transaction, so writers queue on SQLite's lock (with a
/// busy timeout) and each decision is made on the latest state.
public final class SQLiteEventStore: EventStore {
    public let path: String
    let queue: DatabaseQueue

    /// Opens the log at `path`; with `create`, makes it when it does not exist.
    /// How hard a commit waits for the disk. `full` (the default) fsyncs the
    /// WAL on every commit: an acknowledged event survives power loss. `normal`
    /// survives any crash of ws itself (`kill -9` included) but may lose the
    /// last commits on power loss, and appends several times faster.
    public enum Durability: String, Sendable { case full, normal }

    /// True when the log was opened to be read only, because it cannot be written (`readOnlyIfUnwritable`).
    public let isReadOnly: Bool
    /// Why the log cannot be written, when it cannot (for the message of a write that fails).
    let unwritable: String?

    /// `readOnlyIfUnwritable`: for a command that only reads, a log on a read-only file system (or in
    /// a folder this user may not write) is opened read-only instead of failing; any write then fails.
    public init(path: String, create: Bool = false, durability: Durability = .full, readOnlyIfUnwritable: Bool = false) throws {
        self.path = path
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists && !create { throw EventStoreError.notInitialized(path: path) }
        // Opening would write a header into an empty file: refuse before touching it.
        if exists && !create, let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber, size.intValue == 0 {
            throw EventStoreError.corrupt(path: path, detail: "the file is empty")
        }
        if exists && !create { try SQLiteFileCheck.checkLength(path) }
        var config = Configuration()
        config.journalMode = .wal
        config.busyMode = .timeout(60)
        // FULL: an acknowledged append survives power loss, not only a killed process.
        let synchronous = durability == .full ? "FULL" : "NORMAL"
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = \(synchronous)") }
        let unwritable = SQLiteFileAccess.problem(path)
        self.unwritable = unwritable
        isReadOnly = readOnlyIfUnwritable && !create && unwritable != nil
        do {
            if isReadOnly {
                config.readonly = true
                let target = SQLiteFileAccess.readOnlyTarget(path)
                queue = try DatabaseQueue(path: target.path, configuration: config)
            } else {
                queue = try DatabaseQueue(path: path, configuration: config)
            }
            try queue.writeWithoutTransaction { db in try SQLiteSchema.prepare(db, path: path, create: create) }
        } catch {
            throw SQLiteErrors.map(error, path: path, unwritable: unwritable, creating: create)
        }
    }

    /// Runs `body` in one IMMEDIATE transaction: all of it commits, or none.
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw EventStoreError.io("internal: transaction returned nothing") }
                return result
            }
        } catch {
            throw SQLiteErrors.map(error, path: path, unwritable: unwritable)
        }
    }

    /// Runs `body` on one consistent snapshot.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try queue.read(body) } catch { throw SQLiteErrors.map(error, path: path) }
    }

    public func append(_ events: [NewEvent], expecting: [String: ExpectedVersion]) throws -> [RecordedEvent] {
        try write { db in try Self.append(events, expecting: expecting, in: db) }
    }

    public func events(after: Int64 = 0, limit: Int? = nil) throws -> [RecordedEvent] {
        try read { db in try Self.events(in: db, after: after, limit: limit) }
    }

    public func head() throws -> (seq: Int64, hash: String) {
        try read { db in try Self.head(in: db) }
    }

    // MARK: - Inside a transaction

    static func append(_ events: [NewEvent], expecting: [String: ExpectedVersion], in db: Database) throws -> [RecordedEvent] {
        try LedgerRules.append(events, expecting: expecting, in: SQLiteRows(db: db)).events
    }

    /// The greatest clock in the log (0 when empty): a new event is clocked after it.
    static func maxClock(in db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(clock) FROM events")) ?? 0
    }

    static func insertRow(_ r: RecordedEvent, origin: String, in db: Database) throws {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO events (seq, event_id, stream_id, stream_version, type, schema_version, payload, actor, time, prev_hash, hash, clock, origin)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try insert.execute(arguments: [r.seq, r.eventId, r.stream, r.version, r.type, r.schemaVersion, r.payload,
                                       r.actor, r.time, r.prevHash, r.hash, r.clock, origin])
    }

    static func head(in db: Database) throws -> (seq: Int64, hash: String) {
        if let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")) {
            return (row["seq"], row["hash"])
        }
        return (0, HashChain.genesis)
    }

    static func streamVersion(_ stream: String, in db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(stream_version) FROM events WHERE stream_id = ?"), arguments: [stream]) ?? 0
    }

    static func event(withId id: String, in db: Database) throws -> RecordedEvent? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM events WHERE event_id = ?"), arguments: [id]).map(recorded)
    }

    static func events(in db: Database, after: Int64 = 0, upTo: Int64? = nil, stream: String? = nil, limit: Int? = nil) throws -> [RecordedEvent] {
        var sql = "SELECT * FROM events WHERE seq > ?"
        var args: [(any DatabaseValueConvertible)?] = [after]
        if let upTo { sql += " AND seq <= ?"; args.append(upTo) }
        if let stream { sql += " AND stream_id = ?"; args.append(stream) }
        // The total order every clone computes alike; `seq` is only this clone's order of arrival.
        sql += " ORDER BY clock, event_id"
        if let limit { sql += " LIMIT \(limit)" }
        return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: StatementArguments(args)).map(recorded)
    }

    static func recorded(_ row: Row) -> RecordedEvent {
        // By position (the column order of `events`): name lookups cost more than the rest on a million rows.
        RecordedEvent(seq: row[0], eventId: row[1], stream: row[2], version: row[3], type: row[4], schemaVersion: row[5],
                      payload: row[6], actor: row[7], time: row[8], prevHash: row[9], hash: row[10], clock: row[11], origin: row[12])
    }
}

/// A log file cut short (a bad copy, a truncated restore) can still open and
/// answer from its first pages; its header says how long it must be, so a
/// command refuses it up front instead of showing part of the log.
enum SQLiteFileCheck {
    static func checkLength(_ path: String) throws {
        // A WAL with frames may still hold the tail of an interrupted checkpoint: SQLite recovers that itself.
        if let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? NSNumber, wal.intValue > 0 { return }
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 100), header.count == 100,
              header.starts(with: Array("SQLite format 3".utf8) + [0]) else { return }
        let bytes = [UInt8](header)
        func be(_ at: Int, _ n: Int) -> Int { (at..<at + n).reduce(0) { $0 << 8 | Int(bytes[$1]) } }
        let pageSize = be(16, 2) == 1 ? 65_536 : be(16, 2)
        let pages = be(28, 4)
        // The page count is only meaningful while the change counter matches its version-valid-for number.
        guard pages > 0, be(24, 4) == be(92, 4) else { return }
        let size = (try? handle.seekToEnd()).map(Int.init) ?? 0
        if size < pages * pageSize {
            throw EventStoreError.corrupt(path: path, detail: "the file has \(size) bytes where its header promises \(pages * pageSize): it was cut short")
        }
    }
}

/// Every SQLite failure goes through here, so the CLI sees one typed error.
enum SQLiteErrors {
    /// `unwritable`: why the log cannot be written, when that is known: SQLite's own words
    /// ("unable to open database file") do not say it.
    static func map(_ error: Error, path: String, unwritable: String? = nil, creating: Bool = false) -> Error {
        if error is EventStoreError { return error }
        guard let e = error as? DatabaseError else { return error }
        if let unwritable, creating, [.SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_IOERR].contains(e.resultCode) {
            return EventStoreError.io("the log at \(path) cannot be made: \(unwritable)")
        }
        if let unwritable, [.SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_IOERR].contains(e.resultCode) {
            return EventStoreError.io("the log at \(path) cannot be written: \(unwritable). Commands that only read "
                                      + "(status, show, export, verify) still work; this one needs to write")
        }
        switch e.resultCode {
        case .SQLITE_FULL: return EventStoreError.diskFull(path: path)
        case .SQLITE_NOTADB: return EventStoreError.notALog(path: path, detail: "the file is not an SQLite database")
        case .SQLITE_CORRUPT: return EventStoreError.corrupt(path: path, detail: e.message ?? "corrupt")
        case .SQLITE_CANTOPEN: return EventStoreError.io("cannot open the log at \(path): \(e.message ?? "permission or path problem")")
        case .SQLITE_READONLY: return EventStoreError.io("the log at \(path) is read-only: \(e.message ?? "")")
        case .SQLITE_IOERR: return EventStoreError.io("I/O error on the log at \(path): \(e.message ?? "")")
        default: return EventStoreError.io("SQLite error on \(path): \(e.message ?? e.description)")
        }
    }
}
