import Foundation
import Testing
@testable import EventLog
import GRDB
import WorkstreamKit

/// What only the SQLite file can go through; the promises every store keeps
/// are in Tests/StoreConformanceTests, run against SQLite and PostgreSQL.
@Suite struct SQLiteEventStoreTests {
    let dir: URL
    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("ws-store-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    func store() throws -> SQLiteEventStore { try SQLiteEventStore(path: dir.appendingPathComponent("log.sqlite").path, create: true) }

    func event(_ id: String, stream: String = "A1", message: String = "hello") -> NewEvent {
        NewEvent(PendingEvent(stream: stream, event: .logged(.init(message: message, kind: .note))), eventId: id,
                 actor: "tester", time: "2026-11-21T10:00:00.000Z")
    }

    @Test func aForeignSQLiteFileIsNotTakenOver() throws {
        let path = dir.appendingPathComponent("other.sqlite").path
        // Somebody else's database, with a table of its own.
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "CREATE TABLE notes (body TEXT)") }
        #expect { try SQLiteEventStore(path: path) } throws: { error in
            guard case EventStoreError.notALog = error else { return false }
            return true
        }
        #expect(throws: EventStoreError.notInitialized(path: dir.appendingPathComponent("missing.sqlite").path)) {
            try SQLiteEventStore(path: dir.appendingPathComponent("missing.sqlite").path)
        }
    }

    @Test func aFullDiskFailsCleanlyAndKeepsWhatWasAcknowledged() throws {
        let s = try store()
        _ = try s.append([event("e-0")], expecting: [:])
        let pages = try s.read { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 }
        // Cap the file at its current size: the next large append cannot fit.
        try s.write { db in _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = \(pages + 1)") }
        let big = String(repeating: "x", count: 64 * 1024)
        #expect(throws: EventStoreError.diskFull(path: s.path)) { try s.append([event("e-big", message: big)], expecting: [:]) }
        #expect(try s.events().map(\.eventId) == ["e-0"])
    }
}
