import ArgumentParser

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
        }
    }
}

struct Resolve: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resolve", 
        abstract: "Settle a conflict: two branches started the same workstream for different agents; name who holds it.")
    @Argument(help: "The workstream.") var id: String
    @Option(help: "The agent who keeps it.") var agent: String

    func run() throws {
        let ws = try Workspace.open()
        try ws.execute(.resolveHolder(id: id, agent: agent), actor: ws.actor(nil), commit: false)
        Output.line("\(id) is held by \(agent); the conflict is settled")
    }
}
