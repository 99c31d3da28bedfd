import ArgumentParser
import Operations
import WorkstreamKit

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One workstream in full: brief, tasks, dependencies both ways, artifacts, devlog.")

    @Argument(help: "The workstream.") var id: String
    @Option(help: "Answer as of a time or an event sequence number.") var at: String?
    @OptionGroup var output: JSONFlag

    func run() throws {
        try output.print(try Workspace.open(readOnly: true).show(id, at: at), \.text)
    }
}
