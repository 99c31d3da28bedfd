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
        try output.print(try Workspace.open(readOnly: true).quarantine(), \.text)
    }
}

struct QuarantineDrop: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "drop",
        abstract: "Remove a quarantined line from its journal file and commit that file (nothing enters the log).")
    @Argument(help: "The line as 'ws quarantine' names it (.ws/journal/A1.jsonl:3), or the event id it claims.")
    var target: String
    @OptionGroup var agent: AgentOption

    func run() throws {
        try agent.perform(readOnly: true) { ws, actor in try ws.dropQuarantined(target, actor: actor) }
    }
}
