import ArgumentParser
import Operations
import WorkstreamKit

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Every workstream with its status.")

    @Option(help: "Answer as of a time (ISO 8601 or a date) or an event sequence number.") var at: String?
    @OptionGroup var output: JSONFlag

    func run() throws { try Self.execute(at: at, json: output.json) }

    static func execute(at: String?, json: Bool) throws {
        let status = try Workspace.open(readOnly: true).status(at: at, notes: !json)
        if json { return Output.jsonLine(status.summaries.jsonBuffer(), keeping: status.summaries) }
        Output.line(status.text)
    }
}
