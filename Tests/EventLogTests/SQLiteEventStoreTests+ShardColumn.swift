import Foundation
import Testing
@testable import EventLog
import GRDB
import WorkstreamKit

/// Schema 9 keeps each workstream's folder (`DocumentLayout.shardNumber`) in the column `shard`. A log of
/// schema 8 (no column, no indexes) is upgraded when opened: the replay after the migration fills the
/// column, and the index's aggregates then count every workstream in its folder.
extension SQLiteEventStoreTests {
    @Test func aSchema8LogGetsEveryFolderOnOpening() throws {
        let path = dir.appendingPathComponent("log.sqlite").path
        let ids = ["A1", "B.2_x-y", String(repeating: "z", count: 64)] + (1...30).map { "W\($0)" }
        do {
            let ledger = Ledger(store: try SQLiteEventStore(path: path, create: true))
            for id in ids {
                let phase = id.count % 2 == 0 ? "even" : nil
                _ = try ledger.execute(.declare(Declaration(id: id, title: "Work \(id)", phase: phase)),
                                       actor: "pm", time: "2026-12-06T03:00:00.000Z")
            }
            _ = try ledger.execute(.start(id: "B.2_x-y", agent: "alice"), actor: "alice",
                                   time: "2026-12-06T03:01:00.000Z")
        }
        // Back to what schema 8 wrote: no column, no indexes, every row's folder unknown.
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "DROP INDEX workstreams_shard")
            try db.execute(sql: "DROP INDEX workstreams_phase")
            try db.execute(sql: "DROP INDEX workstreams_listed")
            try db.execute(sql: "ALTER TABLE workstreams DROP COLUMN shard")
            try db.execute(sql: "PRAGMA user_version = 8")
        }
        let store = try SQLiteEventStore(path: path)
        let stored = try store.read { db in
            (try Int.fetchOne(db, sql: "PRAGMA user_version"),
             try Row.fetchAll(db, sql: "SELECT id, shard FROM workstreams").map { (row: Row) -> (String, Int) in
                 (row[0], row[1])
             })
        }
        #expect(stored.0 == SQLiteSchema.version)
        #expect(stored.1.count == ids.count)
        for (id, shard) in stored.1 { #expect(shard == DocumentLayout.shardNumber(id), "\(id)") }
        let ledger = Ledger(store: store)
        let all = try ledger.summaries()
        let tally = try ledger.indexTally()
        #expect(tally == IndexTally(all, shards: all.map { DocumentLayout.shardNumber($0.id) }))
        #expect(tally.total == ids.count && tally.working.map(\.id) == ["B.2_x-y"])
    }
}
