import Foundation
import Testing
@testable import EventLog
import TestSupport
import WorkstreamKit

/// The blocked analysis a server keeps between calls (`BlockingMemo`) answers, after every step of seeded random
/// operations on both stores, byte for byte what the analysis computed afresh from the read models (the slow
/// reference) answers,
/// and it is used: most steps (notes, artifacts, tasks, renewals) leave it in force.
@Suite struct BlockingMemoConformanceTests {
    static let time = "2026-11-21T10:00:00.000Z"

    static func json(_ analysis: BlockingAnalysis) -> [UInt8] {
        let out = JSONBuffer(capacity: 4096)
        analysis.writeJSON(into: out)
        return out.withBytes { Array($0) }
    }

    /// What the kept analysis promises to keep current of every workstream: what `ws blocked` shows of it, in its
    /// JSON and in its table (status and holder of each workstream a chain names).
    static func shown(_ analysis: BlockingAnalysis) -> [String] {
        analysis.summaries.map { s in
            [s.id, s.title, s.status.rawValue, s.agent ?? "-", s.blockedReason ?? "-", s.dependsOn.joined(separator: ",")]
                .joined(separator: "|")
        }
    }

    static func randomCommand(_ g: inout SeededGenerator, ids: [String], step: Int) -> Command {
        let id = ids.randomElement(using: &g) ?? "W1"
        let other = ids.randomElement(using: &g) ?? "W2"
        let agent = ["ann", "bob"].randomElement(using: &g) ?? "ann"
        switch Int.random(in: 0..<20, using: &g) {
        case 0, 1, 2, 3: return .log(id: id, message: "note \(step)", kind: .note, hours: nil)
        case 4, 5: return .recordArtifact(id: id, name: "A\(step)", value: "v\(step)", secret: false, fingerprint: nil)
        case 6: return .addTask(id: id, text: "task \(step)", taskId: "t\(step)")
        case 7: return .renew(id: id, agent: agent, leaseMinutes: nil)
        case 8: return .writeBrief(id: id, markdown: "brief \(step)")
        case 9, 10: return .start(id: id, agent: agent)
        case 11: return .complete(id: id, agent: agent, summary: nil, next: [], force: true, reason: "test")
        case 12: return .addDependency(id: id, dependsOn: other)
        case 13: return .removeDependency(id: id, dependsOn: other)
        case 14: return .block(id: id, reason: "waiting \(step)")
        case 15: return .unblock(id: id)
        case 16: return .release(id: id, agent: agent, force: true, reason: "test")
        case 17: return .cancel(id: id, reason: "dropped \(step)")
        case 18: return .declare(Declaration(id: "N\(step)", title: "New \(step)", dependsOn: [id]))
        default: return .takeOver(id: id, agent: agent, leaseMinutes: nil, force: true, reason: "test")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func theKeptAnalysisIsAlwaysTheFreshOne(kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        let ledger = try f.ledger()
        let memo = BlockingMemo()
        var ids = (1...8).map { "W\($0)" }
        for (n, id) in ids.enumerated() {
            _ = try ledger.execute(.declare(Declaration(id: id, title: "Work \(n)", dependsOn: n > 1 ? ["W\(n - 1)"] : [])),
                                   actor: "pm", time: Self.time)
        }
        let seed = UInt64.random(in: 1...UInt64.max)
        print("BlockingMemoConformanceTests \(kind) seed \(seed)")
        var g = SeededGenerator(seed: seed)
        for step in 0..<150 {
            let command = Self.randomCommand(&g, ids: ids, step: step)
            if (try? ledger.execute(command, actor: "pm", time: Self.time)) != nil, case .declare(let d) = command {
                ids.append(d.id)
            }
            let kept = try ledger.blockingAnalysis(memo: memo, key: "log")
            let fresh = BlockingAnalysis(try ledger.summaries())
            #expect(Self.json(kept) == Self.json(fresh), "seed \(seed), step \(step): \(command)")
            #expect(Self.shown(kept) == Self.shown(fresh), "seed \(seed), step \(step): \(command)")
        }
        #expect(memo.reused > 40, "seed \(seed): the kept analysis answered \(memo.reused) of 150 steps")
        // Another log under the same key, as far along: its own answer, never the kept one.
        let otherFixture = try StoreFixture(kind)
        let other = try otherFixture.ledger()
        for n in 0...(try ledger.head().seq) {
            _ = try other.execute(.declare(Declaration(id: "X\(n)", title: "Other \(n)")), actor: "pm", time: Self.time)
        }
        let answer = try other.blockingAnalysis(memo: memo, key: "log")
        #expect(Self.json(answer) == Self.json(BlockingAnalysis(try other.summaries())))
    }
}
