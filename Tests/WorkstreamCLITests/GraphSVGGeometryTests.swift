import Foundation
import TestSupport
import Testing

/// `ws graph --format svg` (the board's graph drawing, laid out by Graphviz) read back as geometry:
/// every edge runs from its dependency's box to its dependent's box, and no edge passes
/// under (or over) the box of a workstream that is not one of its two ends.
@Suite struct GraphSVGGeometryTests {
    @Test func demoPlanEdgesAvoidOtherBoxes() throws {
        let sandbox = try Sandbox.planned()
        try checkDrawing(sandbox, expectedEdges: 8)
    }

    @Test func randomPlanOf200EdgesAvoidOtherBoxes() throws {
        let seed = UInt64(0x6772_6170_6800)
        var random = SeededGenerator(seed: seed)
        let sandbox = try Sandbox()
        try sandbox.ws("init").check()
        var yaml = "phases:\n  - name: Generated\n    workstreams:\n"
        var edgeCount = 0
        for i in 0..<200 {
            // Hostile titles: markup, quotes and Graphviz attribute text must stay text.
            let title = "Part \(i) <b>&\\\"q\\\" 'x' ] image=\\\"evil.png\\\" URL=http://x/"
            yaml += "      - id: W\(i)\n        title: \"\(title)\"\n"
            let deps = i == 0 ? [] : Set((0..<Int.random(in: 0...3, using: &random)).map { _ in
                // Mostly near neighbours, sometimes far back: long edges cross many ranks.
                Bool.random(using: &random) ? Int.random(in: max(0, i - 12)..<i, using: &random)
                    : Int.random(in: 0..<i, using: &random)
            }).sorted()
            if !deps.isEmpty { yaml += "        depends_on: [\(deps.map { "W\($0)" }.joined(separator: ", "))]\n" }
            edgeCount += deps.count
        }
        try sandbox.write("plan.yaml", yaml)
        try sandbox.ws("plan", "apply", "plan.yaml").check()
        try checkDrawing(sandbox, expectedEdges: edgeCount, seed: seed)
    }

    /// Bad input changes nothing and says why: 64 for usage, 4 for a focus that names no workstream.
    @Test func badRequestsAreRefused() throws {
        let sandbox = try Sandbox.planned()
        // --board starts every box's link: only an http(s) address, nothing that runs or breaks the XML.
        let boards = ["javascript:alert(1)//", "data:text/html,x", "file:///etc/passwd", " http://h/", "//evil.com",
                      "http://x\u{01}y", "http://h/\nx", "http://h/\"onload=\"x", "http://x/?a=1&b=2", "http://x/#frag",
                      "https://u:p@host/"]
        let usage = [["--format", "svg", "--focus", "A1", "--depth", "9"], ["--format", "svg", "--depth", "2"],
                     ["--format", "svg", "--focus", "A1", "--critical"], ["--focus", "A1"],
                     ["--critical", "--format", "dot"], ["--format", "json", "--board", "http://x/"]]
        for args in usage + boards.map({ ["--format", "svg", "--board", $0] }) {
            let r = try sandbox.ws(["graph"] + args)
            #expect(r.code == 64 && r.stdout.isEmpty && !r.stderr.isEmpty, "\(args): \(r.code) \(r.stderr)")
        }
        let unknown = try sandbox.ws("graph", "--format", "svg", "--focus", "NOPE")
        #expect(unknown.code == 4 && unknown.stderr.contains("NOPE"), "\(unknown.code) \(unknown.stderr)")
        let focused = try sandbox.ws("graph", "--format", "svg", "--focus", "D1", "--depth", "1",
                                     "--board", "http://h:1/")
        #expect(focused.code == 0 && focused.stdout.contains("href=\"http://h:1/w/D1\""), "\(focused.stderr)")
        #expect(!focused.stdout.contains("data-id=\"A1\""), "A1 is two steps from D1")
        #expect(focused.stderr.isEmpty, "nothing was cut: \(focused.stderr)")
    }

    private func checkDrawing(_ sandbox: Sandbox, expectedEdges: Int, seed: UInt64 = 0) throws {
        let r = try sandbox.ws("graph", "--format", "svg")
        #expect(r.code == 0, "\(r.stderr)")
        // Graphviz drew it: ws's own layout would say so on stderr.
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        #expect(!r.stdout.contains("<b>") && !r.stdout.contains("\"evil.png"), "a title was written as markup")
        let graph = try GraphSVGGeometry(r.stdout)
        #expect(graph.edges.count == expectedEdges)
        var crossings: [String] = []
        for edge in graph.edges {
            guard let from = graph.boxes[edge.from], let to = graph.boxes[edge.to] else {
                Issue.record("an edge \(edge.from) → \(edge.to) without its boxes"); continue
            }
            let start = edge.points[0], end = edge.points[edge.points.count - 1]
            let name = "\(edge.from) → \(edge.to)"
            #expect(GraphSVGGeometry.distance(start, toBorderOf: from) < 2, "\(name) starts away from \(edge.from)")
            #expect(GraphSVGGeometry.distance(end, toBorderOf: to) < 2, "\(name) ends away from \(edge.to)")
            let samples = GraphSVGGeometry.sampled(edge.points)
            for (id, box) in graph.boxes where id != edge.from && id != edge.to {
                if zip(samples, samples.dropFirst()).contains(where: { GraphSVGGeometry.crosses($0, $1, box) }) {
                    crossings.append("\(edge.from) → \(edge.to) under \(id)")
                }
            }
        }
        #expect(crossings.isEmpty, "seed \(seed): \(crossings.prefix(20).joined(separator: "; "))")
    }
}
