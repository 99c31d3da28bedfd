import ArgumentParser
import Operations
import WorkstreamKit

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Every workstream with its status.")

    @Option(help: "Answer as of a time (ISO 8601 or a date) or an event sequence number.") var at: String?
    @OptionGroup var output: JSONFlag

    func run() throws { try Self.execute(at: at, json: output.json) }

    static func execute(at: String?, json: Bool) throws {
        let ws = try Workspace.open(readOnly: true)
        var summaries: [WorkstreamSummary]
        if let at {
            let seq = try PointInTime.sequence(at, in: ws)
            summaries = try ws.ledger.replay(upTo: seq).state.summaries
        } else {
            summaries = try ws.ledger.summaries()
        }
        // Stale as of the question: now, or the time `--at` names (a sequence number names no time).
        let asOf: String?
        if let at { asOf = Int64(at) == nil ? Clock.parse(at) : nil } else { asOf = ws.now }
        if let asOf {
            summaries.markStale(now: asOf)
        }
        if json { return Output.fastJSON(summaries) }
        if summaries.isEmpty { return Output.line("no workstreams yet: 'ws new' or 'ws plan apply' declares them") }
        Output.line(Output.statusTable(summaries))
        Output.line()
        Output.line(Output.tally(summaries) + (at.map { " (as of \($0))" } ?? ""))
        guard at == nil else { return }
        let conflicts = try ConflictListing.reports(ws)
        if !conflicts.isEmpty {
            Output.line("\(conflicts.count) conflict\(conflicts.count == 1 ? "" : "s") between clones (\(conflicts.map { "\($0.conflict.kind.rawValue) on \($0.workstream)" }.joined(separator: ", "))): see 'ws conflicts'")
        }
        let quarantined = try ws.quarantineReport()
        if !quarantined.isEmpty { Output.line("\(quarantined.count) journal line\(quarantined.count == 1 ? " was" : "s were") not imported: see 'ws verify'") }
    }
}

/// `--at` and `--since` take a sequence number or a time.
enum PointInTime {
    static func sequence(_ text: String, in ws: Workspace) throws -> Int64 {
        if let seq = Int64(text), seq >= 0 { return seq }
        guard let time = Clock.parse(text) else {
            throw CLIError(code: ExitCodes.error, message: "'\(text)' is neither an event sequence number nor a time (e.g. 2026-11-21 or 2026-11-21T14:00:00Z).")
        }
        return try ws.ledger.sequence(atOrBefore: time)
    }
}
