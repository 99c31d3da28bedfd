import ArgumentParser
import EventLog
import WorkstreamKit

struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", 
        abstract: "Take a workstream: refused while its dependencies are open or another agent holds it.")

    @Argument(help: "The workstream.") var id: String
    @OptionGroup var agent: AgentOption

    func run() throws {
        let ws = try Workspace.open()
        let actor = ws.actor(agent.agent)
        let outcome = try ws.execute(.start(id: id, agent: actor), actor: actor, commit: false)
        Output.line(outcome.events.isEmpty ? "\(id) is already yours, \(actor)" : "\(id) started by \(actor)")
        Output.line()
        Output.line(try StartContext.markdown(for: id, in: ws))
    }
}

/// What an agent needs to begin: the brief, the open tasks, and what each
/// dependency left behind (its handoff summary, next steps and artifact names).
enum StartContext {
    static func document(for id: String, in ws: Workspace) throws -> Context.Document {
        let detail = try ws.ledger.detail(id)
        let w = detail.workstream
        let deps = try detail.dependencies.map { dep -> Context.Dependency in
            let d = try ws.ledger.detail(dep.id).workstream
            return Context.Dependency(
                id: d.id, title: d.title, status: dep.status, agent: d.agent, summary: d.completion?.summary,
                next: d.completion?.next ?? [],
                artifacts: d.artifacts.map { .init(name: $0.name, secret: $0.secret, value: $0.secret ? nil : $0.value) },
                handoff: d.lifecycle == .completed ? Documents.handoffPath(d) : nil)
        }
        return Context.Document(id: w.id, title: w.title, status: detail.summary.status, agent: w.agent, brief: w.brief,
                                openTasks: w.openTasks, dependencies: deps)
    }

    static func markdown(for id: String, in ws: Workspace) throws -> String {
        let doc = try document(for: id, in: ws)
        var out = ["# \(doc.id): \(doc.title)", "", "Status: \(doc.status.rawValue)" + (doc.agent.map { ", held by \($0)" } ?? "")]
        if let brief = doc.brief, !brief.isEmpty { out += ["", "## Brief", "", brief.trimmingCharacters(in: .whitespacesAndNewlines)] }
        out += ["", "## Open tasks", ""]
        out += doc.openTasks.isEmpty ? ["None."] : doc.openTasks.map { "- [ ] \($0.id) \($0.text)" }
        if !doc.dependencies.isEmpty {
            out += ["", "## From its dependencies"]
            for d in doc.dependencies {
                out += ["", "### \(d.id): \(d.title) (\(d.status.rawValue))"]
                if let h = d.handoff { out += ["", "Handoff: \(h)"] }
                if let s = d.summary { out += ["", s] }
                if !d.next.isEmpty { out += ["", "Next steps:"] + d.next.map { "- \($0)" } }
                if !d.artifacts.isEmpty {
                    out += ["", "Artifacts (values: 'ws env \(id)'):"]
                    out += d.artifacts.map { "- \($0.name)" + ($0.secret ? " (secret)" : "") }
                }
            }
        }
        return out.joined(separator: "\n")
    }
}
