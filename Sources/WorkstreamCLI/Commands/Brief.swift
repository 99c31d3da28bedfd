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
        try agent.perform { ws, actor in try ws.writeBrief(id: id, markdown: try readText(file), actor: actor) }
    }
}
