import ArgumentParser
import EventLog
import Foundation
import GitStore
import Operations
import WorkstreamKit

struct Rebuild: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rebuild", 
        abstract: "Replay the whole log into fresh read models and regenerate every document (committing any that differ).")
    @Flag(name: .customLong("no-commit"), help: "Rebuild the read models only.") var noCommit = false
    @OptionGroup var agent: AgentOption

    func run() throws {
        try agent.perform { ws, actor in try ws.rebuild(actor: actor, commit: !noCommit) }
    }
}

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify", 
        abstract: "Check the hash chain and that the read models equal a fresh replay; exits 1 naming the first problem.")
    func run() throws {
        let ws = try Workspace.open(readOnly: true)
        var report = try ws.ledger.verify()
        var note: String?
        if report.ok {
            report.problems += try Self.sharedDocuments(ws)
            report.problems += try ws.foreignEntryProblems()
            let docs = try DocumentCheck(ws: ws).run()
            report.problems += docs.problems
            // What a person's next 'git commit' would take from the index, if it undid ws's commits.
            report.problems += try IndexGuard(ws: ws).problems()
            note = docs.note
        }
        if report.ok {
            Output.line("ok: \(report.events) events, chain intact, read models match the log, documents match (head \(report.head.prefix(12)))")
            if let note { Output.line("note: \(note)") }
            // Conflicts and quarantined lines are not damage: warnings, each with the command that settles it.
            for r in try ConflictListing.reports(ws) {
                Output.line("warning: conflict on \(r.workstream): \(r.conflict.summary). Settle it: \(ConflictListing.advice(r))")
            }
            for q in try ws.quarantineReport() { Output.line("warning: \(q.message)") }
            for path in try ws.strangerFiles() {
                Output.line("warning: \(path) is in a folder ws generates, but ws did not write it; ws leaves it alone")
            }
            for lock in (try? Publisher(ws: ws).open().lockReports()) ?? [] where lock.looksStale {
                Output.line("warning: \(LockAdvice.message(lock))")
            }
            return
        }
        let first = report.firstBadSequence.map { "first bad sequence: \($0)\n" } ?? ""
        throw CLIError(code: ExitCodes.error, message: "verify failed: \(first)" + report.problems.map { "- \($0)" }.joined(separator: "\n"))
    }

    /// Two workstreams whose documents or journals would be the same file (possible only when
    /// two clones declared them without seeing each other: each decider refuses it alone).
    static func sharedDocuments(_ ws: Workspace) throws -> [String] {
        var owners: [String: String] = [:]
        var problems: [String] = []
        for s in try ws.ledger.summaries() {
            for key in [DocumentKey.key(id: s.id, title: s.title), "journal:" + s.id.lowercased()] {
                if let other = owners[key] {
                    problems.append("\(other) and \(s.id) share their documents or journal (\(key)); rename one with 'ws plan apply' (a new title) so each has its own")
                } else {
                    owners[key] = s.id
                }
            }
        }
        return problems
    }
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Write the log as JSON lines, one event a line.")
    @Option(help: "Write to this file instead of standard output.") var output: String?

    func run() throws {
        let ws = try Workspace.open(readOnly: true)
        var text = ""
        try ws.ledger.export { text += $0 + "\n" }
        if let output {
            let shown = Text.printable(output, 120)
            if let problem = FileProblem.forWriting(output) {
                throw CLIError(code: ExitCodes.error, message: "cannot write \(shown): \(problem)")
            }
            do { try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
                throw CLIError(code: ExitCodes.error,
                               message: "cannot write \(shown): \(FileProblem.writeFailure(output, error))")
            }
        } else {
            Output.raw(1, Array(text.utf8))
        }
    }
}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", 
        abstract: "Load events from a 'ws export' file: exactly as exported into an empty log, only unseen events into a used one.")
    @Argument(help: "The JSON lines file ('-' for standard input).") var file: String

    func run() throws {
        let ws = try Workspace.open()
        // An export of a million events is hundreds of megabytes: no size limit here, each line is checked.
        let events = try ExportFormat.parseAll(try readData(file, limit: Int.max))
        let result = try ws.ledger.importEvents(events)
        Output.line("imported \(result.imported) events" + (result.alreadyPresent > 0 ? ", \(result.alreadyPresent) already present" : "")
                    + (result.verbatim ? " (exact copy, hashes kept)" : ""))
    }
}
