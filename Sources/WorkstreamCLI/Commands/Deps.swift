import ArgumentParser
import Operations
import WorkstreamKit

struct Deps: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deps", 
        abstract: "What a workstream waits for, directly and through others (--reverse: what waits for it).")

    @Argument(help: "The workstream.") var id: String
    @Flag(help: "List its dependents instead.") var reverse = false
    @OptionGroup var output: JSONFlag

    struct Entry: Encodable {
        var depth: Int
        var workstream: WorkstreamSummary
        func encode(to encoder: Encoder) throws {
            try workstream.encode(to: encoder)
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(depth, forKey: .depth)
        }
        enum Key: String, CodingKey { case depth }
    }

    func run() throws {
        let ws = try Workspace.open(readOnly: true)
        let summaries = try ws.ledger.summaries()
        guard summaries.contains(where: { $0.id == id }) else { throw Refusal.unknownWorkstream(id) }
        let graph = DependencyGraph(nodes: summaries.map(\.id), edges: summaries.flatMap { s in s.dependsOn.map { (s.id, $0) } })
        let byId = Dictionary(summaries.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let entries = graph.closure(of: id, reverse: reverse).compactMap { c in byId[c.id].map { Entry(depth: c.depth, workstream: $0) } }
        if output.json { return try Output.json(entries) }
        if entries.isEmpty { return Output.line(reverse ? "nothing depends on \(id)" : "\(id) depends on nothing") }
        Output.line(reverse ? "waiting for \(id):" : "\(id) waits for:")
        Output.line(Output.table(["DEPTH", "ID", "STATUS", "AGENT", "TITLE"], entries.map {
            [String($0.depth), $0.workstream.id, $0.workstream.status.rawValue, $0.workstream.agent ?? "-", $0.workstream.title]
        }))
    }
}
