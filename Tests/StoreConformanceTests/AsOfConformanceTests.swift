import Foundation
import Testing
@testable import EventLog
import WorkstreamKit

/// A commit renders the log as of its last sequence number while other processes go on appending: the read
/// models are then ahead of that number, and `partialHistory` and `summaries(_:asOf:)` fold the workstreams
/// changed since from their own events. Checked, on both stores, against the slow reference: a replay of the
/// log up to that number.
@Suite struct AsOfConformanceTests {
    static let time = "2026-11-21T10:00:00.000Z"

    @Test(arguments: StoreKind.allCases)
    func documentsAndIndexShowTheLogAsOfTheirSequence(kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        let ledger = try f.ledger()
        func run(_ command: Command) throws { _ = try ledger.execute(command, actor: "pm", time: Self.time) }
        try run(.declare(Declaration(id: "A1", title: "First")))
        try run(.declare(Declaration(id: "B1", title: "Second", dependsOn: ["A1"])))
        try run(.addTask(id: "A1", text: "one", taskId: nil))
        try run(.start(id: "A1", agent: "bob"))
        let seq = try ledger.head().seq
        // Meanwhile: more work on A1 and B1, and a workstream declared.
        try run(.addTask(id: "A1", text: "two", taskId: nil))
        try run(.block(id: "B1", reason: "waiting"))
        try run(.declare(Declaration(id: "C1", title: "Third")))
        let reference = try ledger.replay(upTo: seq).state
        let ids: Set<String> = ["A1", "B1", "C1"]
        let history = try ledger.partialHistory(stateIds: ids, eventStreams: ["A1"], upTo: seq)
        for id in ids { #expect(history.state[id] == reference[id], "\(id) as of #\(seq)") }
        #expect(history.state["A1"]?.tasks.count == 1 && history.state["C1"] == nil)
        let asOf = try ledger.summaries(try ledger.summaries(), asOf: seq)
        #expect(asOf == reference.summaries)
        #expect(try ledger.summaries(try ledger.summaries(), asOf: try ledger.head().seq) == ledger.summaries(),
                "nothing appended since: the read models as they are")
    }
}
