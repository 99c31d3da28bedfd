/// One line of the project's status: what `status`, `ready` and `graph` show.
/// Built from the read models or from a replay; both give the same values.
public struct WorkstreamSummary: Equatable, Codable, Sendable {
    public var id: String
    public var title: String
    public var status: Status
    public var agent: String?
    public var dependsOn: [String]
    public var phase: String?
    public var owner: String?
    public var estimate: Double?
    public var blockedReason: String?
    public var tasksDone: Int
    public var tasksTotal: Int
    /// Two branches started it for different agents (see `Workstream.conflict`).
    public var conflict: String?

    public init(id: String, title: String, status: Status, agent: String?, dependsOn: [String], phase: String?,
                owner: String?, estimate: Double?, blockedReason: String?, tasksDone: Int, tasksTotal: Int, conflict: String? = nil) {
        self.conflict = conflict
        self.id = id; self.title = title; self.status = status; self.agent = agent; self.dependsOn = dependsOn
        self.phase = phase; self.owner = owner; self.estimate = estimate; self.blockedReason = blockedReason
        self.tasksDone = tasksDone; self.tasksTotal = tasksTotal
    }

    enum CodingKeys: String, CodingKey {
        case id, title, status, agent, dependsOn, phase, owner, estimate, blockedReason, tasksDone, tasksTotal, conflict
    }

    /// `agent` is always present (null when nobody holds it), as scripts rely on the key.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(title, forKey: .title); try c.encode(status, forKey: .status)
        try c.encode(agent, forKey: .agent); try c.encode(dependsOn, forKey: .dependsOn)
        try c.encodeIfPresent(phase, forKey: .phase); try c.encodeIfPresent(owner, forKey: .owner)
        try c.encodeIfPresent(estimate, forKey: .estimate); try c.encodeIfPresent(blockedReason, forKey: .blockedReason)
        try c.encode(tasksDone, forKey: .tasksDone); try c.encode(tasksTotal, forKey: .tasksTotal)
        try c.encodeIfPresent(conflict, forKey: .conflict)
    }
}

extension WorkspaceState {
    public func summary(of id: String) -> WorkstreamSummary? {
        guard let w = self[id], let status = status(of: id) else { return nil }
        return WorkstreamSummary(id: w.id, title: w.title, status: status, agent: w.agent, dependsOn: w.dependsOn,
                                 phase: w.phase, owner: w.owner, estimate: w.estimate, blockedReason: w.blockedReason,
                                 tasksDone: w.tasks.filter(\.done).count, tasksTotal: w.tasks.count, conflict: w.conflict)
    }

    public var summaries: [WorkstreamSummary] { ordered.compactMap { summary(of: $0.id) } }
}

/// Why a workstream cannot be worked on now, and the chain that leads to the
/// work that has to happen first.
public struct BlockingReport: Equatable, Codable, Sendable {
    public var id: String
    public var title: String
    public var status: Status
    public var agent: String?
    public var dependsOn: [String]
    /// Set when someone blocked it explicitly.
    public var reason: String?
    /// Direct dependencies that are not completed.
    public var waitingOn: [String]
    /// The shortest chain from this workstream down to open work that waits on
    /// nothing; on a long chain, its first `chainLimit` links and the last one.
    public var chain: [String]
    /// How many workstreams the whole chain has.
    public var chainLength: Int
    /// Every open workstream at the bottom of its chains: what must move first.
    public var rootBlockers: [String]

    public static let chainLimit = 10

    /// "A2 (planned) → … → A1 (ready)": the chain after this workstream, for people.
    public func chainText(_ label: (String) -> String) -> String {
        var parts = chain.dropFirst().map(label)
        if chainLength > chain.count, parts.count >= 2 { parts.insert("…", at: parts.count - 1) }
        return parts.joined(separator: " → ")
    }

    /// Computed over indices in dependency order, so ten thousand workstreams
    /// with long chains cost linear time, not a walk per workstream.
    public static func reports(for summaries: [WorkstreamSummary]) -> [BlockingReport] {
        let n = summaries.count
        var index: [String: Int] = [:]
        for (i, s) in summaries.enumerated() { index[s.id] = i }
        let isOpen = summaries.map { $0.status != .completed }
        // Open dependencies, by index, in id order (dependsOn is sorted).
        let openDeps: [[Int]] = summaries.map { s in s.dependsOn.compactMap { index[$0] }.filter { isOpen[$0] } }
        var order: [Int] = []
        order.reserveCapacity(n)
        var state = [UInt8](repeating: 0, count: n) // 1 visiting, 2 done
        for start in 0..<n where state[start] == 0 {
            var stack: [(Int, Int)] = [(start, 0)]
            state[start] = 1
            while let (node, next) = stack.last {
                if next < openDeps[node].count {
                    stack[stack.count - 1].1 += 1
                    let d = openDeps[node][next]
                    if state[d] == 0 { state[d] = 1; stack.append((d, 0)) } // a cycle (hand-edited log) is skipped
                } else {
                    state[node] = 2; order.append(node); stack.removeLast()
                }
            }
        }
        // Root blockers as bit sets over the roots (open work waiting on nothing), numbered in id order.
        let rootList = (0..<n).filter { isOpen[$0] && openDeps[$0].isEmpty }.sorted { summaries[$0].id < summaries[$1].id }
        var rootNumber = [Int](repeating: -1, count: n)
        for (k, r) in rootList.enumerated() { rootNumber[r] = k }
        let words = (rootList.count + 63) / 64
        var roots = [[UInt64]](repeating: [], count: n)
        var distance = [Int](repeating: 0, count: n)
        var nextHop = [Int](repeating: -1, count: n)
        for i in order where isOpen[i] {
            if openDeps[i].isEmpty {
                var bits = [UInt64](repeating: 0, count: words)
                bits[rootNumber[i] / 64] |= 1 << UInt64(rootNumber[i] % 64)
                roots[i] = bits
                continue
            }
            var bits = [UInt64](repeating: 0, count: words)
            var best = Int.max
            for d in openDeps[i] {
                for (w, word) in roots[d].enumerated() { bits[w] |= word }
                if distance[d] < best { best = distance[d]; nextHop[i] = d }
            }
            roots[i] = bits
            distance[i] = best == Int.max ? 0 : best + 1
        }
        func rootIds(_ bits: [UInt64]) -> [String] {
            var ids: [String] = []
            for (w, word) in bits.enumerated() where word != 0 {
                for b in 0..<64 where word & (1 << UInt64(b)) != 0 { ids.append(summaries[rootList[w * 64 + b]].id) }
            }
            return ids
        }
        return summaries.enumerated().compactMap { i, s in
            guard s.status == .blocked || s.status == .planned else { return nil }
            var chain = [s.id]
            var at = i
            var length = 1
            while nextHop[at] >= 0 && length <= n {
                at = nextHop[at]
                length += 1
                if chain.count < chainLimit { chain.append(summaries[at].id) }
            }
            if length > chainLimit { chain.append(summaries[at].id) }
            let waiting = openDeps[i].map { summaries[$0].id }
            return BlockingReport(id: s.id, title: s.title, status: s.status, agent: s.agent, dependsOn: s.dependsOn,
                                  reason: s.blockedReason, waitingOn: waiting, chain: chain, chainLength: length,
                                  rootBlockers: waiting.isEmpty ? [] : rootIds(roots[i]))
        }
    }
}
