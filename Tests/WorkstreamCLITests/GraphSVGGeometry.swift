import Foundation

/// The boxes and edges of an SVG written by `ws graph --format svg`, read back for geometric
/// checks: each box's rectangle by workstream id, each edge's path with its two ends' ids.
struct GraphSVGGeometry {
    struct Box { var x, y, width, height: Double }
    struct Edge { var from, to: String; var points: [(x: Double, y: Double)] }

    var boxes: [String: Box] = [:]
    var edges: [Edge] = []

    init(_ svg: String) throws {
        let rect = #"<rect x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)""#
        for node in Self.matches(#"data-id="([^"]*)"><title>.*?</title>"# + rect, svg) {
            guard let x = Double(node[2]), let y = Double(node[3]), let w = Double(node[4]), let h = Double(node[5])
            else { throw Unreadable(text: node[0]) }
            boxes[Self.unescape(node[1])] = Box(x: x, y: y, width: w, height: h)
        }
        for edge in Self.matches(#"<path class="edge[^"]*" data-from="([^"]*)" data-to="([^"]*)" d="([^"]*)""#, svg) {
            let numbers = edge[3].split(whereSeparator: { " ,MC".contains($0) }).compactMap { Double($0) }
            guard numbers.count >= 8, numbers.count % 2 == 0, (numbers.count / 2 - 1) % 3 == 0 else {
                throw Unreadable(text: edge[3])
            }
            let points = stride(from: 0, to: numbers.count, by: 2).map { (x: numbers[$0], y: numbers[$0 + 1]) }
            edges.append(Edge(from: Self.unescape(edge[1]), to: Self.unescape(edge[2]), points: points))
        }
    }

    struct Unreadable: Error { var text: String }

    /// Points along an edge's Bézier pieces, `samples` a piece, ends included.
    static func sampled(_ points: [(x: Double, y: Double)], samples: Int = 24) -> [(x: Double, y: Double)] {
        var out = [points[0]]
        for piece in stride(from: 0, to: points.count - 1, by: 3) {
            let (p0, p1, p2, p3) = (points[piece], points[piece + 1], points[piece + 2], points[piece + 3])
            for s in 1...samples {
                let t = Double(s) / Double(samples), u = 1 - t
                let a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t
                out.append((a * p0.x + b * p1.x + c * p2.x + d * p3.x, a * p0.y + b * p1.y + c * p2.y + d * p3.y))
            }
        }
        return out
    }

    /// Whether the segment from `p` to `q` enters the box shrunk by `inset` on each side
    /// (Liang–Barsky clipping: a segment that only grazes a border does not count).
    static func crosses(_ p: (x: Double, y: Double), _ q: (x: Double, y: Double), _ box: Box,
                        inset: Double = 1) -> Bool {
        let (x0, x1) = (box.x + inset, box.x + box.width - inset)
        let (y0, y1) = (box.y + inset, box.y + box.height - inset)
        let dx = q.x - p.x, dy = q.y - p.y
        var lo = 0.0, hi = 1.0
        for (pk, qk) in [(-dx, p.x - x0), (dx, x1 - p.x), (-dy, p.y - y0), (dy, y1 - p.y)] {
            if pk == 0 { if qk < 0 { return false }; continue }
            let r = qk / pk
            if pk < 0 { lo = max(lo, r) } else { hi = min(hi, r) }
            if lo > hi { return false }
        }
        return true
    }

    /// Distance from a point to a box's border (0 on it).
    static func distance(_ p: (x: Double, y: Double), toBorderOf box: Box) -> Double {
        let outside = hypot(max(box.x - p.x, 0, p.x - box.x - box.width), max(box.y - p.y, 0, p.y - box.y - box.height))
        if outside > 0 { return outside }
        return min(p.x - box.x, box.x + box.width - p.x, p.y - box.y, box.y + box.height - p.y)
    }

    private static func matches(_ pattern: String, _ text: String) -> [[String]] {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else {
            return []
        }
        let ns = text as NSString
        return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
            (0..<m.numberOfRanges).map { ns.substring(with: m.range(at: $0)) }
        }
    }

    private static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
