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
            try agent.perform { ws, actor in try ws.addDependency(id: id, dependsOn: dependsOn, actor: actor) }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "<id> no longer waits for <depends-on-id>.")
        @Argument(help: "The workstream that waits.") var id: String
        @Argument(help: "The workstream it waits for.") var dependsOn: String
        @OptionGroup var agent: AgentOption

        func run() throws {
            try agent.perform { ws, actor in try ws.removeDependency(id: id, dependsOn: dependsOn, actor: actor) }
        }
    }
}
