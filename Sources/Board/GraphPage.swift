import Foundation
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

        init(focus: String?, depth: Int, critical: Bool) {
            (self.focus, self.depth, self.critical) = (focus, min(max(depth, 1), 6), critical)
        }
    }

    /// What a request draws: its workstreams (indices), the page's heading, and whether they are a chain.
    struct Selection {
        var members: [Int]
        var heading: String
        var chain = false
    }

    /// nil for a focus that names no workstream.
    static func select(_ snapshot: Snapshot, request: Request) -> Selection? {
        let n = snapshot.summaries.count
        if let focus = request.focus {
            guard let start = snapshot.index[focus] else { return nil }
            return Selection(members: neighbourhood(of: start, depth: request.depth, snapshot),
                             heading: "Around \(focus), \(request.depth) step\(request.depth == 1 ? "" : "s") each way")
        }
        if request.critical || n > wholeLimit {
            let members = snapshot.critical.path.compactMap { snapshot.index[$0.id] }
            return Selection(members: members, heading: "Critical path: \(members.count) workstreams, \(Hours.format(snapshot.critical.totalHours))",
                             chain: true)
        }
        return Selection(members: Array(0..<n), heading: "All workstreams")
    }

    /// Layouts wait for `dot` (tens of milliseconds, up to its deadline): on a queue of their own, one at a
    /// time, never on the few threads of Swift's cooperative pool, which the server's other requests need.
    private static let layoutQueue = DispatchQueue(label: "ws.board.graphviz")

    /// Pages drawn at the current head, by request, so a page open in many browsers costs one layout
    /// (a `dot` process is some 7 ms); emptied when the head moves. Read and written on `layoutQueue` only.
    nonisolated(unsafe) private static var drawn: (head: String, pages: [String: String]) = ("", [:])
    static let drawnLimit = 64

    static func renderOffThePool(_ snapshot: Snapshot, request: Request) async -> String {
        await withCheckedContinuation { continuation in
            layoutQueue.async {
                let head = "\(snapshot.seq) \(snapshot.hash)"
                let key = "\(request.focus ?? "")\u{0}\(request.depth)\u{0}\(request.critical)"
                if drawn.head != head || drawn.pages.count >= drawnLimit { drawn = (head, [:]) }
                if let page = drawn.pages[key] { return continuation.resume(returning: page) }
                let page = render(snapshot, request: request)
                drawn.pages[key] = page
                continuation.resume(returning: page)
            }
        }
    }

    static func render(_ snapshot: Snapshot, request: Request) -> String {
        let n = snapshot.summaries.count
        guard let selection = select(snapshot, request: request) else {
            return Page.message(title: "Unknown workstream", text: "There is no workstream '\(request.focus ?? "")'.", head: snapshot.seq)
        }
        let (members, heading, chain) = (selection.members, selection.heading, selection.chain)
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
            var svg = HTML()
            if let fallback = GraphSVG.render(&svg, members: members, snapshot: snapshot, focus: request.focus, chain: chain) {
                html.text(fallback + ": drawn by ws's own simpler layout, where an edge may pass under a box.",
                          between: "<p class=\"note\">", and: "</p>")
            }
            html.raw(svg.output)
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
