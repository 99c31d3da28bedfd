import Foundation
import WorkstreamKit

/// The SVG drawing of a set of workstreams and the dependencies among them: Graphviz places
/// the boxes and routes the edges around them; ws writes the SVG (its styling, the links, the
/// critical-path highlight, every id and title escaped).
enum GraphSVG {
    /// What fits on a box's lines inside its padding (160 px): the id in the 12px monospace (7.2 px a
    /// character), the title in 12px sans-serif, measured in ems by `ems(_:)`.
    static let idColumns = 21, titleEms = 160.0 / 12
    /// Nodes a row when drawing a chain.
    static let chainRow = 6

    /// What a drawing needs besides the workstreams.
    struct Options {
        /// Where a box links: the board's `/w/<id>`, or an absolute address in a standalone SVG.
        var link: (String) -> String = { "/w/" + HTML.pathComponent($0) }
        /// The PATH `dot` is looked for on.
        var path: String? = ProcessInfo.processInfo.environment["PATH"]
        /// A whole SVG document with its own stylesheet, rather than an element of a board page.
        var standalone = false
    }

    /// `chain`: `members` is the critical path in order, drawn in rows of `chainRow` by ws itself
    /// (Graphviz would draw a chain of hundreds as one row as wide). Returns why Graphviz was not
    /// used for a graph that is not a chain (not installed, failed), or nil.
    @discardableResult
    static func render(_ html: inout HTML, members: [Int], snapshot: Snapshot, focus: String?, chain: Bool = false,
                       options: Options = Options()) -> String? {
        var local: [Int: Int] = [:]
        for (k, i) in members.enumerated() { local[i] = k }
        let ids = members.map { snapshot.summaries[$0].id }
        let deps = members.map { i in
            snapshot.summaries[i].dependsOn.compactMap { snapshot.index[$0].flatMap { local[$0] } }
        }
        var placed: PlacedGraph
        var fallback: String?
        if chain {
            placed = GraphLayout(chain: ids, perRow: chainRow).placed()
        } else {
            let own = GraphLayout(ids: ids, dependsOn: deps)
            do {
                placed = try Graphviz.layout(count: ids.count, edges: own.edges, path: options.path)
            } catch Graphviz.Failure.notInstalled {
                (placed, fallback) = (own.placed(), "Graphviz's dot is not installed (apt install graphviz)")
            } catch {
                (placed, fallback) = (own.placed(), "Graphviz could not lay out this graph (\(error))")
            }
        }
        write(&html, placed, ids: ids, members: members, snapshot: snapshot, focus: focus, chain: chain,
              options: options)
        return fallback
    }

