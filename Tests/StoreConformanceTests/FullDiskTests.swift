import Foundation
import GRDB
import Testing
@testable import EventLog
import WorkstreamKit

/// An append that meets a full disk fails with a message that says so and
/// what to do, and everything acknowledged before stays: events, read models
/// and the chain. SQLite's `max_page_count` caps the file as a full disk would.
@Suite struct FullDiskTests {
    @Test func aFullDiskFailsTheCommandClearlyAndKeepsWhatWasAcknowledged() throws {
        let f = try StoreFixture(.sqlite)
        let store = try SQLiteEventStore(path: f.sqlitePath)
        let ledger = Ledger(store: store)
        let t = "2026-11-21T10:00:00.000Z"
        _ = try ledger.execute(.declare(Declaration(id: "A1", title: "Infrastructure")), actor: "pm", time: t)
        for n in 1...5 { _ = try ledger.execute(.log(id: "A1", message: "entry \(n)", kind: .note, hours: nil), actor: "a", time: t) }
        let before = try store.events()
        let summariesBefore = try ledger.summaries()
        let pages = try store.read { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 }
        try store.write { db in _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = \(pages + 1)") }

        var failures = 0
        for n in 0..<20 {
            let big = String(repeating: "x", count: 16 * 1024 * (n + 1))
            do {
                // Growing briefs (up to 320 KiB, under the 1 MiB limit): a log message may hold only 64 KiB.
                _ = try ledger.execute(.writeBrief(id: "A1", markdown: big), actor: "a", time: t)
            } catch let e as EventStoreError {
                #expect(e == .diskFull(path: f.sqlitePath))
                #expect(e.description.contains("disk holding") && e.description.contains("nothing was recorded") && e.description.contains("Free some space"))
                failures += 1
            }
        }
        #expect(failures > 0)
        // Reopened without the cap: every acknowledged event and the read models are as they were, or further along.
        let reopenedStore = try SQLiteEventStore(path: f.sqlitePath)
        let reopened = Ledger(store: reopenedStore)
        let after = try reopenedStore.events()
        #expect(Array(after.prefix(before.count)) == before)
        #expect(try reopened.verify().ok)
        #expect(try reopened.summaries().map(\.id) == summariesBefore.map(\.id))
        _ = try reopened.execute(.log(id: "A1", message: "space freed", kind: .note, hours: nil), actor: "a", time: t)
        #expect(try reopened.verify().ok)
        print("full disk: \(failures) of 20 appends refused as disk full, \(after.count - before.count) fitted; \(before.count) acknowledged events intact, verify ok")
    }
}
