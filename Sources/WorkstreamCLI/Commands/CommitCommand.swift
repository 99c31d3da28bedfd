import ArgumentParser
import Operations

struct CommitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commit",
        abstract: "Commit the documents and journal for every event not committed yet (only generated paths).")
    @OptionGroup var agent: AgentOption

    func run() throws {
        let ws = try Workspace.open()
        switch try Publisher(ws: ws).publish(actor: ws.actor(agent.agent)) {
        case .committed(let commit, let through, let files):
            Output.line("committed \(files) file\(files == 1 ? "" : "s") through event #\(through) as \(commit.prefix(12))")
        case .upToDate(let through):
            Output.line("documents are up to date through event #\(through)")
        case .waiting(let operation, let staged, _):
            Output.line(Publisher.waitingLine(operation, staged: staged))
        }
        // Whatever the stamp says: 'ws verify' sends people here to put drifted index entries back.
        try IndexGuard(ws: ws).repair(force: true)
    }
}
