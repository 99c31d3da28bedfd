import WorkstreamKit

/// A layered drawing of a dependency graph, done on the server: each
/// workstream sits one column to the right of its furthest dependency (the
/// longest-path layering), and the order inside a column is improved by a few
/// sweeps of the barycenter heuristic (each node moves toward the mean row of
/// its neighbours), which removes most crossings of plans as people write them.
/// Pure and deterministic: the same graph gives the same picture.
struct GraphLayout {
    struct Node {
        var id: String
        var layer: Int
        var row: Int
    }

    /// Nodes in the order given, each with its column (layer) and row.
    private(set) var nodes: [Node] = []
    /// Edges as (dependency index, dependent index): drawn left to right.
    private(set) var edges: [(from: Int, to: Int)] = []
    private(set) var layerCount = 0
    private(set) var rowCount = 0

    /// Four sweeps down and up: on the demo plans further sweeps moved nothing.
    static let sweeps = 4

    /// `dependsOn` lists, by node, the indices of its dependencies (within `ids`).
    init(ids: [String], dependsOn: [[Int]]) {
        let n = ids.count
        guard n > 0 else { return }
        for (i, deps) in dependsOn.enumerated() { for d in deps where d != i { edges.append((d, i)) } }
        let layer = Self.layers(count: n, dependsOn: dependsOn)
        layerCount = (layer.max() ?? 0) + 1
        var columns = [[Int]](repeating: [], count: layerCount)
        for i in 0..<n { columns[layer[i]].append(i) }
        var dependents = [[Int]](repeating: [], count: n)
        for (from, to) in edges { dependents[from].append(to) }
        var position = [Double](repeating: 0, count: n)
        func renumber(_ column: [Int]) { for (r, i) in column.enumerated() { position[i] = Double(r) } }
        columns.forEach(renumber)
        for sweep in 0..<(Self.sweeps * 2) {
            let forward = sweep % 2 == 0
            let order = forward ? Array(1..<max(layerCount, 1)) : Array((0..<max(layerCount - 1, 0)).reversed())
            for c in order {
                let neighbours = forward ? dependsOn : dependents
                let keyed = columns[c].map { i -> (Int, Double) in
                    let ns = neighbours[i].filter { layer[$0] != layer[i] }
                    guard !ns.isEmpty else { return (i, position[i]) }
                    return (i, ns.reduce(0.0) { $0 + position[$1] } / Double(ns.count))
                }
                // Stable: ties keep the earlier order, so the result does not depend on the sort.
                columns[c] = keyed.enumerated().sorted { a, b in
                    a.element.1 != b.element.1 ? a.element.1 < b.element.1 : a.offset < b.offset
                }.map { $0.element.0 }
                renumber(columns[c])
            }
        }
        nodes = ids.indices.map { Node(id: ids[$0], layer: layer[$0], row: Int(position[$0])) }
        rowCount = columns.map(\.count).max() ?? 0
    }

    /// A chain (the critical path) in reading order, `perRow` nodes a row: hundreds of
    /// links on one row would be a picture too wide to follow.
    init(chain ids: [String], perRow: Int) {
        let width = max(perRow, 1)
        nodes = ids.enumerated().map { k, id in Node(id: id, layer: k % width, row: k / width) }
        edges = ids.indices.dropFirst().map { ($0 - 1, $0) }
        layerCount = min(ids.count, width)
        rowCount = (ids.count + width - 1) / width
    }

    /// Longest path from a node without dependencies, by Kahn's algorithm; nodes
    /// on a dependency cycle (a merge of two clones can close one) go one column
    /// after everything else instead of looping.
    static func layers(count n: Int, dependsOn: [[Int]]) -> [Int] {
        var remaining = dependsOn.enumerated().map { i, deps in deps.filter { $0 != i }.count }
        var dependents = [[Int]](repeating: [], count: n)
        for (i, deps) in dependsOn.enumerated() { for d in deps where d != i { dependents[d].append(i) } }
        var layer = [Int](repeating: 0, count: n)
        var queue = (0..<n).filter { remaining[$0] == 0 }
        var head = 0
        var placed = [Bool](repeating: false, count: n)
        while head < queue.count {
            let i = queue[head]
            head += 1
            placed[i] = true
            for j in dependents[i] {
                layer[j] = max(layer[j], layer[i] + 1)
                remaining[j] -= 1
                if remaining[j] == 0 { queue.append(j) }
            }
        }
        let beyond = (layer.max() ?? 0) + 1
        for i in 0..<n where !placed[i] { layer[i] = beyond }
        return layer
    }
}
