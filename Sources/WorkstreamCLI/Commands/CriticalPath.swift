import ArgumentParser
import Operations
import WorkstreamKit

struct CriticalPath: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "critical-path", 
        abstract: "The longest chain of open work by estimate (1 hour where none is given); completed and cancelled work is left out.")
    @OptionGroup var output: JSONFlag

    func run() throws {
        try output.print(try Workspace.open(readOnly: true).criticalPath(), \.text)
    }
}
