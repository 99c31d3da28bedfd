import WorkstreamKit

/// `ws graph --format svg`: the board's graph drawing as a standalone SVG document, with the
/// board's limits (the whole graph up to 400 workstreams, else the critical path; a focus
/// draws a neighbourhood) and each box linking to its page on a board at `board`.
public enum GraphDrawing {
    public struct Drawing: Sendable {
        public var svg: String
        /// Why Graphviz was not used, when it was not (the drawing is then ws's own layout).
        public var fallback: String?
        /// Why the drawing holds less than was asked for (a neighbourhood cut at 250, a plan too large to draw
        /// whole), when it does.
        public var cut: String?
    }

    /// Throws `Refusal.unknownWorkstream` for a focus that names no workstream.
    public static func svg(_ summaries: [WorkstreamSummary], focus: String?, depth: Int, critical: Bool,
                           board: String, path: String?) throws -> Drawing {
        let snapshot = Snapshot(seq: 0, hash: "", summaries: summaries)
        let request = GraphPage.Request(focus: focus, depth: depth, critical: critical)
        guard let selection = GraphPage.select(snapshot, request: request) else {
            throw Refusal.unknownWorkstream(focus ?? "")
        }
        var html = HTML()
        let base = board.hasSuffix("/") ? String(board.dropLast()) : board
        let options = GraphSVG.Options(link: { base + "/w/" + HTML.pathComponent($0) }, path: path, standalone: true)
        let fallback = selection.members.isEmpty ? nil
            : GraphSVG.render(&html, members: selection.members, snapshot: snapshot, focus: focus,
                              chain: selection.chain, options: options)
        if selection.members.isEmpty {
            html.raw("<svg class=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" width=\"0\" height=\"0\" "
                     + "role=\"group\" aria-label=\"dependency graph\"/>")
        }
        return Drawing(svg: html.output, fallback: fallback, cut: selection.cut)
    }
}
