import ArgumentParser
import Operations

/// `ws sync`: after a `git pull`, brings the events other clones committed into
/// the log and commits the documents and journals regenerated from the merged log.
struct Sync: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sync",
        abstract: "Import the events git brought (pull, merge, rebase) and commit the documents and journals regenerated from the merged log.")
    @OptionGroup var agent: AgentOption

    func run() throws {
        // Opening imports what HEAD brought; the commit is made here, by this clone's actor.
        let ws = try Workspace.open(readOnly: true)
        switch try Publisher(ws: ws).publish(actor: ws.actor(agent.agent)) {
        case .committed(let commit, let through, let files):
            Output.line("synced: committed \(files) file\(files == 1 ? "" : "s") through event #\(through) as \(commit.prefix(12))")
        case .upToDate(let through):
            Output.line("in sync: documents and journals match the log through event #\(through)")
        case .waiting(let operation, let staged, _):
            Output.line(Publisher.waitingLine(operation, staged: staged))
        }
        try IndexGuard(ws: ws).repair(force: true)
        for q in try ws.quarantineReport() { Output.error("ws: warning: \(q.message)") }
    }
}
