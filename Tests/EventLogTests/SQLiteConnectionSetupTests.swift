import Foundation
import Testing
@testable import EventLog
import GRDB
import WorkstreamKit

/// How a process opens the log (SQLiteConnectionSetup): the durability asked for is the one a
/// commit gets, opening writes nothing, and the log is one file at rest between processes.
extension SQLiteEventStoreTests {
    var path: String { dir.appendingPathComponent("log.sqlite").path }

    func pragma(_ store: SQLiteEventStore, _ name: String) throws -> String? {
        try store.read { db in try String.fetchOne(db, sql: "PRAGMA \(name)") }
    }

    @Test func aCommitGetsTheDurabilityAskedFor() throws {
        // SQLite's numbers: 1 is NORMAL, 2 is FULL (fsync of the WAL on every commit).
        #expect(try pragma(SQLiteEventStore(path: path, create: true), "synchronous") == "2")
        #expect(try pragma(SQLiteEventStore(path: path), "synchronous") == "2")
        #expect(try pragma(SQLiteEventStore(path: path, durability: .normal), "synchronous") == "1")
        #expect(try pragma(SQLiteEventStore(path: path), "journal_mode") == "wal")
    }

    @Test func openingAnExistingLogWritesNothingInIt() throws {
        _ = try SQLiteEventStore(path: path, create: true).append([event("e-0")], expecting: [:])
        let before = try pragma(SQLiteEventStore(path: path), "schema_version")
        for _ in 0..<3 { _ = try SQLiteEventStore(path: path).head() }
        #expect(try pragma(SQLiteEventStore(path: path), "schema_version") == before)
    }

    @Test func theLogIsOneFileAtRestAndKeepsEveryAppend() throws {
        for n in 0..<3 {
            let store = try SQLiteEventStore(path: path, create: n == 0)
            _ = try store.append([event("e-\(n)")], expecting: [:])
        }
        let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? NSNumber
        #expect(wal == nil || wal?.intValue == 0, "the WAL holds \(wal?.intValue ?? 0) bytes after the last close")
        // The main file alone (as a copy would take it) has every event.
        let copy = path + ".copy"
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        #expect(try SQLiteEventStore(path: copy).events().map(\.eventId) == ["e-0", "e-1", "e-2"])
    }
}
