import EventLog
import Foundation
import GitStore
import TestSupport
import Testing
import WorkstreamKit
@testable import Operations

/// A publish in a large project reads the summaries without their edges, and the edges only of the touched
/// folders' workstreams and their dependents (`IndexInputs`). The reference is `Documents.index` over every
/// summary with every edge: the index files must be the same, byte for byte, whatever is touched.
@Suite struct IndexInputsTests {
    @Test func theIndexFromFewerEdgesIsTheIndexFromAll() throws {
        let (scratch, repo) = try LargeLayoutTests.cloned()
        _ = scratch
        try repo.ws("sync").check()
        let location = try RepositoryLocation.find(from: repo.dir)
        let ledger = Ledger(store: try SQLiteEventStore(path: location.logPath))
        let all = try ledger.summaries()
        #expect(all.count > DocumentLayout.flatLimit)
        #expect(all.contains { !$0.dependsOn.isEmpty }, "the fixture has no dependencies to leave out")
        let lastSeq = try ledger.head().seq
        var random = SeededGenerator(seed: 21)
        let ids = all.map(\.id)
        // Single workstreams with and without edges, a few at once, and one with a dependent on another page.
        var touched: [Set<String>] = [["W001"], ["W002"], []]
        touched += all.filter { !$0.dependsOn.isEmpty }.prefix(3).map { [$0.id] }
        for _ in 0..<12 {
            let count = Int.random(in: 1...4, using: &random)
            touched.append(Set((0..<count).compactMap { _ in ids.randomElement(using: &random) }))
        }
        for render in touched {
            let inputs = try IndexInputs.read(ledger, touching: render, upTo: lastSeq)
            #expect(inputs.shards != nil, "a project of \(all.count) is in the sharded layout")
            let fast = inputs.files(lastSeq: lastSeq, lastTime: "2026-12-05T00:00:00Z", touching: render)
            let reference = Documents.index(all, lastSeq: lastSeq, lastTime: "2026-12-05T00:00:00Z",
                                            touching: render)
            #expect(Set(fast.keys) == Set(reference.keys), "files for \(render.sorted())")
            for (path, text) in reference where fast[path] != text {
                Issue.record("\(path) differs from the reference for \(render.sorted())")
            }
        }
    }
}
