import ArgumentParser
import EventLog
import Foundation
import GitStore
import Operations
import WorkstreamKit

/// `ws quarantine`: the journal lines this clone did not import (broken, forged, edited after
/// they were recorded, a legacy line the seal does not vouch for), and `ws quarantine drop`,
/// which removes one from the committed journal. Every clone quarantines the same lines.
struct Quarantine: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "quarantine",
        abstract: "List the journal lines that were not imported, and why; "
            + "'ws quarantine drop' removes one from the journal.",
        subcommands: [QuarantineList.self, QuarantineDrop.self], defaultSubcommand: QuarantineList.self)
}

struct QuarantineList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list",
        abstract: "List the quarantined journal lines: file, line, event id, reason, and the line itself (clipped).")
    @OptionGroup var output: JSONFlag

    func run() throws {
        let quarantine = try Workspace.open(readOnly: true).quarantine()
        if output.json { return try Output.json(quarantine) }
        Output.line(quarantine.text)
    }
}

struct QuarantineDrop: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "drop",
        abstract: "Remove a quarantined line from its journal file and commit that file (nothing enters the log).")
    @Argument(help: "The line as 'ws quarantine' names it (.ws/journal/A1.jsonl:3), or the event id it claims.")
    var target: String
    @OptionGroup var agent: AgentOption

    func run() throws {
        let ws = try Workspace.open(readOnly: true)
        let report = try ws.quarantineReport()
        let chosen = report.filter { QuarantinedLines.matches($0, target) }
        guard !chosen.isEmpty else {
            throw CLIError(code: ExitCodes.notFound,
                           message: "no quarantined journal line is '\(Text.clip(target, 80))'; "
                               + "'ws quarantine' lists them")
        }
        var changes: [FileChange] = []
        for (file, entries) in Dictionary(grouping: chosen, by: \.file).sorted(by: { $0.key < $1.key }) {
            let numbers = Set(entries.map(\.line))
            if let change = QuarantinedLines.without(numbers, in: file, workTree: ws.location.workTree) {
                changes.append(change)
            }
        }
        let remaining = QuarantinedLines.renumbered(report, dropping: chosen)
        let repo = try Publisher(ws: ws).open()
        let actor = ws.actor(agent.agent)
        let places = chosen.map { "\($0.file):\($0.line)" }.joined(separator: ", ")
        let message = "ws: drop quarantined journal line\(chosen.count == 1 ? "" : "s") \(places)"
        let outcome = try repo.commitGenerated(changes, message: message,
                                               author: CommitIdentity(name: actor, email: ws.config.email(for: actor)),
                                               generated: IndexGuard.generated)
        try ws.ledger.setMeta(Meta.quarantine, try Workspace.encode(remaining))
        if case .committed(let id) = outcome {
            Output.line("dropped \(places) from the journal; committed as \(id.description.prefix(12))")
        } else {
            Output.line("dropped \(places): the journal no longer held \(chosen.count == 1 ? "it" : "them")")
        }
    }
}
