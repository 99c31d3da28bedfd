import ArgumentParser
import Operations
import WorkstreamKit

struct Graph: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable { case mermaid, dot, json }

    static let configuration = CommandConfiguration(
        commandName: "graph", abstract: "The dependency graph: Mermaid (renders on GitHub), DOT (for Graphviz/SVG) or JSON.")
    @Option(help: "mermaid, dot or json.") var format: Format = .mermaid

    func run() throws {
        let graph = try Workspace.open(readOnly: true).graph()
        switch format {
        case .mermaid: Output.line(graph.mermaid)
        case .dot: Output.line(graph.dot)
        case .json: try Output.json(graph.json)
        }
    }
}
