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

    struct Item: Encodable {
        var file: String
        var line: Int
        var eventId: String?
        var reason: String
        var text: String
    }

    func run() throws {
        let ws = try Workspace.open(readOnly: true)
        let items = try ws.quarantineReport().map { q in
            Item(file: q.file, line: q.line, eventId: q.eventId, reason: q.reason,
                 text: QuarantinedLines.text(of: q, in: ws.location.workTree))
        }
        if output.json { return try Output.json(items) }
        if items.isEmpty { return Output.line("no quarantined journal lines") }
        for i in items {
            Output.line("\(i.file):\(i.line)\(i.eventId.map { "  \(Text.clip($0, 64))" } ?? "")")
            Output.line("  why: \(i.reason)")
            Output.line("  line: \(i.text)")
        }
        Output.line("drop one with 'ws quarantine drop <file:line>' (or its event id); 'ws sync' drops them all")
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
        Output.line(try ws.dropQuarantined(target, actor: ws.actor(agent.agent)).text)
    }
}
