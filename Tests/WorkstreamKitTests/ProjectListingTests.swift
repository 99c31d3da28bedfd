import Foundation
import Testing
import TestSupport
@testable import WorkstreamKit

/// The fast paths of `ws blocked --json` and of the index document's critical
/// path, checked against plain reference computations on random projects.
@Suite struct ProjectListingTests {
    /// Workstreams in declaration order, ids not in that order, each depending on up to three earlier ones.
    func project(seed: UInt64, count: Int = 300) -> [WorkstreamSummary] {
        var rng = SeededGenerator(seed: seed)
        var ids = Set<String>()
        var order: [String] = []
        while order.count < count {
            let id = "W\(Int.random(in: 0..<100_000, using: &rng))"
            if ids.insert(id).inserted { order.append(id) }
        }
        var summaries: [WorkstreamSummary] = []
        var open: [String: Bool] = [:]
        for (i, id) in order.enumerated() {
            let deps = i == 0 ? [] : Array(Set((0..<Int.random(in: 0...3, using: &rng)).map { _ in order[Int.random(in: max(0, i - 20)..<i, using: &rng)] })).sorted()
            let roll = Int.random(in: 0..<100, using: &rng)
            let waits = deps.contains { open[$0] == true }
            let status: Status = roll < 30 && !waits ? .completed : roll < 35 ? .blocked : roll < 40 && !waits ? .inProgress : roll < 42 ? .cancelled : waits ? .planned : .ready
            open[id] = status != .completed
            summaries.append(WorkstreamSummary(id: id, title: "Work \(i) | \"quoted\"", status: status, agent: status == .inProgress ? "agent-\(i % 3)" : nil,
                                               dependsOn: deps, phase: nil, owner: nil, estimate: roll % 3 == 0 ? nil : Double(roll % 7) + 0.5,
                                               blockedReason: status == .blocked ? "waiting for \(i)" : nil, tasksDone: 0, tasksTotal: 0))
        }
        return summaries
    }

