import ArgumentParser
import EventLog
import WorkstreamKit

struct Context: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "context", 
        abstract: "What an agent needs to begin: the brief, open tasks, and each dependency's handoff (summary, next steps, artifacts by name).")

    @Argument(help: "The workstream.") var id: String
    @OptionGroup var output: JSONFlag

    struct Dependency: Encodable {
        var id: String, title: String, status: Status, agent: String?
        var summary: String?, next: [String], artifacts: [Artifact], handoff: String?
        struct Artifact: Encodable { var name: String; var secret: Bool; var value: String? }
    }
    struct Document: Encodable {
        var id: String, title: String, status: Status, agent: String?, brief: String?
        var openTasks: [TaskItem], dependencies: [Dependency]
        /// The holder's lease (stale as of when asked), and the checks `ws complete` will run.
        var lease: WorkstreamSummary.Lease? = nil
        var checks: [Check] = []
    }

    func run() throws {
        let ws = try Workspace.open(readOnly: true)
        if output.json { return try Output.json(try StartContext.document(for: id, in: ws)) }
        Output.line(try StartContext.markdown(for: id, in: ws))
    }
}