    private static func write(_ html: inout HTML, _ placed: PlacedGraph, ids: [String], members: [Int],
                              snapshot: Snapshot, focus: String?, chain: Bool, options: Options) {
        let width = Int(placed.width.rounded(.up)), height = Int(placed.height.rounded(.up))
        var criticalEdge = Set<String>()
        let path = snapshot.critical.path.map(\.id)
        for (a, b) in zip(path, path.dropFirst()) { criticalEdge.insert(a + "\u{0}" + b) }
        if !options.standalone { html.raw("<div class=\"graph-scroll\">") }
        html.raw("<svg class=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
                 + "viewBox=\"0 0 \(width) \(height)\" role=\"group\" aria-label=\"dependency graph\">")
        if options.standalone {
            html.raw("<style>\n" + AssetStyle.palette + "\nsvg.graph { background: #fff; font-family: system-ui, sans-serif; }\n"
                     + AssetStyle.graph + "\n</style>")
        }
        html.raw("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
                 + "orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>")
        for edge in placed.edges {
            let critical = criticalEdge.contains(ids[edge.from] + "\u{0}" + ids[edge.to])
            // Its ends by id, as a node carries its own: for scripts and for the geometry tests.
            html.raw("<path class=\"edge\(critical ? " critical" : "")\" data-from=\"")
            html.attr(ids[edge.from])
            html.raw("\" data-to=\"")
            html.attr(ids[edge.to])
            html.raw("\" d=\"\(PlacedGraph.pathData(edge.points))\" marker-end=\"url(#arrow)\"/>")
        }
        let w = Int(PlacedGraph.boxWidth), h = Int(PlacedGraph.boxHeight)
        // Boxes in the order the drawing reads, so the tab key follows it: a chain row by row (its rows of
        // six run left to right), a graph column by column (dependencies before what waits on them).
        let order = members.indices.sorted {
            let (a, b) = (placed.boxes[$0], placed.boxes[$1])
            return chain ? (a.y, a.x) < (b.y, b.x) : (a.x, a.y) < (b.x, b.y)
        }
        for k in order {
            let i = members[k]
            let s = snapshot.summaries[i]
            let critical = snapshot.onCriticalPath.contains(s.id)
            let x = PlacedGraph.number(placed.boxes[k].x), y = PlacedGraph.number(placed.boxes[k].y)
            let textX = PlacedGraph.number(placed.boxes[k].x + 8)
            html.raw("<a class=\"node-link\" href=\"")
            html.attr(options.link(s.id))
            let marks = (critical ? " critical" : "") + (s.id == focus ? " focus" : "")
            html.raw("\"><g class=\"node status-\(s.status.rawValue)\(marks)\" data-id=\"")
            html.attr(s.id)
            html.raw("\"><title>")
            html.text("\(s.id) \(s.title) (\(s.status.label))")
            html.raw("</title><rect x=\"\(x)\" y=\"\(y)\" width=\"\(w)\" height=\"\(h)\" rx=\"6\"/>")
            let idY = PlacedGraph.number(placed.boxes[k].y + 18), titleY = PlacedGraph.number(placed.boxes[k].y + 36)
            html.text(fitted(s.id, columns: idColumns),
                      between: "<text x=\"\(textX)\" y=\"\(idY)\" class=\"node-id\">",
                      and: "</text><text x=\"\(textX)\" y=\"\(titleY)\" class=\"node-title\">")
            html.text(fittedTitle(s.title))
            html.raw("</text></g></a>")
        }
        html.raw("</svg>")
        if !options.standalone { html.raw("</div>") }
    }

    /// `text` cut to `columns` with an ellipsis, a wide character counting two (for the monospace id).
    static func fitted(_ text: String, columns: Int) -> String {
        fitted(text, within: Double(columns)) { isWide($0) ? 2 : 1 }
    }

    /// The title cut to the box's width with an ellipsis, by each character's width in the sans-serif text
    /// (the whole title stays in the box's tooltip and on its page).
    static func fittedTitle(_ text: String) -> String { fitted(text, within: titleEms, width: ems) }

    /// `text` as it is when its characters' widths add up to `budget` at most; else as many of its first
    /// characters as leave room for an ellipsis (one unit), and the ellipsis.
    static func fitted(_ text: String, within budget: Double, width: (Character) -> Double) -> String {
        let widths = text.map(width)
        guard widths.reduce(0, +) > budget else { return text }
        var used = 0.0
        var kept = ""
        for (character, width) in zip(text, widths) {
            guard used + width <= budget - 1 else { break }
            used += width
            kept.append(character)
        }
        return kept + "…"
    }

    /// A character's width in ems, rounded up from DejaVu Sans (Debian's default sans-serif): the widest
    /// Latin letters and signs 1, capitals 0.78, narrow ones 0.36, the rest 0.64; CJK 1; an emoji 1.25 for
    /// each of its parts (without an emoji font a family or a flag is drawn part by part).
    static func ems(_ character: Character) -> Double {
        let parts = character.unicodeScalars.filter { $0.properties.isEmojiPresentation }.count
        if parts > 0 { return 1.25 * Double(parts) }
        if isWide(character) { return 1 }
        if "MWmw@%&ÆŒæœ—".contains(character) { return 1 }
        if "ijlftrI.,:;'|!()[]{}` ".contains(character) { return 0.36 }
        return character.isUppercase ? 0.78 : 0.64
    }

    /// East Asian wide and full-width characters and emoji: twice a Latin letter's width.
    static func isWide(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        if character.unicodeScalars.count > 1, scalar.properties.isEmojiPresentation || scalar.properties.isEmoji {
            return true
        }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1FAFF, 0x20000...0x3FFFD:
            return true
        default:
            return scalar.properties.isEmojiPresentation
        }
    }
}
