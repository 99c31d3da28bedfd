import WorkstreamKit

/// The dependency graph as SVG. A plan of up to `wholeLimit` workstreams is
/// drawn whole; a larger one (the 10,000-workstream benchmark) is drawn as a
/// workstream's neighbourhood (`focus`, `depth`) or as its critical path, since
/// thousands of boxes on one canvas show nothing. Each node is a link to its page.
enum GraphPage {
    static let wholeLimit = 400
    /// A neighbourhood stops growing here: a hub's dependents could be thousands.
    static let neighbourhoodLimit = 250

    struct Request {
        var focus: String?
        var depth: Int
        var critical: Bool

        init(_ form: FormQuery) {
            focus = form["focus"]
            depth = min(max(form.int("depth") ?? 2, 1), 6)
            critical = form["view"] == "critical"
        }
    }

    static func render(_ snapshot: Snapshot, request: Request) -> String {
        let n = snapshot.summaries.count
        var members: [Int]
        var heading: String
        if let focus = request.focus {
            guard let start = snapshot.index[focus] else {
                return Page.message(title: "Unknown workstream", text: "There is no workstream '\(focus)'.", head: snapshot.seq)
            }
            members = neighbourhood(of: start, depth: request.depth, snapshot)
            heading = "Around \(focus), \(request.depth) step\(request.depth == 1 ? "" : "s") each way"
        } else if request.critical || n > wholeLimit {
            members = snapshot.criticalPath.compactMap { snapshot.index[$0] }
            heading = "Critical path"
        } else {
            members = Array(0..<n)
            heading = "All workstreams"
        }
        return Page.render(title: "Graph", section: .graph, head: snapshot.seq) { html in
            html.raw("<h1>")
            html.text(heading)
            html.raw("</h1><form class=\"filters\" method=\"get\" action=\"/graph\"><input type=\"search\" name=\"focus\" placeholder=\"Workstream id\" aria-label=\"Workstream\" value=\"")
            html.attr(request.focus ?? "")
            html.raw("\"><select name=\"depth\" aria-label=\"Depth\">")
            for d in 1...4 { html.raw("<option value=\"\(d)\"\(d == request.depth ? " selected" : "")>\(d) step\(d == 1 ? "" : "s")</option>") }
            html.raw("</select><button type=\"submit\">Show neighbourhood</button> <a href=\"/graph?view=critical\">Critical path</a>")
            if n <= wholeLimit { html.raw(" <a href=\"/graph\">Whole graph</a>") }
            html.raw("</form>")
            if n > wholeLimit, request.focus == nil {
                html.raw("<p class=\"note\">\(n) workstreams are too many to draw at once: the critical path is shown; pick a workstream to see its neighbourhood.</p>")
            }
            legend(&html)
            if members.isEmpty { html.raw("<p class=\"none\">nothing to draw</p>"); return }
            GraphSVG.render(&html, members: members, snapshot: snapshot, focus: request.focus)
        }
    }

    /// Breadth-first both ways from `start`, up to `depth` steps and `neighbourhoodLimit` nodes.
    static func neighbourhood(of start: Int, depth: Int, _ snapshot: Snapshot) -> [Int] {
        var seen: Set<Int> = [start]
        var order = [start]
        var frontier = [start]
        for _ in 0..<depth {
            var next: [Int] = []
            for i in frontier {
                let deps = snapshot.summaries[i].dependsOn.compactMap { snapshot.index[$0] }
                for j in deps + snapshot.dependents[i] where !seen.contains(j) {
                    guard order.count < neighbourhoodLimit else { break }
                    seen.insert(j)
                    order.append(j)
                    next.append(j)
                }
            }
            frontier = next
        }
        return order.sorted()
    }

    private static func legend(_ html: inout HTML) {
        html.raw("<p class=\"legend\"><span class=\"key status-ready\">ready</span> <span class=\"key status-in_progress\">in progress</span> ")
        html.raw("<span class=\"key status-blocked\">blocked</span> <span class=\"key status-planned\">planned</span> ")
        html.raw("<span class=\"key status-completed\">completed</span> <span class=\"key critical\">critical path</span> — arrows point from a dependency to what waits on it</p>")
    }
}

/// The SVG drawing of a set of workstreams and the dependencies among them.
enum GraphSVG {
    static let nodeWidth = 176, nodeHeight = 46, gapX = 64, gapY = 14, margin = 16
    static let titleLength = 24

    static func render(_ html: inout HTML, members: [Int], snapshot: Snapshot, focus: String?) {
        var local: [Int: Int] = [:]
        for (k, i) in members.enumerated() { local[i] = k }
        let ids = members.map { snapshot.summaries[$0].id }
        let deps = members.map { i in snapshot.summaries[i].dependsOn.compactMap { snapshot.index[$0].flatMap { local[$0] } } }
        let layout = GraphLayout(ids: ids, dependsOn: deps)
        let width = margin * 2 + layout.layerCount * (nodeWidth + gapX) - gapX
        let height = margin * 2 + layout.rowCount * (nodeHeight + gapY) - gapY
        func x(_ k: Int) -> Int { margin + layout.nodes[k].layer * (nodeWidth + gapX) }
        func y(_ k: Int) -> Int { margin + layout.nodes[k].row * (nodeHeight + gapY) }
        var criticalEdge = Set<String>()
        for (a, b) in zip(snapshot.criticalPath, snapshot.criticalPath.dropFirst()) { criticalEdge.insert(a + "\u{0}" + b) }
        html.raw("<div class=\"graph-scroll\"><svg class=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"dependency graph\">")
        html.raw("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>")
        for (from, to) in layout.edges {
            let x1 = x(from) + nodeWidth, y1 = y(from) + nodeHeight / 2
            let x2 = x(to), y2 = y(to) + nodeHeight / 2
            let mid = (x1 + x2) / 2
            let critical = criticalEdge.contains(ids[from] + "\u{0}" + ids[to])
            html.raw("<path class=\"edge\(critical ? " critical" : "")\" d=\"M\(x1),\(y1) C\(mid),\(y1) \(mid),\(y2) \(x2),\(y2)\" marker-end=\"url(#arrow)\"/>")
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
