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
    /// Steps each way from a focus: the page's menu offers exactly what `ws graph --depth` and the URL take.
    static let depthRange = 1...6

    struct Request {
        var focus: String?
        var depth: Int
        var critical: Bool

        init(_ form: FormQuery) {
            focus = form["focus"]
            depth = min(max(form.int("depth") ?? 2, depthRange.lowerBound), depthRange.upperBound)
            critical = form["view"] == "critical"
        }

        init(focus: String?, depth: Int, critical: Bool) {
            (self.focus, self.critical) = (focus, critical)
            self.depth = min(max(depth, depthRange.lowerBound), depthRange.upperBound)
        }
    }

    /// What a request draws: its workstreams (indices), the page's heading, whether they are a chain, and
    /// why the drawing is less than was asked for, when it is (said on the page and by `ws graph` on stderr).
    struct Selection {
        var members: [Int]
        var heading: String
        var chain = false
        var cut: String?
    }

    /// nil for a focus that names no workstream.
    static func select(_ snapshot: Snapshot, request: Request) -> Selection? {
        let n = snapshot.summaries.count
        if let focus = request.focus {
            guard let start = snapshot.index[focus] else { return nil }
            let (members, complete) = neighbourhood(of: start, depth: request.depth, snapshot)
            return Selection(members: members,
                             heading: "Around \(focus), \(request.depth) step\(request.depth == 1 ? "" : "s") each way",
                             cut: complete ? nil : "the neighbourhood is cut at \(neighbourhoodLimit) workstreams, "
                                 + "the nearest first; the others are not drawn ('ws show \(focus)' lists every "
                                 + "dependency and dependent)")
        }
        if request.critical || n > wholeLimit {
            let members = snapshot.critical.path.compactMap { snapshot.index[$0.id] }
            let heading = "Critical path: \(members.count) workstreams, \(Hours.format(snapshot.critical.totalHours))"
            let tooMany = "\(n) workstreams are too many to draw at once (more than \(wholeLimit)): the critical "
                + "path is drawn; pick a workstream to see its neighbourhood"
            return Selection(members: members, heading: heading, chain: true, cut: request.critical ? nil : tooMany)
        }
        return Selection(members: Array(0..<n), heading: "All workstreams")
    }

    /// Layouts wait for `dot` (tens of milliseconds, up to its deadline), each on a thread of its own: never
    /// on Swift's cooperative pool nor on Dispatch's workers (two on two cores, which the log's queue needs:
    /// blocked there, two slow layouts kept `/api/status` waiting 14 s). At most `layoutSlots` run at once (a
    /// slow one no longer holds up every other), at most `waitingLimit` more wait for a slot without holding
    /// a thread, and the next is told the board is busy (503) rather than queued without end.
    static let layoutSlots = 2
    static let waitingLimit = 16
    private static let slots = WorkSlots(layoutSlots)

    /// Pages drawn at the current head, by request, so a page open in many browsers costs one layout
    /// (a `dot` process is some 7 ms); emptied when the head moves. `inFlight`: the layouts under way, each
    /// with the requests for the same drawing that wait for it instead of laying it out again. `waiting`:
    /// layouts admitted and not yet finished. All under `lock`.
    nonisolated(unsafe) private static var drawn: (head: String, pages: [String: String]) = ("", [:])
    nonisolated(unsafe) private static var inFlight: [String: [CheckedContinuation<Turn, Never>]] = [:]
    nonisolated(unsafe) private static var waiting = 0
    private static let lock = NSLock()
    static let drawnLimit = 64

    /// What a request for a drawing is told: here it is, lay it out, or the board is busy.
    enum Turn: Sendable { case page(String), layOut, busy }

    /// The page, or nil when `waitingLimit` layouts are already waiting.
    static func renderOffThePool(_ snapshot: Snapshot, request: Request) async -> String? {
        let head = "\(snapshot.seq) \(snapshot.hash)"
        let key = "\(request.focus ?? "")\u{0}\(request.depth)\u{0}\(request.critical)"
        let flight = head + "\u{0}" + key
        let turn = await withCheckedContinuation { (continuation: CheckedContinuation<Turn, Never>) in
            lock.withLock {
                if drawn.head != head || drawn.pages.count >= drawnLimit { drawn = (head, [:]) }
                if let page = drawn.pages[key] { return continuation.resume(returning: .page(page)) }
                if inFlight[flight] != nil { return inFlight[flight, default: []].append(continuation) }
                guard waiting < layoutSlots + waitingLimit else { return continuation.resume(returning: .busy) }
                waiting += 1
                inFlight[flight] = []
                continuation.resume(returning: .layOut)
            }
        }
        switch turn {
        case .page(let page): return page
        case .busy: return nil
        case .layOut: break
        }
        await slots.acquire()
        let page = await withCheckedContinuation { (continuation: CheckedContinuation<String, Never>) in
            Thread { continuation.resume(returning: render(snapshot, request: request)) }.start()
        }
        await slots.release()
        let followers = lock.withLock {
            waiting -= 1
            if drawn.head == head, drawn.pages.count < drawnLimit { drawn.pages[key] = page }
            return inFlight.removeValue(forKey: flight) ?? []
        }
        for follower in followers { follower.resume(returning: .page(page)) }
        return page
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
            for d in depthRange { html.raw("<option value=\"\(d)\"\(d == request.depth ? " selected" : "")>\(d) step\(d == 1 ? "" : "s")</option>") }
            html.raw("</select><button type=\"submit\">Show neighbourhood</button> <a href=\"/graph?view=critical\">Critical path</a>")
            if n <= wholeLimit { html.raw(" <a href=\"/graph\">Whole graph</a>") }
            html.raw("</form>")
            if let cut = selection.cut {
                html.text(String(cut.prefix(1)).uppercased() + String(cut.dropFirst()) + ".",
                          between: "<p class=\"note\">", and: "</p>")
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

    /// Breadth-first both ways from `start`, up to `depth` steps and `neighbourhoodLimit` nodes; false when
    /// the limit left some of them out.
    static func neighbourhood(of start: Int, depth: Int, _ snapshot: Snapshot) -> (members: [Int], complete: Bool) {
        var seen: Set<Int> = [start]
        var order = [start]
        var frontier = [start]
        var complete = true
        for _ in 0..<depth {
            var next: [Int] = []
            for i in frontier {
                let deps = snapshot.summaries[i].dependsOn.compactMap { snapshot.index[$0] }
                for j in deps + snapshot.dependents[i] where !seen.contains(j) {
                    guard order.count < neighbourhoodLimit else { complete = false; break }
                    seen.insert(j)
                    order.append(j)
                    next.append(j)
                }
            }
            frontier = next
        }
        return (order.sorted(), complete)
    }

    private static func legend(_ html: inout HTML) {
        html.raw("<p class=\"legend\"><span class=\"key status-ready\">ready</span> <span class=\"key status-in_progress\">in progress</span> ")
        html.raw("<span class=\"key status-blocked\">blocked</span> <span class=\"key status-planned\">planned</span> ")
        html.raw("<span class=\"key status-completed\">completed</span> <span class=\"key critical\">critical path</span> — arrows point from a dependency to what waits on it</p>")
    }
}
