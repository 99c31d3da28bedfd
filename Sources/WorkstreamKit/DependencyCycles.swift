/// Dependency cycles. Appends refuse an edge that would close one, but edges
/// added on two clones can close one together when the clones merge: ws then
/// reports it as a conflict and keeps every workstream on it waiting.
extension DependencyGraph {
    /// One cycle for each group of workstreams that reach each other, as
    /// `a → b → … → a` starting at the group's smallest id; sorted by that id.
    public func cycles() -> [[String]] {
        components().filter { $0.count > 1 }.compactMap { group in
            let members = Set(group)
            guard let start = group.min() else { return nil }
            // The shortest way back to `start` through the group.
            for next in (dependsOn[start] ?? []).sorted() where members.contains(next) {
                if let back = path(from: next, to: start, within: members) { return [start] + back }
            }
            return nil
        }.sorted { $0[0] < $1[0] }
    }

    /// Strongly connected components (Tarjan's algorithm, without recursion: a
    /// ten-thousand-long chain must not exhaust the stack).
    func components() -> [[String]] {
        var index: [String: Int] = [:]
        var low: [String: Int] = [:]
        var onStack: Set<String> = []
        var stack: [String] = []
        var result: [[String]] = []
        var counter = 0
        for root in order.sorted() where index[root] == nil {
            var work: [(node: String, next: Int)] = [(root, 0)]
            index[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack.insert(root)
            while let (node, next) = work.last {
                let edges = dependsOn[node] ?? []
                if next < edges.count {
                    work[work.count - 1].next += 1
                    let m = edges[next]
                    if index[m] == nil {
                        index[m] = counter; low[m] = counter; counter += 1
                        stack.append(m); onStack.insert(m)
                        work.append((m, 0))
                    } else if onStack.contains(m) {
                        low[node] = min(low[node] ?? 0, index[m] ?? 0)
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last?.node { low[parent] = min(low[parent] ?? 0, low[node] ?? 0) }
                guard low[node] == index[node] else { continue }
                var group: [String] = []
                while let top = stack.popLast() {
                    onStack.remove(top)
                    group.append(top)
                    if top == node { break }
                }
                result.append(group)
            }
        }
        return result
    }
}

/// A conflict as `ws conflicts` lists it: the workstream it is on, and the conflict.
public struct ConflictReport: Equatable, Sendable {
    public var workstream: String
    public var conflict: Conflict
    public init(workstream: String, conflict: Conflict) { self.workstream = workstream; self.conflict = conflict }
}

extension WorkspaceState {
    /// Every unsettled conflict: those on workstreams in listing order, then dependency cycles.
    public var conflictReports: [ConflictReport] {
        var reports: [ConflictReport] = []
        for w in ordered { reports += w.conflicts.map { ConflictReport(workstream: w.id, conflict: $0) } }
        for cycle in DependencyGraph(self).cycles() {
            var entries: [ConflictEntry] = []
            for (from, to) in zip(cycle, cycle.dropFirst()) {
                let setter = self[from]?.setters[Register.dependency(to)] ?? Setter(eventId: "", actor: "", time: "")
                entries.append(ConflictEntry(setter, effect: .dependency(from: from, to: to)))
            }
            let outcome = "\(cycle.joined(separator: " → ")): none of them can start until one dependency is removed (ws resolve \(cycle[0]) --drop-dependency \(cycle[1]))"
            reports.append(ConflictReport(workstream: cycle[0], conflict: Conflict(kind: .cycle, entries: entries, outcome: outcome)))
        }
        return reports
    }
}
