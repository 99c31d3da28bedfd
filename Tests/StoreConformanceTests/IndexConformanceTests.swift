import Foundation
import Testing
@testable import EventLog
@testable import PostgresStore
import TestSupport
import WorkstreamKit

/// The index of a large project from the store's aggregates (`Ledger.indexTally`) and the touched folders'
/// rows (`Ledger.indexPageSummaries`), in both stores, against the slow reference: a replay folded to every
/// summary, each id hashed in Swift, and the index rendered from all of them. Ids are hostile on purpose
/// (unicode letters, combining marks, 64 characters of three bytes each), so a store's folder of an id must
/// be the first byte of SHA-256 of its UTF-8, as `DocumentLayout.shardNumber` takes it.
@Suite struct IndexConformanceTests {
    static let time = "2026-12-06T03:00:00.000Z"
    static let hostileIds = [
        "é", "e\u{301}x", "日本語-工作.1", "Ωmega_2", "a", String(repeating: "語", count: 64),
        String(repeating: "x", count: 64), "١٢٣", "Z.z-z_z", "ß", "Å-Å", "ʤ9",
    ]
    static let phases: [String?] = [nil, "", "alpha", "Beta | 2", "フェーズ", "line\nbreak"]

    @Test(arguments: StoreKind.allCases)
    func theIndexFromAggregatesIsTheIndexFromEveryRow(kind: StoreKind) throws {
        var seen = (statuses: Set<Status>(), shards: Set<Int>(), pageRows: 0)
        for seed in UInt64(1)...4 {
            let f = try StoreFixture(kind)
            let ledger = try f.ledger()
            var random = SeededGenerator(seed: seed)
            let ids = try Self.randomPlan(on: ledger, using: &random)
            let all = try ledger.replay().state.summaries
            let shards = all.map { DocumentLayout.shardNumber($0.id) }
            let tally = try ledger.indexTally()
            // The lists the summary shows read no edges (SQLite leaves them out, PostgreSQL's rows carry them).
            #expect(Self.withoutEdges(tally) == Self.withoutEdges(IndexTally(all, shards: shards)), "seed \(seed)")
            var touched: [Set<String>] = [[], [ids[0]], Set(ids.prefix(3))]
            for _ in 0..<8 {
                touched.append(Set((0..<Int.random(in: 1...4, using: &random)).compactMap { _ in
                    ids.randomElement(using: &random)
                }))
            }
            for render in touched {
                let pages = try ledger.indexPageSummaries(shards: Set(render.map(DocumentLayout.shardNumber)))
                let fast = Documents.index(pages: pages, shards: pages.map { DocumentLayout.shardNumber($0.id) },
                                           tally: tally, lastSeq: 9, lastTime: Self.time, touching: render)
                let reference = Documents.index(all, shards: shards, lastSeq: 9, lastTime: Self.time, touching: render)
                #expect(Set(fast.keys) == Set(reference.keys), "seed \(seed), touching \(render.sorted())")
                for (path, text) in reference where fast[path] != text {
                    Issue.record("seed \(seed): \(path) differs from the reference for \(render.sorted())")
                }
                seen.pageRows += pages.count
            }
            seen.statuses.formUnion(all.map(\.status))
            seen.shards.formUnion(shards)
        }
        // The plans must reach every status and many folders, or equal indexes would prove little.
        #expect(seen.statuses.count == Status.allCases.count && seen.shards.count > 20 && seen.pageRows > 0,
                "\(seen)")
    }

    static func withoutEdges(_ tally: IndexTally) -> IndexTally {
        var tally = tally
        for i in tally.working.indices { tally.working[i].dependsOn = [] }
        for i in tally.conflicted.indices { tally.conflicted[i].dependsOn = [] }
        return tally
    }

    /// Declares plain ids and the hostile ones as events from another clone's journal arrive (no decider here
    /// checked their ids or their phases, empty ones included), in random phases with random dependencies on
    /// earlier ones, then does random work; refused commands are part of the game. Returns the declared ids.
    static func randomPlan(on ledger: Ledger, using random: inout SeededGenerator) throws -> [String] {
        var ids: [String] = []
        for (i, id) in (hostileIds + (1...12).map { "W\($0)" }).shuffled(using: &random).enumerated() {
            let phase = phases[Int.random(in: 0..<phases.count, using: &random)]
            let declared = NewEvent(PendingEvent(stream: id, event: .declared(.init(title: "Work \(i) | \(id)",
                                                                                     phase: phase))),
                                    actor: "pm", time: time)
            _ = try ledger.importJournal([declared])
            for dependency in ids where Int.random(in: 0..<5, using: &random) == 0 {
                _ = try? ledger.execute(.addDependency(id: id, dependsOn: dependency), actor: "pm", time: time)
            }
            ids.append(id)
        }
        for _ in 0..<50 {
            let id = ids[Int.random(in: 0..<ids.count, using: &random)]
            let agent = ["alice", "bob"][Int.random(in: 0..<2, using: &random)]
            let command: Command
            switch Int.random(in: 0..<7, using: &random) {
            case 0, 1: command = .start(id: id, agent: agent)
            case 2, 3: command = .complete(id: id, agent: agent, summary: nil, next: [], force: false, reason: nil)
            case 4: command = .block(id: id, reason: "waiting on \(agent)")
            case 5: command = .cancel(id: id, reason: "dropped")
            default: command = .addDependency(id: id, dependsOn: ids[Int.random(in: 0..<ids.count, using: &random)])
            }
            _ = try? ledger.execute(command, actor: agent, time: time)
        }
        return ids
    }
}
