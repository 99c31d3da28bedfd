import ArgumentParser
import Operations

struct CommitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commit",
        abstract: "Commit the documents and journal for every event not committed yet (only generated paths).")
    @OptionGroup var agent: AgentOption

    func run() throws {
        let ws = try Workspace.open()
        Output.line(try ws.commitDocuments(actor: ws.actor(agent.agent), sync: false).text)
    }
}
