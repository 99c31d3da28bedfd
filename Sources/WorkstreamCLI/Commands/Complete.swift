import ArgumentParser
import Operations
import WorkstreamKit

struct Complete: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "complete", 
        abstract: "Finish a workstream: refused while tasks or dependencies are open, unless --force --reason.")

    @Argument(help: "The workstream.") var id: String
    @Option(help: "What was done, for the handoff.") var summary: String?
    @Option(name: .customLong("summary-file"), help: "The summary as a markdown file.") var summaryFile: String?
    @Option(help: "A next step for whoever comes after (repeatable).") var next: [String] = []
    @Flag(help: "Complete despite open tasks, open dependencies or failing checks (recorded in the handoff).") var force = false
    @Option(help: "Why --force is needed.") var reason: String?
    @Flag(name: .customLong("no-commit"), help: "Record it, but do not commit the documents now.") var noCommit = false
    @OptionGroup var agent: AgentOption

    func validate() throws {
        if summary != nil && summaryFile != nil { throw ValidationError("give --summary or --summary-file, not both.") }
    }

    func run() throws {
        let ws = try Workspace.open()
        let text = try summary ?? summaryFile.map { try readText($0) }
        let actor = ws.actor(agent.agent)
        Output.line(try ws.complete(.init(id: id, actor: actor, summary: text, next: next, force: force, reason: reason,
                                          commit: ws.config.autoCommit && !noCommit)).report)
    }
}

struct Cancel: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Drop a workstream, with the reason.")
    @Argument(help: "The workstream.") var id: String
    @Option(help: "Why it is dropped.") var reason: String
    @Flag(name: .customLong("no-commit"), help: "Record it, but do not commit the documents now.") var noCommit = false
    @OptionGroup var agent: AgentOption

    func run() throws {
        try agent.perform { ws, actor in try ws.cancel(id: id, reason: reason, actor: actor, commit: !noCommit) }
    }
}
