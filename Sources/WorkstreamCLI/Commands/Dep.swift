import ArgumentParser
import Operations
import WorkstreamKit

struct Dep: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dep", 
        abstract: "Add or remove a dependency.", subcommands: [Add.self, Remove.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "<id> waits for <depends-on-id>. A cycle is refused.")
        @Argument(help: "The workstream that waits.") var id: String
        @Argument(help: "The workstream it waits for.") var dependsOn: String
        @OptionGroup var agent: AgentOption

        func run() throws {
            let ws = try Workspace.open()
            let outcome = try ws.execute(.addDependency(id: id, dependsOn: dependsOn), actor: ws.actor(agent.agent), commit: false)
            Output.line(outcome.events.isEmpty ? "\(id) already depends on \(dependsOn)" : "\(id) now depends on \(dependsOn)")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "<id> no longer waits for <depends-on-id>.")
        @Argument(help: "The workstream that waits.") var id: String
        @Argument(help: "The workstream it waits for.") var dependsOn: String
        @OptionGroup var agent: AgentOption

        func run() throws {
            let ws = try Workspace.open()
            try ws.execute(.removeDependency(id: id, dependsOn: dependsOn), actor: ws.actor(agent.agent), commit: false)
            Output.line("\(id) no longer depends on \(dependsOn)")
        }
    }
}
