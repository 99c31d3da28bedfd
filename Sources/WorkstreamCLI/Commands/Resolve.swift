import ArgumentParser
import Operations
import WorkstreamKit

/// `ws resolve`: settles a conflict between clones. The resolution is an
/// event, so it reaches every clone through git and settles the conflict there too.
struct Resolve: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resolve",
        abstract: "Settle a conflict between clones: keep one of its competing events, name the holder, or drop a dependency of a cycle.",
        discussion: "See the conflicts and their event ids with 'ws conflicts'.")
    @Argument(help: "The workstream.") var id: String
    @Option(help: "The competing event to keep (an event id from 'ws conflicts').") var keep: String?
    @Option(help: "For a holder conflict: the agent who keeps the workstream.") var agent: String?
    @Option(help: "For a dependency cycle: the dependency of <id> to remove.") var dropDependency: String?
    @Option(help: "Which kind of conflict, when the workstream has several: \(Conflict.Kind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kind: String?
    @Option(help: "For an artifact conflict: the artifact's name.") var artifact: String?
    @Option(name: .customLong("as"), help: "Who is settling it (default: $WS_AGENT, then the login name).") var actor: String?

    func validate() throws {
        let chosen = [keep, agent, dropDependency].compactMap { $0 }
        guard chosen.count == 1 else { throw ValidationError("give exactly one of --keep <event>, --agent <who> or --drop-dependency <id>.") }
        if let kind, Conflict.Kind(rawValue: kind) == nil {
            throw ValidationError("'\(kind)' is not a conflict kind; use one of \(Conflict.Kind.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
    }

    func run() throws {
        let ws = try Workspace.open()
        let resolution: Resolution
        if let dropDependency { resolution = .dropDependency(dropDependency) }
        else if let agent { resolution = .holder(agent) }
        else if let keep { resolution = .keep(event: keep, kind: kind.flatMap(Conflict.Kind.init(rawValue:)), artifact: artifact) }
        else { return }
        Output.line(try ws.resolve(id: id, resolution, actor: ws.actor(actor)).text)
    }
}
