/// Reads Graphviz's `plain` output (inches, y up) into a placed graph (pixels, y down):
///
///     graph 1 12.486 2.7639
///     node n0 1.2222 1.0278 2.4444 0.63889 "" solid box black lightgrey
///     edge n0 n1 4 2.4486 1.2865 2.7412 1.349 3.0539 1.4157 3.3464 1.4781 solid black
///     stop
enum GraphvizPlain {
    /// nil when a node or an edge is missing or a number does not read: the output is not what was asked.
    static func parse(_ text: String, count: Int, edges wanted: [(from: Int, to: Int)]) -> PlacedGraph? {
        let m = PlacedGraph.margin
        var height = 0.0, width = 0.0
        var centres = [PlacedGraph.Point?](repeating: nil, count: count)
        var splines: [String: [PlacedGraph.Point]] = [:]
        for line in text.split(separator: "\n") {
            let f = line.split(separator: " ")
            guard let kind = f.first else { continue }
            switch kind {
            case "graph":
                guard f.count >= 4, let w = number(f[2]), let h = number(f[3]) else { return nil }
                (width, height) = (w * 72, h * 72)
            case "node":
                guard f.count >= 4, let k = index(f[1]), k < count, let x = number(f[2]), let y = number(f[3])
                else { return nil }
                centres[k] = .init(x: x * 72 + m, y: height - y * 72 + m)
            case "edge":
                guard f.count >= 4, let n = Int(f[3]), n >= 4, f.count >= 4 + 2 * n else { return nil }
                var points: [PlacedGraph.Point] = []
                for p in 0..<n {
                    guard let x = number(f[4 + 2 * p]), let y = number(f[5 + 2 * p]) else { return nil }
                    points.append(.init(x: x * 72 + m, y: height - y * 72 + m))
                }
                splines[f[1] + " " + f[2]] = points
            default: continue
            }
        }
        var boxes: [PlacedGraph.Point] = []
        for c in centres {
            guard let c else { return nil }
            boxes.append(.init(x: c.x - PlacedGraph.boxWidth / 2, y: c.y - PlacedGraph.boxHeight / 2))
        }
        var edges: [PlacedGraph.Edge] = []
        for (from, to) in wanted {
            guard var points = splines["n\(from) n\(to)"] else { return nil }
            // An edge dot turned round to break a cycle could come back drawn head first: ws's arrow marks the end.
            if let first = points.first, distance(first, boxes[to]) < distance(first, boxes[from]) { points.reverse() }
            edges.append(.init(from: from, to: to, points: points))
        }
        return PlacedGraph(width: width + 2 * m, height: height + 2 * m, boxes: boxes, edges: edges)
    }

    /// A coordinate in inches as `dot` writes them: finite and within 10,000 inches (a 400-box layout is under
    /// 100). NaN, infinity or 1e300 from a broken or hostile `dot` on PATH trapped converting pixels to Int.
    private static func number(_ text: Substring) -> Double? {
        guard let value = Double(text), value.isFinite, abs(value) <= 10_000 else { return nil }
        return value
    }

    private static func index(_ name: Substring) -> Int? {
        name.hasPrefix("n") ? Int(name.dropFirst()) : nil
    }

    /// From a point to a box's centre.
    private static func distance(_ p: PlacedGraph.Point, _ box: PlacedGraph.Point) -> Double {
        let dx = p.x - (box.x + PlacedGraph.boxWidth / 2), dy = p.y - (box.y + PlacedGraph.boxHeight / 2)
        return dx * dx + dy * dy
    }
}
