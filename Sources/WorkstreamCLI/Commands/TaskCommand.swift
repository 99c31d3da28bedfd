import ArgumentParser
import Operations
import WorkstreamKit

struct TaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task", abstract: "Add, check off or reopen a task.", subcommands: [Add.self, Done.self, Reopen.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a task to a workstream.")
        @Argument(help: "The workstream.") var id: String
        @Argument(help: "What is to be done.") var text: String
        @Option(name: .customLong("task-id"), help: "Its id, e.g. 4.1 (default: the next number).") var taskId: String?
        @OptionGroup var agent: AgentOption

        func run() throws {
            try agent.perform { ws, actor in try ws.addTask(id: id, text: text, taskId: taskId, actor: actor) }
        }
    }

    struct Done: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "done", abstract: "Check a task off.")
        @Argument(help: "The workstream.") var id: String
        @Argument(help: "The task id.") var taskId: String
        @OptionGroup var agent: AgentOption

        func run() throws { try Self.execute(id: id, taskId: taskId, agent: agent.agent) }

        static func execute(id: String, taskId: String, agent: String?) throws {
            let ws = try Workspace.open()
            Output.line(try ws.completeTask(id: id, task: taskId, actor: ws.actor(agent)).text)
        }
    }

    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reopen", abstract: "Mark a task as not done.")
        @Argument(help: "The workstream.") var id: String
        @Argument(help: "The task id.") var taskId: String
        @OptionGroup var agent: AgentOption

        func run() throws {
            try agent.perform { ws, actor in try ws.reopenTask(id: id, task: taskId, actor: actor) }
        }
    }
}
