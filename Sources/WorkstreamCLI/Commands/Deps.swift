import ArgumentParser
import Operations
import WorkstreamKit

struct Deps: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deps", 
        abstract: "What a workstream waits for, directly and through others (--reverse: what waits for it).")

    @Argument(help: "The workstream.") var id: String
    @Flag(help: "List its dependents instead.") var reverse = false
    @OptionGroup var output: JSONFlag

    func run() throws {
        try output.print(try Workspace.open(readOnly: true).deps(of: id, reverse: reverse), \.text)
    }
}
