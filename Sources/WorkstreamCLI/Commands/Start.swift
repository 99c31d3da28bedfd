import ArgumentParser
import Operations
import WorkstreamKit

struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", 
        abstract: "Take a workstream: refused while its dependencies are open or another agent holds it.")

    @Argument(help: "The workstream.") var id: String
    @Flag(name: .customLong("take-over"), help: "Take it from its holder, whose lease ran out (or with --force --reason).") var takeOver = false
    @Flag(help: "With --take-over: take it even though the holder's lease still runs.") var force = false
    @Option(help: "Why --force is needed.") var reason: String?
    @OptionGroup var agent: AgentOption

    func validate() throws {
        if force && !takeOver { throw ValidationError("--force goes with --take-over.") }
        if reason != nil && !force { throw ValidationError("--reason goes with --force.") }
    }

    func run() throws {
        try agent.perform { ws, actor in
            try ws.start(id, actor: actor, takeOver: takeOver, force: force, reason: reason)
        }
    }
}
