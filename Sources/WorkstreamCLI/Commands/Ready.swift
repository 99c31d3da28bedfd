import ArgumentParser
import Operations
import WorkstreamKit

struct Ready: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ready", abstract: "Workstreams that can start now: dependencies completed, nobody holds them.")
    @OptionGroup var output: JSONFlag

    func run() throws { try Self.execute(json: output.json) }

    static func execute(json: Bool) throws {
        let ws = try Workspace.open(readOnly: true)
        // Held work whose lease ran out comes back: listed after the ready work, marked stale, to take over.
        let listed = try ws.ledger.readyIncludingStale(now: ws.now)
        if json { return Output.fastJSON(listed) }
        let ready = listed.filter { !$0.isStale }
        let stale = listed.filter(\.isStale)
        if ready.isEmpty && stale.isEmpty { return Output.line("nothing is ready: see 'ws blocked'") }
        if !ready.isEmpty {
            Output.line(Output.table(["ID", "ESTIMATE", "OWNER", "TITLE"], ready.map {
                [$0.id, $0.estimate.map { "\(Output.hours($0)) h" } ?? "-", $0.owner ?? "-", $0.title]
            }))
        }
        guard !stale.isEmpty else { return }
        if !ready.isEmpty { Output.line() }
        Output.line("held, but the lease ran out (take over with 'ws start <id> --take-over'):")
        Output.line(Output.table(["ID", "HELD BY", "STALE SINCE", "TITLE"], stale.map {
            [$0.id, $0.agent ?? "-", $0.leaseExpiresAt.map(Output.stamp) ?? "-", $0.title]
        }))
    }
}

struct Blocked: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "blocked", 
        abstract: "Workstreams that cannot start, with the chain that blocks each and the work that must move first.")
    @OptionGroup var output: JSONFlag

    func run() throws { try Self.execute(json: output.json) }

    static func execute(json: Bool) throws {
        let ws = try Workspace.open(readOnly: true)
        let summaries = try ws.ledger.summaries()
        let analysis = BlockingAnalysis(summaries)
        if json {
            let out = JSONBuffer(capacity: analysis.waiting.count * 512 + 64)
            analysis.writeJSON(into: out)
            out.append(0x0A)
            Output.write(out)
            return Output.keepUntilExit((summaries, analysis))
        }
        let reports = analysis.waiting.map(analysis.report)
        if reports.isEmpty { return Output.line("nothing is blocked") }
        let statusOf = Dictionary(summaries.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func label(_ id: String) -> String {
            guard let s = statusOf[id] else { return id }
            return "\(id) (\(s.status.rawValue)\(s.agent.map { ", \($0)" } ?? ""))"
        }
        let cycles = analysis.cycles
        Output.line(Output.table(["ID", "STATUS", "WHY"], reports.map { r in
            var why: [String] = []
            if let cycle = cycles.first(where: { $0.contains(r.id) }) {
                why.append("in the dependency cycle \(cycle.joined(separator: " → ")) (a conflict between clones: 'ws conflicts')")
            }
            if let reason = r.reason { why.append("blocked: \(reason)") }
            if !r.waitingOn.isEmpty {
                why.append("waits on " + r.chainText(label))
                let others = r.rootBlockers.filter { $0 != r.chain.last }
                if !others.isEmpty { why.append("also needs " + others.map(label).joined(separator: ", ")) }
            }
            return [r.id, r.status.rawValue, why.joined(separator: "; ")]
        }))
    }
}
