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

/// The SVG drawing of a set of workstreams and the dependencies among them.
enum GraphSVG {
    static let nodeWidth = 176, nodeHeight = 46, gapX = 64, gapY = 14, margin = 16
    static let titleLength = 24

    /// Nodes a row when drawing a chain.
    static let chainRow = 6

    /// `chain`: `members` is the critical path in order, drawn in rows rather than layered.
    static func render(_ html: inout HTML, members: [Int], snapshot: Snapshot, focus: String?, chain: Bool = false) {
        var local: [Int: Int] = [:]
        for (k, i) in members.enumerated() { local[i] = k }
        let ids = members.map { snapshot.summaries[$0].id }
        let deps = members.map { i in snapshot.summaries[i].dependsOn.compactMap { snapshot.index[$0].flatMap { local[$0] } } }
        let layout = chain ? GraphLayout(chain: ids, perRow: chainRow) : GraphLayout(ids: ids, dependsOn: deps)
        let width = margin * 2 + layout.layerCount * (nodeWidth + gapX) - gapX
        let height = margin * 2 + layout.rowCount * (nodeHeight + gapY) - gapY
        func x(_ k: Int) -> Int { margin + layout.nodes[k].layer * (nodeWidth + gapX) }
        func y(_ k: Int) -> Int { margin + layout.nodes[k].row * (nodeHeight + gapY) }
        /// Left to right between columns; from a row's end down to the next row's start in a wrapped chain.
        func edgePath(from: Int, to: Int) -> String {
            if layout.nodes[to].layer > layout.nodes[from].layer {
                let x1 = x(from) + nodeWidth, y1 = y(from) + nodeHeight / 2, x2 = x(to), y2 = y(to) + nodeHeight / 2
                let mid = (x1 + x2) / 2
                return "M\(x1),\(y1) C\(mid),\(y1) \(mid),\(y2) \(x2),\(y2)"
            }
            let x1 = x(from) + nodeWidth / 2, y1 = y(from) + nodeHeight, x2 = x(to) + nodeWidth / 2, y2 = y(to)
            return "M\(x1),\(y1) C\(x1),\(y1 + gapY * 2) \(x2),\(y2 - gapY * 2) \(x2),\(y2)"
        }
        var criticalEdge = Set<String>()
        let path = snapshot.critical.path.map(\.id)
        for (a, b) in zip(path, path.dropFirst()) { criticalEdge.insert(a + "\u{0}" + b) }
        html.raw("<div class=\"graph-scroll\"><svg class=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"dependency graph\">")
        html.raw("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>")
        for (from, to) in layout.edges {
            let critical = criticalEdge.contains(ids[from] + "\u{0}" + ids[to])
            html.raw("<path class=\"edge\(critical ? " critical" : "")\" d=\"\(edgePath(from: from, to: to))\" marker-end=\"url(#arrow)\"/>")
        }
        for (k, i) in members.enumerated() {
            let s = snapshot.summaries[i]
            let critical = snapshot.onCriticalPath.contains(s.id)
            html.raw("<a class=\"node-link\" href=\"/w/")
            html.attr(HTML.pathComponent(s.id))
            html.raw("\"><g class=\"node status-\(s.status.rawValue)\(critical ? " critical" : "")\(s.id == focus ? " focus" : "")\" data-id=\"")
            html.attr(s.id)
            html.raw("\"><title>")
            html.text("\(s.id) \(s.title) (\(s.status.label))")
            html.raw("</title><rect x=\"\(x(k))\" y=\"\(y(k))\" width=\"\(nodeWidth)\" height=\"\(nodeHeight)\" rx=\"6\"/>")
            html.text(s.id, between: "<text x=\"\(x(k) + 8)\" y=\"\(y(k) + 18)\" class=\"node-id\">",
                      and: "</text><text x=\"\(x(k) + 8)\" y=\"\(y(k) + 36)\" class=\"node-title\">")
            html.text(s.title.count > titleLength ? String(s.title.prefix(titleLength - 1)) + "…" : s.title)
            html.raw("</text></g></a>")
        }
        html.raw("</svg></div>")
    }
}
