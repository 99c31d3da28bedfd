import EventLog
import WorkstreamKit

extension Workspace {
    /// `ws context` and the MCP `context` tool.
    public func context(_ id: String) throws -> StartContext.Document { try StartContext.document(for: id, in: self) }
}

/// `ws context --json` is the document; its text is the Markdown an agent reads.
extension StartContext.Document: VerbOutcome {
    public var json: JSONValue { get throws { try JSONValue.encoding(self) } }
    public var text: String { StartContext.markdown(self) }
}

/// What an agent needs to begin: the brief, the open tasks, and what each
/// dependency left behind (its handoff summary, next steps and artifact names).
public enum StartContext {
    public struct Dependency: Encodable {
        var id: String, title: String, status: Status, agent: String?
        var summary: String?, next: [String], artifacts: [Artifact], handoff: String?
        public struct Artifact: Encodable { var name: String; var secret: Bool; var value: String? }
    }
    public struct Document: Encodable {
        var id: String, title: String, status: Status, agent: String?, brief: String?
        var openTasks: [TaskItem], dependencies: [Dependency]
        /// The holder's lease (stale as of when asked), and the checks `ws complete` will run.
        var lease: WorkstreamSummary.Lease? = nil
        var checks: [Check] = []
    }


    public static func document(for id: String, in ws: Workspace) throws -> Document {
        let detail = try ws.ledger.detail(id)
        let w = detail.workstream
        let layout = detail.dependencies.contains { $0.status == .completed } ? try ws.documentLayout() : .flat
        let deps = try detail.dependencies.map { dep -> Dependency in
            let d = try ws.ledger.detail(dep.id).workstream
            return Dependency(
                id: d.id, title: d.title, status: dep.status, agent: d.agent, summary: d.completion?.summary,
                next: d.completion?.next ?? [],
                artifacts: d.artifacts.map { .init(name: $0.name, secret: $0.secret, value: $0.secret ? nil : $0.value) },
                handoff: d.lifecycle == .completed ? Documents.handoffPath(d, layout) : nil)
        }
        var summary = detail.summary
        summary.markStale(now: ws.now)
        return Document(id: w.id, title: w.title, status: detail.summary.status, agent: w.agent, brief: w.brief,
                                openTasks: w.openTasks, dependencies: deps, lease: summary.lease, checks: w.checks)
    }

    static func markdown(_ doc: Document) -> String {
        let id = doc.id
        var out = ["# \(doc.id): \(doc.title)", "", "Status: \(doc.status.rawValue)" + (doc.agent.map { ", held by \($0)" } ?? "")]
        if let brief = doc.brief, !brief.isEmpty { out += ["", "## Brief", "", brief.trimmingCharacters(in: .whitespacesAndNewlines)] }
        if let lease = doc.lease {
            out.append("Lease: until \(Timestamp.stamp(lease.expiresAt))" + (lease.stale ? " (ran out)" : "") + "; every command of the holder on \(doc.id) renews it")
        }
        out += ["", "## Open tasks", ""]
        out += doc.openTasks.isEmpty ? ["None."] : doc.openTasks.map { "- [ ] \($0.id) \($0.text)" }
        if !doc.checks.isEmpty {
            out += ["", "## Checks ('ws complete \(doc.id)' runs them; it is refused while one fails)", ""]
            out += doc.checks.map { "- \($0.name): `\($0.run)`" + ($0.last.map { " — last \($0.label)" } ?? "") }
        }
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

extension Workspace {
    /// What the publisher loads to render one workstream's documents (`ws mcp`'s resources, the board's handoff):
    /// it, its neighbours (`shown`: their titles and statuses), and their dependencies (what each dependent waits on).
    public func documentHistory(of id: String) throws -> (history: ProjectHistory, shown: Set<String>) {
        let around = try ledger.neighbours(of: [id])
        let shown = Set([id]).union(around.dependencies).union(around.dependents)
        let loaded = shown.union(try ledger.neighbours(of: shown).dependencies)
        var history = try ledger.partialHistory(stateIds: loaded, eventStreams: [id], upTo: try ledger.head().seq)
        history.declaredCount = try ledger.workstreamCount()
        return (history, shown)
    }

    /// Where the generated files are (flat, or sharded above `DocumentLayout.flatLimit` workstreams).
    public func documentLayout() throws -> DocumentLayout {
        DocumentLayout(workstreamCount: try ledger.workstreamCount())
    }
}
