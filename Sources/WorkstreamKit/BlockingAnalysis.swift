/// What blocks what in a whole project, computed once over indices in
/// dependency order, so ten thousand workstreams with long chains cost linear
/// time rather than a walk per workstream. `ws blocked --json` writes its
/// answer straight from here (no `BlockingReport` values, no id strings per
/// list entry); the table and the index document build reports from it.
public struct BlockingAnalysis {
    public let summaries: [WorkstreamSummary]
    /// Indices of the blocked and planned workstreams, in the summaries' order.
    public let waiting: [Int]
    /// Open direct dependencies by index, in id order (dependsOn is sorted).
    private let openDeps: [[Int]]
    /// The next link of each shortest chain, its length after this workstream, and its last link.
    private let nextHop: [Int], distance: [Int], chainEnd: [Int]
    /// Root blockers (open work waiting on nothing) of each workstream: a
    /// slice of `rootPool`, holding indices in id order.
    private let rootStart: [Int], rootCount: [Int], rootPool: [Int32]
    /// The dependency cycles (a merge of two clones can close one), each as `a → b → … → a`; usually none.
    public let cycles: [[String]]

    public init(_ summaries: [WorkstreamSummary]) {
        self.summaries = summaries
        let n = summaries.count
        // Fields read in loops below, taken out once: indexing `summaries` in a
        // closure copies the whole summary each time.
        let ids = summaries.map { $0.id }
        let statuses = summaries.map { $0.status }
        var index: [String: Int] = [:]
        index.reserveCapacity(n)
        for (i, id) in ids.enumerated() { index[id] = i }
        let isOpen = statuses.map { $0 != .completed }
        var openDeps = [[Int]](repeating: [], count: n)
        for (i, s) in summaries.enumerated() where isOpen[i] && !s.dependsOn.isEmpty {
            var deps: [Int] = []
            deps.reserveCapacity(s.dependsOn.count)
            for d in s.dependsOn { if let j = index[d], isOpen[j] { deps.append(j) } }
            openDeps[i] = deps
        }

        // Depth-first post-order: every dependency before what waits on it.
        var order: [Int] = []
        order.reserveCapacity(n)
        var state = [UInt8](repeating: 0, count: n) // 1 visiting, 2 done
        var closesCycle = false
        for start in 0..<n where state[start] == 0 {
            var stack: [(Int, Int)] = [(start, 0)]
            state[start] = 1
            while let (node, next) = stack.last {
                if next < openDeps[node].count {
                    stack[stack.count - 1].1 += 1
                    let d = openDeps[node][next]
                    if state[d] == 0 { state[d] = 1; stack.append((d, 0)) } else if state[d] == 1 { closesCycle = true } // named in `cycles`
                } else {
                    state[node] = 2; order.append(node); stack.removeLast()
                }
            }
        }

        // Only a project with a cycle pays for finding them all.
        cycles = closesCycle ? DependencyGraph(nodes: ids, edges: summaries.flatMap { s in s.dependsOn.map { (s.id, $0) } }).cycles() : []

        // Roots numbered in id order, so a sorted list of numbers is sorted by id.
        let rootList = (0..<n).filter { isOpen[$0] && openDeps[$0].isEmpty }.sorted { ids[$0] < ids[$1] }
        var rootNumber = [Int32](repeating: -1, count: n)
        for (k, r) in rootList.enumerated() { rootNumber[r] = Int32(k) }
        var rootStart = [Int](repeating: 0, count: n), rootCount = [Int](repeating: 0, count: n)
        var pool: [Int32] = []
        var distance = [Int](repeating: 0, count: n), nextHop = [Int](repeating: -1, count: n)
        var chainEnd = Array(0..<n)
        var merged: [Int32] = []
        for i in order where isOpen[i] {
            rootStart[i] = pool.count
            if openDeps[i].isEmpty {
                pool.append(rootNumber[i]); rootCount[i] = 1
                continue
            }
            merged.removeAll(keepingCapacity: true)
            var best = Int.max
            for d in openDeps[i] {
                merged.append(contentsOf: pool[rootStart[d]..<rootStart[d] + rootCount[d]])
                if distance[d] < best { best = distance[d]; nextHop[i] = d }
            }
            if openDeps[i].count > 1 { merged.sort() }
            var last: Int32 = -1
            for r in merged where r != last { pool.append(r); last = r }
            rootCount[i] = pool.count - rootStart[i]
            distance[i] = best == Int.max ? 0 : best + 1
            if nextHop[i] >= 0 { chainEnd[i] = chainEnd[nextHop[i]] }
        }
        // Pool entries become workstream indices, so readers need no second table.
        self.rootPool = pool.map { Int32(rootList[Int($0)]) }
        self.rootStart = rootStart; self.rootCount = rootCount
        self.openDeps = openDeps; self.nextHop = nextHop; self.distance = distance; self.chainEnd = chainEnd
        self.waiting = statuses.indices.filter { statuses[$0] == .blocked || statuses[$0] == .planned }
    }

