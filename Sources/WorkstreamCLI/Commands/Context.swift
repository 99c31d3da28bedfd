import ArgumentParser
import Operations
import WorkstreamKit

struct Context: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "context", 
        abstract: "What an agent needs to begin: the brief, open tasks, and each dependency's handoff (summary, next steps, artifacts by name).")

    @Argument(help: "The workstream.") var id: String
    @OptionGroup var output: JSONFlag

    func run() throws {
        try output.print(try Workspace.open(readOnly: true).context(id), \.text)
    }
}
