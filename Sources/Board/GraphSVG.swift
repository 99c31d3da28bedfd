import WorkstreamKit

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
        for (a, b) in zip(snapshot.criticalPath, snapshot.criticalPath.dropFirst()) { criticalEdge.insert(a + "\u{0}" + b) }
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
            html.raw("<text x=\"\(x(k) + 8)\" y=\"\(y(k) + 18)\" class=\"node-id\">")
            html.text(s.id)
            html.raw("</text><text x=\"\(x(k) + 8)\" y=\"\(y(k) + 36)\" class=\"node-title\">")
            html.text(s.title.count > titleLength ? String(s.title.prefix(titleLength - 1)) + "…" : s.title)
            html.raw("</text></g></a>")
        }
        html.raw("</svg></div>")
    }
}