    /// The first `chainLimit` links of the shortest chain, and its last one when longer.
    func chain(_ i: Int) -> [Int] {
        var chain = [i]
        var at = i
        while chain.count < BlockingReport.chainLimit, nextHop[at] >= 0 {
            at = nextHop[at]
            chain.append(at)
        }
        if distance[i] + 1 > BlockingReport.chainLimit { chain.append(chainEnd[i]) }
        return chain
    }

    /// Root blockers only matter while something is waited on.
    func roots(_ i: Int) -> ArraySlice<Int32> {
        openDeps[i].isEmpty ? [] : rootPool[rootStart[i]..<rootStart[i] + rootCount[i]]
    }

    public func report(_ i: Int) -> BlockingReport {
        let s = summaries[i]
        return BlockingReport(id: s.id, title: s.title, status: s.status, agent: s.agent, dependsOn: s.dependsOn,
                              reason: s.blockedReason, waitingOn: openDeps[i].map { summaries[$0].id },
                              chain: chain(i).map { summaries[$0].id }, chainLength: distance[i] + 1,
                              rootBlockers: roots(i).map { summaries[Int($0)].id })
    }

    /// The JSON array of every waiting workstream's report, byte for byte what
    /// `reports(for:).json` gives, without building the reports.
    public func writeJSON(into out: JSONBuffer) {
        // Each id escaped once; lists are then copies of these bytes.
        let ids = JSONBuffer(capacity: summaries.count * 10)
        var idRange: [Range<Int>] = []
        idRange.reserveCapacity(summaries.count)
        for s in summaries { let from = ids.count; ids.string(s.id); idRange.append(from..<ids.count) }
        ids.withBytes { idBytes in
            func list(_ k: StaticString, _ members: some Sequence<Int>, _ w: inout JSONObjectWriter) {
                w.key(k, out)
                out.raw("[")
                var first = true
                for m in members {
                    if !first { out.raw(",") }
                    first = false
                    out.append(UnsafeBufferPointer(rebasing: idBytes[idRange[m]]))
                }
                out.raw("]")
            }
            out.raw("[")
            for (k, i) in waiting.enumerated() {
                if k > 0 { out.raw(",") }
                let s = summaries[i]
                var w = JSONObjectWriter()
                out.raw("{")
                w.string("agent", s.agent, out)
                list("chain", chain(i), &w)
                w.int("chainLength", distance[i] + 1, out)
                if let cycle = cycles.first(where: { $0.contains(s.id) }) { w.strings("cycle", cycle, out) }
                w.strings("dependsOn", s.dependsOn, out)
                w.key("id", out); out.append(UnsafeBufferPointer(rebasing: idBytes[idRange[i]]))
                w.optionalString("reason", s.blockedReason, out)
                list("rootBlockers", roots(i).lazy.map { Int($0) }, &w)
                w.string("status", s.status.rawValue, out)
                w.string("title", s.title, out)
                list("waitingOn", openDeps[i], &w)
                out.raw("}")
            }
            out.raw("]")
        }
    }
}
