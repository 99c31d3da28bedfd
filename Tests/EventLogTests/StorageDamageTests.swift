import Foundation
import GRDB
import Testing
@testable import EventLog
import WorkstreamKit

/// `ws verify` is what a person runs to ask whether the log is sound. A damaged page of an index that no
/// command of the check reads (here `events_time`, which only `--at` uses) made every later write fail as
/// "damaged" while verify still said ok; the store's own check of its file now finds it.
@Suite struct StorageDamageTests {
    @Test func verifyFindsADamagedIndexPageThatNoReadOfTheChainTouches() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ws-damage-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("log.sqlite").path
        do {
            let ledger = Ledger(store: try SQLiteEventStore(path: path, create: true))
            for i in 1...30 {
                _ = try ledger.execute(.declare(Declaration(id: "W\(i)", title: "Work \(i)")), actor: "pm",
                                       time: "2026-11-21T10:00:00.000Z")
            }
            #expect(try ledger.verify().ok)
        }
        // Where the index lives, with every page in the main file (no WAL left to mask the damage).
        let (page, pageSize): (Int, Int) = try {
            let queue = try DatabaseQueue(path: path)
            defer { try? queue.close() }
            return try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                let root = try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'events_time'")
                return (try #require(root), try #require(try Int.fetchOne(db, sql: "PRAGMA page_size")))
            }
        }()
        let file = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try file.seek(toOffset: UInt64((page - 1) * pageSize))
        try file.write(contentsOf: Data(repeating: 0xA5, count: pageSize))
        try file.close()

        let report = try Ledger(store: try SQLiteEventStore(path: path)).verify()
        #expect(!report.ok)
        #expect(report.problems.first?.contains("the log file is damaged") == true, "\(report.problems)")
    }
}
