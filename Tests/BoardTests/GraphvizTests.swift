@testable import Board
import Foundation
import Testing

@Suite struct GraphvizTests {
    /// What dot reads holds only indices and fixed sizes: no id or title can become a Graphviz attribute.
    @Test func sourceHoldsNoData() {
        let dot = Graphviz.source(count: 3, edges: [(0, 1), (1, 2)])
        #expect(dot.contains("n0;\nn1;\nn2;\nn0 -> n1;\nn1 -> n2;\n"))
        #expect(dot.contains("label=\"\"") && dot.contains("fixedsize=true"))
        let parts = dot.split(separator: "\"", omittingEmptySubsequences: false)
        let quoted = parts.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        #expect(quoted.allSatisfy { $0.isEmpty }, "only the empty label is quoted: \(quoted)")
    }

    /// Inches with y up become pixels with y down, each box around its centre, edges in their direction.
    @Test func plainOutputIsRead() throws {
        let plain = """
            graph 1 6 2
            node n0 1.2222 1 2.4444 0.63889 "" solid box black lightgrey
            node n1 4.7778 1 2.4444 0.63889 "" solid box black lightgrey
            edge n0 n1 4 2.4444 1 3 1 3 1 3.5556 1 solid black
            stop
            """
        let placed = try #require(GraphvizPlain.parse(plain, count: 2, edges: [(0, 1)]))
        #expect(placed.width == 6 * 72 + 32 && placed.height == 2 * 72 + 32)
        #expect(abs(placed.boxes[0].x - (1.2222 * 72 + 16 - 88)) < 0.01)
        #expect(abs(placed.boxes[0].y - (72 + 16 - 23)) < 0.01)
        #expect(placed.edges[0].points.count == 4)
        #expect(abs(placed.edges[0].points[0].x - (2.4444 * 72 + 16)) < 0.01)
        // A missing node or edge is not a drawing.
        #expect(GraphvizPlain.parse(plain, count: 3, edges: [(0, 1)]) == nil)
        // An edge dot turned round (a cycle) comes back from its head: its points are put in its direction.
        let turned = plain.replacingOccurrences(of: "edge n0 n1", with: "edge n1 n0")
        let back = try #require(GraphvizPlain.parse(turned, count: 2, edges: [(1, 0)]))
        #expect(abs(back.edges[0].points[0].x - (3.5556 * 72 + 16)) < 0.01)
        #expect(GraphvizPlain.parse(plain, count: 2, edges: [(0, 1), (0, 0)]) == nil)
        // Numbers no layout has (red team: NaN from a fake dot trapped the CLI and killed ws serve) are not read.
        for (from, to) in [("node n0 1.2222", "node n0 nan"), ("node n0 1.2222", "node n0 inf"),
                           ("graph 1 6 2", "graph 1 1e300 2"), ("edge n0 n1 4 2.4444", "edge n0 n1 4 -nan")] {
            #expect(GraphvizPlain.parse(plain.replacingOccurrences(of: from, with: to), count: 2,
                                        edges: [(0, 1)]) == nil, "\(to)")
        }
    }

    /// A `dot` that fails, or writes what is not a layout, is an error the page turns into ws's own layout.
    @Test func aFailingDotIsAnError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ws-fake-dot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let fake = dir.appendingPathComponent("dot")
        for script in ["#!/bin/sh\necho broken >&2\nexit 3\n", "#!/bin/sh\ncat >/dev/null\necho 'graph 1 x y'\n"] {
            try script.write(to: fake, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
            #expect(throws: Graphviz.Failure.self) { try Graphviz.layout(count: 2, edges: [(0, 1)], path: dir.path) }
        }
        #expect(throws: Graphviz.Failure.notInstalled) {
            try Graphviz.layout(count: 2, edges: [(0, 1)], path: "/nonexistent")
        }
    }
}
