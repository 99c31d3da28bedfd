import ArgumentParser
import Operations

struct CommitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commit",
        abstract: "Commit the documents and journal for every event not committed yet (only generated paths).")
    @OptionGroup var agent: AgentOption

    func run() throws {
        try agent.perform { ws, actor in try ws.commitDocuments(actor: actor, sync: false) }
    }
}
