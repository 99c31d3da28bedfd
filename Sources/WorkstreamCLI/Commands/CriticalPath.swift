import ArgumentParser
import Operations
import WorkstreamKit

struct CriticalPath: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "critical-path", 
        abstract: "The longest chain of open work by estimate (1 hour where none is given); completed and cancelled work is left out.")
    @OptionGroup var output: JSONFlag

    struct Result: Encodable {
        var totalHours: Double
        var path: [WorkstreamSummary]
    }

    func run() throws {
        let ws = try Workspace.open(readOnly: true)
        let summaries = try ws.ledger.summaries()
        let byId = Dictionary(summaries.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let graph = DependencyGraph(nodes: summaries.map(\.id), edges: summaries.flatMap { s in s.dependsOn.map { (s.id, $0) } })
        let (path, total) = graph.criticalPath { id in
            guard let s = byId[id], s.status != .completed, s.status != .cancelled else { return nil }
            return s.estimate ?? 1
        }
        let result = Result(totalHours: total, path: path.compactMap { byId[$0] })
        if output.json { return try Output.json(result) }
        if path.isEmpty { return Output.line("no open work") }
        Output.line(Output.table(["ID", "STATUS", "ESTIMATE", "TITLE"], result.path.map {
            [$0.id, $0.status.rawValue, $0.estimate.map(Hours.format) ?? "1 h (default)", $0.title]
        }))
        Output.line()
        Output.line("critical path: \(path.joined(separator: " → ")), \(Hours.format(total))")
    }
}
