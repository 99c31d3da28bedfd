import ArgumentParser
import Operations
import WorkstreamKit

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One workstream in full: brief, tasks, dependencies both ways, artifacts, devlog.")

    @Argument(help: "The workstream.") var id: String
    @Option(help: "Answer as of a time or an event sequence number.") var at: String?
    @OptionGroup var output: JSONFlag

    func run() throws {
        let ws = try Workspace.open(readOnly: true)
        let view: WorkstreamView
        if let at {
            let seq = try ws.sequence(at: at)
            let replayed = try ws.ledger.replay(upTo: seq)
            guard let w = replayed.state[id], let summary = replayed.state.summary(of: id) else { throw Refusal.unknownWorkstream(id) }
            var past = WorkstreamView(w, summary: summary, dependents: replayed.state.dependents(of: id),
                                      devlog: replayed.devlog.filter { $0.workstream == id })
            // A time is the clock the lease is judged at; a sequence number has no clock, so no lease is called stale.
            past.markStale(now: Int64(at) == nil ? Clock.parse(at) ?? "" : "")
            view = past
        } else {
            view = try WorkstreamView.current(id, ledger: ws.ledger, now: ws.now)
        }
        if output.json { return try Output.json(view) }
        Output.line(view.text)
    }
}
