import Foundation
import Spawning

/// Graphviz's `dot` lays out the dependency graph; ws draws the SVG from the places it returns.
///
/// `dot` runs as a child process (no shell) rather than libgvc loaded in-process, though the
/// library is faster (measured on this machine, layout and `plain` output: the 6-workstream
/// demo plan 0.15 ms in-process against 7 ms for a `dot` process; 200 workstreams 13 against
/// 29 ms; 2,000 workstreams 0.72 against 0.74 s): the board is a long-running server laying out
/// graphs of agents' data, and only a process can be given a deadline (a layout in-process
/// cannot be interrupted), a memory of its own (Graphviz has had memory-safety bugs, and exits
/// the process on some errors), and no shared state (libgvc's contexts are not thread-safe,
/// the board answers requests in parallel). The board draws a graph of at most 400 workstreams,
/// and caches nothing it cannot redo in tens of milliseconds.
///
/// What `dot` is given holds no data at all: nodes are named `n0`, `n1`, … and have no label
/// (the box size is fixed), so no id or title can inject a Graphviz attribute, an `image=`,
/// a URL or a file name. Ids and titles are written into the SVG by ws, escaped.
enum Graphviz {
    enum Failure: Error, Equatable, CustomStringConvertible {
        /// No `dot` on PATH.
        case notInstalled
        case failed(String)

        /// What the page and `ws graph` say: the reason in words, never Swift's `failed("…")`.
        var description: String {
            switch self {
            case .notInstalled: "Graphviz's dot is not installed"
            case .failed(let reason): reason
            }
        }
    }

    /// A layout takes 0.75 s at 2,000 nodes here, and the board draws at most 400 (250 around a focus: 43 ms);
    /// a `dot` still running after 5 s is stuck, and held one of the board's two layout slots (red team: 20 s
    /// let 18 abandoned requests block every graph for minutes).
    static let timeout = 5.0
    /// `plain` output is some 260 bytes an edge: far below this for any graph the board draws.
    static let outputLimit = 32 << 20

    /// `dot` on `path` (the PATH variable's value), or nil.
    static func executable(path: String?) -> String? {
        let fm = FileManager.default
        for dir in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") where dir.hasPrefix("/") {
            let candidate = String(dir) + "/dot"
            if fm.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Places `count` boxes and the edges between them (indices), left to right.
    static func layout(count: Int, edges: [(from: Int, to: Int)], path: String?) throws -> PlacedGraph {
        guard let dot = executable(path: path) else { throw Failure.notInstalled }
        var output: [UInt8] = []
        let outcome: ChildProcess.Outcome
        do {
            outcome = try ChildProcess.run(dot, arguments: ["-Tplain"], environment: [:],
                                           stdin: Array(source(count: count, edges: edges).utf8), timeout: timeout) {
                output += $0
                if output.count > outputLimit { throw Failure.failed("dot wrote more than \(outputLimit) bytes") }
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure.failed("\(error)")
        }
        switch outcome.ending {
        case .exited(0): break
        case .exited(let code): throw Failure.failed("dot exited with \(code): \(outcome.stderrTail.prefix(300))")
        case .signalled(let signal): throw Failure.failed("dot ended by signal \(signal)")
        case .timedOut: throw Failure.failed("dot took more than \(Int(timeout)) s")
        }
        let plain = String(decoding: output, as: UTF8.self)
        guard let placed = GraphvizPlain.parse(plain, count: count, edges: edges) else {
            throw Failure.failed("dot's output could not be read")
        }
        return placed
    }

    /// The DOT text: fixed-size boxes without labels, named by index; arrowheads are drawn by the SVG,
    /// so each edge's spline runs to its box's border.
    static func source(count: Int, edges: [(from: Int, to: Int)]) -> String {
        let inches = { (px: Double) in String(format: "%.4f", px / 72) }
        var dot = "digraph g {\ngraph [rankdir=LR, nodesep=0.25, ranksep=0.9];\n"
        dot += "node [shape=box, fixedsize=true, label=\"\", width=\(inches(PlacedGraph.boxWidth)), "
        dot += "height=\(inches(PlacedGraph.boxHeight))];\nedge [arrowhead=none];\n"
        for k in 0..<count { dot += "n\(k);\n" }
        for (from, to) in edges { dot += "n\(from) -> n\(to);\n" }
        return dot + "}\n"
    }
}
