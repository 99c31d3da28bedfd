import ArgumentParser
import EventLog
import WorkstreamKit

struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Take a workstream: refused while its dependencies are open or another agent holds it.")

    @Argument(help: "The workstream.") var id: String
    @OptionGroup var agent: AgentOption

    func run() throws {
        let ws = try Workspace.open()
        let actor = ws.actor(agent.agent)
        let outcome = try ws.execute(.start(id: id, agent: actor), actor: actor)
        Output.line(outcome.events.isEmpty ? "\(id) is already yours, \(actor)" : "\(id) started by \(actor)")
        Output.line()
        Output.line(try StartContext.markdown(for: id, in: ws))
    }
}

/// What an agent needs to begin: the brief, the open tasks, and what each
/// dependency left behind (its summary, next steps and artifact names).
enum StartContext {
    static func markdown(for id: String, in ws: Workspace) throws -> String {
        let detail = try ws.ledger.detail(id)
        let w = detail.workstream
        var out = ["# \(w.id): \(w.title)"]
        if let brief = w.brief, !brief.isEmpty { out += ["", "## Brief", "", brief.trimmingCharacters(in: .whitespacesAndNewlines)] }
        let open = w.openTasks
        out += ["", "## Open tasks", ""]
        out += open.isEmpty ? ["None."] : open.map { "- [ ] \($0.id) \($0.text)" }
        if !detail.dependencies.isEmpty {
            out += ["", "## From its dependencies"]
            for dep in detail.dependencies {
                let d = try ws.ledger.detail(dep.id).workstream
                out += ["", "### \(d.id): \(d.title) (\(dep.status.rawValue))"]
                if let s = d.completion?.summary { out += ["", s] }
                if let next = d.completion?.next, !next.isEmpty { out += ["", "Next steps:"] + next.map { "- \($0)" } }
                if !d.artifacts.isEmpty {
                    out += ["", "Artifacts (values: 'ws env \(id)'):"]
                    out += d.artifacts.map { "- \($0.name)" + ($0.secret ? " (secret)" : "") }
                }
            }
        }
        return out.joined(separator: "\n")
    }
}
