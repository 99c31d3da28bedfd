import ArgumentParser
import Operations
import WorkstreamKit

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "The events of the log, or of one workstream.")

    @Argument(help: "Only this workstream's events.") var id: String?
    @Option(help: "Only events after this sequence number or time.") var since: String?
    @OptionGroup var output: JSONFlag

    func run() throws {
        let history = try Workspace.open(readOnly: true).history(of: id, since: since)
        Output.line(output.json ? history.jsonText : history.text)
    }
}
