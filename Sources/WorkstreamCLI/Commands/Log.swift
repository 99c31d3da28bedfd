import ArgumentParser
import Operations
import WorkstreamKit

extension LogKind: ExpressibleByArgument {}

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "Add a devlog entry: a note, a decision, an issue or its resolution.")

    @Argument(help: "The workstream.") var id: String
    @Argument(help: "What happened.") var message: String
    @Option(help: "note, decision, issue or resolution.") var kind: LogKind = .note
    @Option(help: "Hours spent (a plain decimal number).") var hours: String?
    @OptionGroup var agent: AgentOption

    func run() throws {
        try Self.execute(id: id, message: message, kind: kind, hours: PlainNumber.parse(hours, option: "hours"),
                         agent: agent.agent)
    }

    static func execute(id: String, message: String, kind: LogKind, hours: Double?, agent: String?) throws {
        let ws = try Workspace.open()
        Output.line(try ws.log(id: id, message: message, kind: kind, hours: hours, actor: ws.actor(agent)).text)
    }
}