    /// The report of one waiting workstream, computed the slow way.
    func reference(_ summaries: [WorkstreamSummary]) -> [[String: Any]] {
        let byId = Dictionary(uniqueKeysWithValues: summaries.map { ($0.id, $0) })
        func openDeps(_ id: String) -> [String] { (byId[id]?.dependsOn ?? []).filter { byId[$0].map { $0.status != .completed } ?? false } }
        var distance: [String: Int] = [:]
        func dist(_ id: String) -> Int {
            if let d = distance[id] { return d }
            let deps = openDeps(id)
            let d = deps.isEmpty ? 0 : 1 + deps.map(dist).min()!
            distance[id] = d
            return d
        }
        var rootsOf: [String: Set<String>] = [:]
        func roots(_ id: String) -> Set<String> {
            if let r = rootsOf[id] { return r }
            let deps = openDeps(id)
            let r = deps.isEmpty ? [id] : deps.reduce(into: Set<String>()) { $0.formUnion(roots($1)) }
            rootsOf[id] = r
            return r
        }
        return summaries.filter { $0.status == .blocked || $0.status == .planned }.map { s in
            var chain = [s.id]
            var at = s.id
            while let next = openDeps(at).first(where: { dist($0) == dist(at) - 1 }) { at = next; chain.append(at) }
            let shown = chain.count > BlockingReport.chainLimit ? Array(chain.prefix(BlockingReport.chainLimit)) + [chain[chain.count - 1]] : chain
            var r: [String: Any] = ["id": s.id, "title": s.title, "status": s.status.rawValue, "dependsOn": s.dependsOn,
                                    "waitingOn": openDeps(s.id), "chain": shown, "chainLength": chain.count,
                                    "rootBlockers": openDeps(s.id).isEmpty ? [] : roots(s.id).sorted()]
            r["agent"] = s.agent ?? NSNull()
            if let reason = s.blockedReason { r["reason"] = reason }
            return r
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func blockedJSONMatchesAReferenceComputation(seed: UInt64) throws {
        let summaries = project(seed: seed)
        let analysis = BlockingAnalysis(summaries)
        let out = JSONBuffer()
        analysis.writeJSON(into: out)
        let written = try #require(try JSONSerialization.jsonObject(with: Data(out.bytes)) as? [[String: Any]])
        let expected = reference(summaries)
        #expect(written.count == expected.count)
        #expect(written.count > 10)
        for (w, e) in zip(written, expected) { #expect(NSDictionary(dictionary: w) == NSDictionary(dictionary: e), "\(w["id"] ?? "?")") }
        // The reports the table and the index document use say the same.
        #expect(BlockingReport.reports(for: summaries).json.utf8.elementsEqual(out.bytes))
    }

    @Test func longChainsShowTheirFirstLinksAndTheirEnd() throws {
        let ids = (0..<30).map { "C\(100 + $0)" }
        let summaries = ids.enumerated().map { i, id in
            WorkstreamSummary(id: id, title: id, status: i == 0 ? .ready : .planned, agent: nil, dependsOn: i == 0 ? [] : [ids[i - 1]],
                              phase: nil, owner: nil, estimate: nil, blockedReason: nil, tasksDone: 0, tasksTotal: 0)
        }
        let last = try #require(BlockingReport.reports(for: summaries).last)
        #expect(last.chainLength == 30)
        #expect(last.chain == Array(ids.reversed().prefix(BlockingReport.chainLimit)) + ["C100"])
        #expect(last.rootBlockers == ["C100"])
    }

    @Test(arguments: [11, 12, 13, 14, 15] as [UInt64])
    func theIndexCriticalPathIsTheGraphsCriticalPath(seed: UInt64) {
        let summaries = project(seed: seed)
        var index: [String: Int] = [:]
        for (i, s) in summaries.enumerated() { index[s.id] = i }
        var dependents = [[Int]](repeating: [], count: summaries.count)
        for (i, s) in summaries.enumerated() { for d in s.dependsOn { if let j = index[d] { dependents[j].append(i) } } }
        let fast = IndexDocument.criticalPath(summaries, index: index, dependents: dependents)
        let byId = Dictionary(uniqueKeysWithValues: summaries.map { ($0.id, $0) })
        let graph = DependencyGraph(nodes: summaries.map(\.id), edges: summaries.flatMap { s in s.dependsOn.map { (s.id, $0) } })
        let slow = graph.criticalPath { id in
            guard let s = byId[id], s.status != .completed, s.status != .cancelled else { return nil }
            return s.estimate ?? 1
        }
        #expect(fast.path == slow.path)
        #expect(fast.total == slow.total)
        #expect(fast.path.count > 1)
    }

    /// MCP's `ready` and `blocked` send these bytes as they are (`JSONValue.canonicalText`), so they must be what
    /// the canonical writer makes of their values: keys in its order, numbers and strings written as it writes them.
    @Test func theListingWritersWriteCanonicalJSON() throws {
        var summaries = project(seed: 11, count: 200)
        for i in summaries.indices where i % 4 == 0 {
            summaries[i].title = "tab\there \u{01}\u{1F} \\ / é 😀 \u{2028} \"q\""
            (summaries[i].owner, summaries[i].phase, summaries[i].conflict) = ("Öwner", "p\n2", "Ab\r")
            (summaries[i].agent, summaries[i].leaseExpiresAt) = ("agent\u{7F}", "2026-12-05T20:00:00Z")
            summaries[i].leaseStale = i % 8 == 0
            summaries[i].estimate = [nil, 0.1, 1e-7, 12345678.25, 3][i % 5]
        }
        let reports = BlockingReport.reports(for: summaries)
        #expect(!reports.isEmpty && summaries.contains { $0.lease != nil })
        #expect(try JSONParser.parse(bytes: summaries.jsonBytes).canonical == summaries.json)
        #expect(try JSONParser.parse(bytes: reports.jsonBytes).canonical == reports.json)
    }
}
