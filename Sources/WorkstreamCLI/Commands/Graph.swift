import ArgumentParser
import Board
import Foundation
import Operations
import WorkstreamKit

struct Graph: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable { case mermaid, dot, json, svg }

    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "The dependency graph: Mermaid (renders on GitHub), DOT, JSON, or SVG laid out by Graphviz.",
        discussion: """
            --format svg draws what the board's graph page draws: the whole graph up to 400 workstreams, \
            above that the critical path; --focus draws a workstream's neighbourhood. Each box links to \
            its page on the board at --board.
            """)
    @Option(help: "mermaid, dot, json or svg.") var format: Format = .mermaid
    @Option(help: "svg: draw this workstream's neighbourhood (up to 250 workstreams).") var focus: String?
    @Option(help: "svg: steps each way from --focus (1 to 6; default 2).") var depth: Int?
    @Flag(help: "svg: draw the critical path.") var critical = false
    @Option(help: "svg: the board the boxes link to (default http://127.0.0.1:8420).") var board: String?

    func validate() throws {
        if format != .svg, focus != nil || critical || board != nil {
            throw ValidationError("--focus, --critical and --board draw an SVG: add --format svg")
        }
        if focus != nil, critical {
            throw ValidationError("--focus draws a neighbourhood and --critical the critical path: give one of them")
        }
        if let depth {
            guard focus != nil else { throw ValidationError("--depth counts steps from --focus: add --focus <id>") }
            guard (1...6).contains(depth) else { throw ValidationError("--depth must be 1 to 6, not \(depth)") }
        }
        if let board, !Self.isBoardAddress(board) {
            throw ValidationError("--board must be an http:// or https:// address of a board (no spaces, control "
                                  + "characters, user name, query or fragment: every box's link starts with it), "
                                  + "not '\(Text.printable(board, 60))'")
        }
    }

    /// Every box's link starts with it: a javascript:, data: or file: address would run or open what the
    /// reader did not ask for, and a control character makes the SVG ill-formed XML.
    static func isBoardAddress(_ text: String) -> Bool {
        let lowered = text.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://"),
              text.unicodeScalars.allSatisfy(isPlainURLScalar),
              let parts = URLComponents(string: text), let host = parts.host, !host.isEmpty,
              parts.user == nil, parts.password == nil, parts.query == nil, parts.fragment == nil else { return false }
        return true
    }

    private static func isPlainURLScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value > 0x20 && scalar.value < 0x7F && !"\"<>\\`".unicodeScalars.contains(scalar)
    }

    func run() throws {
        let graph = try Workspace.open(readOnly: true).graph()
        switch format {
        case .mermaid: Output.line(graph.mermaid)
        case .dot: Output.line(graph.dot)
        case .json: try Output.json(graph.json)
        case .svg:
            let drawing = try GraphDrawing.svg(graph.summaries, focus: focus, depth: depth ?? 2, critical: critical,
                                               board: board ?? "http://127.0.0.1:8420",
                                               path: ProcessInfo.processInfo.environment["PATH"])
            if let fallback = drawing.fallback {
                Output.error("ws: \(fallback): drawn by ws's own simpler layout, where an edge may pass under a box")
            }
            if let cut = drawing.cut { Output.error("ws: \(cut)") }
            Output.line(drawing.svg)
        }
    }
}
