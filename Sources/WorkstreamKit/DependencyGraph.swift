/// The dependency graph, for the questions a project manager asks: what would
/// close a cycle, what blocks what, and which chain is the longest.
/// Edges point from a workstream to what it depends on.
public struct DependencyGraph: Sendable {
    public private(set) var order: [String]
    public private(set) var dependsOn: [String: [String]]
    public private(set) var dependents: [String: [String]]

    public init(nodes: [String], edges: [(id: String, dependsOn: String)]) {
        order = nodes
        var deps: [String: [String]] = [:]
        var rev: [String: [String]] = [:]
        for e in edges {
            deps[e.id, default: []].append(e.dependsOn)
            rev[e.dependsOn, default: []].append(e.id)
        }
        dependsOn = deps.mapValues { $0.sorted() }
        dependents = rev.mapValues { $0.sorted() }
    }

    public init(_ state: WorkspaceState) {
        let ordered = state.ordered
        self.init(nodes: ordered.map(\.id), edges: ordered.flatMap { w in w.dependsOn.map { (w.id, $0) } })
    }

    /// The graph of the summaries' dependencies (status, ready, blocked and the board read it from the read models).
    public init(_ summaries: [WorkstreamSummary]) {
        self.init(nodes: summaries.map(\.id), edges: summaries.flatMap { s in s.dependsOn.map { (s.id, $0) } })
    }

    /// The cycle that `id` depending on `dep` would close, as `id → dep → … → id`.
    public func cycle(adding id: String, dependsOn dep: String) -> [String]? {
        if id == dep { return [id, id] }
        guard let path = path(from: dep, to: id) else { return nil }
        return [id] + path
    }

    /// A path following dependencies from `start` to `goal`, both included (through `members` only, when given).
    public func path(from start: String, to goal: String, within members: Set<String>? = nil) -> [String]? {
        var parent: [String: String] = [:]
        var queue = [start]
        var seen: Set<String> = [start]
        var head = 0
        while head < queue.count {
            let node = queue[head]; head += 1
            if node == goal {
                var path = [goal]
                while let p = parent[path[0]] { path.insert(p, at: 0) }
                return path
            }
            for next in dependsOn[node] ?? [] where !seen.contains(next) && members?.contains(next) != false {
                seen.insert(next); parent[next] = node; queue.append(next)
            }
        }
        return nil
    }

    /// Some cycle in the graph, closed (first id repeated at the end), or nil.
    public func anyCycle() -> [String]? {
        var color: [String: Int] = [:] // 1 = on the stack, 2 = done
        var stack: [String] = []
        func visit(_ n: String) -> [String]? {
            color[n] = 1; stack.append(n)
            for m in dependsOn[n] ?? [] {
                if color[m] == 1, let i = stack.firstIndex(of: m) { return Array(stack[i...]) + [m] }
                if color[m] == nil, let c = visit(m) { return c }
            }
            color[n] = 2; stack.removeLast()
            return nil
        }
        for n in order.sorted() where color[n] == nil {
            if let c = visit(n) { return c }
        }
        return nil
    }

    /// Everything `id` depends on (or, reversed, everything depending on it), with
    /// the shortest distance, in breadth-first order.
    public func closure(of id: String, reverse: Bool = false) -> [(id: String, depth: Int)] {
        let next = reverse ? dependents : dependsOn
        var result: [(String, Int)] = []
        var seen: Set<String> = [id]
        var frontier = [id]
        var depth = 0
        while !frontier.isEmpty {
            depth += 1
            var upcoming: [String] = []
            for n in frontier {
                for m in next[n] ?? [] where !seen.contains(m) {
                    seen.insert(m); upcoming.append(m); result.append((m, depth))
                }
            }
            frontier = upcoming
        }
        return result
    }

    /// Nodes so that every node comes after what it depends on (ties in declaration order).
    public func topologicalOrder() -> [String] {
        var remaining: [String: Int] = [:]
        for n in order { remaining[n] = (dependsOn[n] ?? []).count }
        var ready = order.filter { remaining[$0] == 0 }
        var result: [String] = []
        var head = 0
        while head < ready.count {
            let n = ready[head]; head += 1
            result.append(n)
            for d in dependents[n] ?? [] {
                guard let r = remaining[d] else { continue }
                remaining[d] = r - 1
                if r - 1 == 0 { ready.append(d) }
            }
        }
        return result
    }

    /// The longest chain of open work by estimate. `weight` is nil for nodes to leave out
    /// (completed or cancelled); a chain passes only through included nodes.
    public func criticalPath(weight: (String) -> Double?) -> (path: [String], total: Double) {
        var best: [String: (total: Double, prev: String?)] = [:]
        for n in topologicalOrder() {
            guard let w = weight(n) else { continue }
            var entry: (total: Double, prev: String?) = (w, nil)
            for d in dependsOn[n] ?? [] {
                if let b = best[d], b.total + w > entry.total { entry = (b.total + w, d) }
            }
            best[n] = entry
        }
        guard let end = order.filter({ best[$0] != nil }).max(by: { (best[$0]?.total ?? 0) < (best[$1]?.total ?? 0) }),
              let total = best[end]?.total else { return ([], 0) }
        var path = [end]
        while let prev = best[path[0]]?.prev { path.insert(prev, at: 0) }
        return (path, total)
    }
}
