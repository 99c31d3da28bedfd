import ArgumentParser
import Operations
import WorkstreamKit

struct Graph: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable { case mermaid, dot, json }

    static let configuration = CommandConfiguration(
        commandName: "graph", abstract: "The dependency graph: Mermaid (renders on GitHub), DOT (for Graphviz/SVG) or JSON.")
    @Option(help: "mermaid, dot or json.") var format: Format = .mermaid

    func run() throws {
        let ws = try Workspace.open(readOnly: true)
        let summaries = try ws.ledger.summaries()
        switch format {
        case .mermaid: Output.line(GraphRenderer.mermaid(summaries).trimmingCharacters(in: .newlines))
        case .dot: Output.line(GraphRenderer.dot(summaries).trimmingCharacters(in: .newlines))
        case .json: try Output.json(GraphRenderer.json(summaries))
        }
    }
}
