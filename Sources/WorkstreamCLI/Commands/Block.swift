import ArgumentParser
import Operations
import WorkstreamKit

struct Block: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "block", abstract: "Mark a workstream blocked, with the reason.")
    @Argument(help: "The workstream.") var id: String
    @Option(help: "Why it cannot go on.") var reason: String
    @OptionGroup var agent: AgentOption

    func run() throws {
        try agent.perform { ws, actor in try ws.block(id: id, reason: reason, actor: actor) }
    }
}

struct Unblock: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unblock", abstract: "Lift an explicit block.")
    @Argument(help: "The workstream.") var id: String
    @OptionGroup var agent: AgentOption

    func run() throws {
        try agent.perform { ws, actor in try ws.unblock(id: id, actor: actor) }
    }
}
