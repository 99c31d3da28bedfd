import ArgumentParser
import Operations
import WorkstreamKit

struct Brief: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "brief", 
        abstract: "Set a workstream's brief (markdown); its '- [ ]' lines become tasks.")

    @Argument(help: "The workstream.") var id: String
    @Option(help: "The brief's markdown file ('-' for standard input).") var file: String
    @OptionGroup var agent: AgentOption

    func run() throws {
        let ws = try Workspace.open()
        let outcome = try ws.execute(.writeBrief(id: id, markdown: try readText(file)), actor: ws.actor(agent.agent), commit: false)
        let added = outcome.events.filter { $0.type == EventType.taskAdded.rawValue }.count
        Output.line(outcome.events.isEmpty ? "brief of \(id) unchanged" : "brief of \(id) recorded" + (added > 0 ? "; \(added) new task\(added == 1 ? "" : "s")" : ""))
    }
}
