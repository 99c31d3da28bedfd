/// A graph with every box and edge placed, in SVG pixels (y down): what the SVG
/// is drawn from, whichever layout placed it (Graphviz, or ws's own for a chain).
struct PlacedGraph: Equatable {
    struct Point: Equatable {
        var x: Double
        var y: Double
    }

    /// An edge as a cubic Bézier spline: the start point, then three points per piece
    /// (two control points and the end), as Graphviz gives them.
    struct Edge: Equatable {
        var from: Int
        var to: Int
        var points: [Point]
    }

    var width: Double
    var height: Double
    /// Top-left corner of each node's box, by node index; every box is `boxWidth` × `boxHeight`.
    var boxes: [Point]
    var edges: [Edge]

    static let boxWidth = 176.0, boxHeight = 46.0, margin = 16.0

    /// The SVG path data of an edge: "M x,y C x,y x,y x,y …".
    static func pathData(_ points: [Point]) -> String {
        guard let first = points.first else { return "" }
        var d = "M" + number(first.x) + "," + number(first.y)
        for (k, p) in points.dropFirst().enumerated() {
            d += (k % 3 == 0 ? " C" : " ") + number(p.x) + "," + number(p.y)
        }
        return d
    }

    /// One decimal: a tenth of a pixel is finer than any screen draws, and keeps the page short.
    static func number(_ v: Double) -> String {
        let tenths = (v * 10).rounded()
        let whole = Int(tenths) / 10, fraction = abs(Int(tenths)) % 10
        let sign = tenths < 0 && whole == 0 ? "-" : ""
        return fraction == 0 ? sign + String(whole) : sign + String(whole) + "." + String(fraction)
    }
}

extension GraphLayout {
    /// Our own layered or chain placement as a placed graph: the chain view of the
    /// critical path, and the whole graph when Graphviz is not installed.
    func placed() -> PlacedGraph {
        let w = PlacedGraph.boxWidth, h = PlacedGraph.boxHeight, m = PlacedGraph.margin
        let gapX = 64.0, gapY = 14.0
        func box(_ k: Int) -> PlacedGraph.Point {
            .init(x: m + Double(nodes[k].layer) * (w + gapX), y: m + Double(nodes[k].row) * (h + gapY))
        }
        let boxes = nodes.indices.map(box)
        let edges = edges.map { (from, to) -> PlacedGraph.Edge in
            let a = boxes[from], b = boxes[to]
            // Left to right between columns; from a row's end down to the next row's start in a wrapped chain.
            if nodes[to].layer > nodes[from].layer {
                let x1 = a.x + w, y1 = a.y + h / 2, x2 = b.x, y2 = b.y + h / 2, mid = (x1 + x2) / 2
                return .init(from: from, to: to, points: [.init(x: x1, y: y1), .init(x: mid, y: y1),
                                                          .init(x: mid, y: y2), .init(x: x2, y: y2)])
            }
            let x1 = a.x + w / 2, y1 = a.y + h, x2 = b.x + w / 2, y2 = b.y
            return .init(from: from, to: to, points: [.init(x: x1, y: y1), .init(x: x1, y: y1 + gapY * 2),
                                                      .init(x: x2, y: y2 - gapY * 2), .init(x: x2, y: y2)])
        }
        return PlacedGraph(width: m * 2 + Double(layerCount) * (w + gapX) - gapX,
                           height: m * 2 + Double(rowCount) * (h + gapY) - gapY, boxes: boxes, edges: edges)
    }
}
