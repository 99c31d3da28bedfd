import Foundation
import GRDB

/// The embedded log: one SQLite file in WAL mode. Every write runs in a
/// BEGIN IMMEDIATE transaction, so writers queue on SQLite's lock (with a
/// busy timeout) and each decision is made on the latest state.
public final class SQLiteEventStore: EventStore {
    public let path: String
    let queue: DatabaseQueue

    /// How hard a commit waits for the disk. `full` (the default) fsyncs the
    /// WAL on every commit: an acknowledged event survives power loss. `normal`
    /// survives any crash of ws itself (`kill -9` included) but may lose the
    /// last commits on power loss, and appends several times faster.
    public enum Durability: String, Sendable { case full, normal }

    /// True when the log was opened to be read only, because it cannot be written (`readOnlyIfUnwritable`).
    public let isReadOnly: Bool
    /// Why the log cannot be written, when it cannot (for the message of a write that fails).
    let unwritable: String?

    /// Opens the log at `path`; with `create`, makes it when it does not exist.
    /// `readOnlyIfUnwritable`: for a command that only reads, a log on a read-only file system (or in
    /// a folder this user may not write) is opened read-only instead of failing; any write then fails.
    public init(path: String, create: Bool = false, durability: Durability = .full, readOnlyIfUnwritable: Bool = false) throws {
        self.path = path
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists && !create { throw EventStoreError.notInitialized(path: path) }
        // Opening would write a header into an empty file: refuse before touching it.
        if exists && !create, SQLiteFileAccess.size(path) == 0 {
            throw EventStoreError.corrupt(path: path, detail: "the file is empty")
        }
        if exists && !create { try SQLiteFileCheck.checkLength(path) }
        let unwritable = SQLiteFileAccess.problem(path)
        self.unwritable = unwritable
        isReadOnly = readOnlyIfUnwritable && !create && unwritable != nil
        do {
            let config = SQLiteConnectionSetup.configuration(durability: durability, readOnly: isReadOnly)
            let target = isReadOnly ? SQLiteFileAccess.readOnlyTarget(path) : path
            queue = try DatabaseQueue(path: target, configuration: config)
            try queue.writeWithoutTransaction { db in try SQLiteSchema.prepare(db, path: path, create: create) }
        } catch {
            throw SQLiteErrors.map(error, path: path, unwritable: unwritable, creating: create)
        }
    }

    deinit { SQLiteQueueRetention.release(queue) }

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
        try writeRows { try LedgerRules.append(events, expecting: expecting, in: $0).events }
    }

    public func events(after: Int64 = 0, limit: Int? = nil) throws -> [RecordedEvent] {
        try read { db in try SQLiteRows(db: db).events(after: after, upTo: nil, stream: nil, limit: limit) }
    }

    public func head() throws -> (seq: Int64, hash: String) { try readRows { try $0.head() } }
}

/// A log file cut short (a bad copy, a truncated restore) can still open and
/// answer from its first pages; its header says how long it must be, so a
/// command refuses it up front instead of showing part of the log.
enum SQLiteFileCheck {
    static func checkLength(_ path: String) throws {
        // A WAL with frames may still hold the tail of an interrupted checkpoint: SQLite recovers that itself.
        if let wal = SQLiteFileAccess.size(path + "-wal"), wal > 0 { return }
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
