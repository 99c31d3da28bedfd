import ArgumentParser
import Operations
import WorkstreamKit

struct Complete: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "complete", 
        abstract: "Finish a workstream: refused while tasks or dependencies are open, unless --force --reason.")

    @Argument(help: "The workstream.") var id: String
    @Option(help: "What was done, for the handoff.") var summary: String?
    @Option(name: .customLong("summary-file"), help: "The summary as a markdown file.") var summaryFile: String?
    @Option(help: "A next step for whoever comes after (repeatable).") var next: [String] = []
    @Flag(help: "Complete despite open tasks, open dependencies or failing checks (recorded in the handoff).") var force = false
    @Option(help: "Why --force is needed.") var reason: String?
    @Flag(name: .customLong("no-commit"), help: "Record it, but do not commit the documents now.") var noCommit = false
    @OptionGroup var agent: AgentOption

    func validate() throws {
        if summary != nil && summaryFile != nil { throw ValidationError("give --summary or --summary-file, not both.") }
    }

    func run() throws {
        let ws = try Workspace.open()
        let text = try summary ?? summaryFile.map { try readText($0) }
        let actor = ws.actor(agent.agent)
        let run = try CompletionRun.complete(.init(id: id, actor: actor, summary: text, next: next, force: force, reason: reason,
                                                   commit: ws.config.autoCommit && !noCommit), in: ws)
        for check in run.checks { Output.line(CheckReport.text(check)) }
        let outcome = run.outcome
        let dependents = outcome.events.isEmpty ? [] : try ws.ledger.detail(id).dependents
        Output.line("\(id) completed" + (force ? " (forced: \(reason ?? ""))" : ""))
        if let e = run.evidence { Output.line("evidence: \(e.commits.count) commit\(e.commits.count == 1 ? "" : "s"), \(e.files.count) file\(e.files.count == 1 ? "" : "s") changed since the start") }
        let nowReady = dependents.filter { $0.status == .ready }.map(\.id)
        if !nowReady.isEmpty { Output.line("now ready: \(nowReady.joined(separator: ", "))") }
    }
}

struct Cancel: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Drop a workstream, with the reason.")
    @Argument(help: "The workstream.") var id: String
    @Option(help: "Why it is dropped.") var reason: String
    @Flag(name: .customLong("no-commit"), help: "Record it, but do not commit the documents now.") var noCommit = false
    @OptionGroup var agent: AgentOption

    func run() throws {
        let ws = try Workspace.open()
        let outcome = try ws.execute(.cancel(id: id, reason: reason), actor: ws.actor(agent.agent), commit: ws.config.autoCommit && !noCommit)
        Output.line(outcome.events.isEmpty ? "\(id) was already cancelled" : "\(id) cancelled: \(reason)")
    }
}
