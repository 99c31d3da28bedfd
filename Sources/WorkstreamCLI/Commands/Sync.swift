import ArgumentParser
import Operations

/// `ws sync`: after a `git pull`, brings the events other clones committed into
/// the log and commits the documents and journals regenerated from the merged log.
struct Sync: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sync",
        abstract: "Import the events git brought (pull, merge, rebase) and commit the documents and journals regenerated from the merged log.")
    @OptionGroup var agent: AgentOption

    func run() throws {
        // Opening imports what HEAD brought.
        let ws = try Workspace.open(readOnly: true)
        let outcome = try ws.commitDocuments(actor: ws.actor(agent.agent), sync: true)
        Output.line(outcome.text)
        for warning in outcome.warnings { Output.error(warning) }
    }
}
