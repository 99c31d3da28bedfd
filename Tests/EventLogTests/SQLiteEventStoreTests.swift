import Foundation
import Testing
@testable import EventLog
import GRDB
import WorkstreamKit

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

    @Test func sameEventIdTwiceStoresOneEvent() throws {
        let s = try store()
        let first = try s.append([event("e-1")], expecting: [:])
        let second = try s.append([event("e-1")], expecting: [:])
        #expect(first == second)
        #expect(try s.events().count == 1)
        // The same id with other content is a conflict, not a second fact.
        #expect(throws: EventStoreError.eventIdReused("e-1")) { try s.append([event("e-1", message: "other")], expecting: [:]) }
        #expect(try s.events().count == 1)
    }

    @Test func staleExpectedVersionIsAConflict() throws {
        let s = try store()
        _ = try s.append([event("e-1")], expecting: ["A1": .exactly(0)])
        #expect(throws: EventStoreError.versionConflict(stream: "A1", expected: 0, actual: 1)) {
            try s.append([event("e-2")], expecting: ["A1": .exactly(0)])
        }
        let ok = try s.append([event("e-2")], expecting: ["A1": .exactly(1)])
        #expect(ok.map(\.version) == [2])
    }

    @Test func aBatchIsAllOrNothing() throws {
        let s = try store()
        _ = try s.append([event("e-1")], expecting: [:])
        // The second stream is stale, so neither event of the batch may land.
        #expect(throws: EventStoreError.self) {
            try s.append([event("e-2", stream: "B1"), event("e-3", stream: "A1")], expecting: ["B1": .exactly(0), "A1": .exactly(0)])
        }
        #expect(try s.events().map(\.eventId) == ["e-1"])
        // A batch that partly repeats stored ids is refused whole.
        #expect(throws: EventStoreError.self) { try s.append([event("e-1"), event("e-4")], expecting: [:]) }
        #expect(try s.events().count == 1)
    }

    @Test func sequencesAreGapFreeAndHashesChain() throws {
        let s = try store()
        for i in 1...20 { _ = try s.append([event("e-\(i)", stream: i % 2 == 0 ? "A1" : "B1")], expecting: [:]) }
        let all = try s.events()
        #expect(all.map(\.seq) == Array(1...20))
        #expect(all[0].prevHash == HashChain.genesis)
        for (a, b) in zip(all, all.dropFirst()) { #expect(b.prevHash == a.hash) }
        #expect(all.allSatisfy { HashChain.hash(of: $0) == $0.hash })
        #expect(try s.head().hash == all.last?.hash)
    }

    @Test func theStoreRefusesUpdatesAndDeletes() throws {
        let s = try store()
        _ = try s.append([event("e-1")], expecting: [:])
        #expect(throws: (any Error).self) { try s.write { db in try db.execute(sql: "UPDATE events SET actor = 'x'") } }
        #expect(throws: (any Error).self) { try s.write { db in try db.execute(sql: "DELETE FROM events") } }
        #expect(try s.events().first?.actor == "tester")
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
