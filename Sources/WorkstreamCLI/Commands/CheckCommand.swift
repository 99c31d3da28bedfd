import ArgumentParser
import Operations
import WorkstreamKit

/// `ws check add|run`: commands that show a workstream's work is done.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check",
        abstract: "Checks: named commands that show the work is done; 'ws complete' runs them and is refused while one fails.",
        subcommands: [Add.self, Run.self, Trust.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add",
            abstract: "Declare a check (the same name again replaces its command).")
        @Argument(help: "The workstream.") var id: String
        @Argument(help: "The check's name, e.g. 'PostgreSQL answers'.") var name: String
        @Option(name: .customLong("run"), help: "The command, run with /bin/sh in the work tree with 'ws env <id>' in its environment; exit 0 passes.")
        var command: String
        @OptionGroup var agent: AgentOption

        func run() throws {
            let ws = try Workspace.open()
            try CheckGuard.refuseSpelledSecrets(run: command, name: name, id: id, mask: try ws.secretMask(), in: ws)
            let outcome = try ws.execute(.addCheck(id: id, name: name, run: command), actor: ws.actor(agent.agent), commit: false)
            // Declared by the person here: it may run here (see CheckTrust).
            try CheckTrust.trust([(name, command)], of: id, in: ws)
            Output.line(outcome.events.isEmpty ? "\(id) already has check '\(name)' with that command" : "\(id): check '\(name)' added")
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "run",
            abstract: "Run a workstream's checks now and record each result (exit 1 when one fails).")
        @Argument(help: "The workstream.") var id: String
        @Option(help: "Run only this check (repeatable).") var name: [String] = []
        @OptionGroup var agent: AgentOption

        func run() throws {
            let ws = try Workspace.open()
            let results = try CheckRun.run(id: id, in: ws, actor: ws.actor(agent.agent), only: name.isEmpty ? nil : name)
            if results.isEmpty { return Output.line("\(id) has no checks: add one with 'ws check add \(id) <name> --run <command>'") }
            for r in results { Output.line(CheckReport.text(r)) }
            let failed = results.filter { !$0.passed }
            if !failed.isEmpty {
                throw CLIError(code: ExitCodes.error, message: "\(failed.count) of \(results.count) checks of \(id) did not pass: \(failed.map(\.name).joined(separator: ", "))")
            }
        }
    }
}
