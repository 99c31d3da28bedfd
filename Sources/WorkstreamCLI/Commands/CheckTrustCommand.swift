import ArgumentParser
import Operations
import Providers
import WorkstreamKit

extension CheckCommand {
    /// `ws check trust <id> [<name>…]`: the consent a check command from another
    /// clone needs before it runs here (see `CheckTrust`). What is trusted is each
    /// command as it is now (its SHA-256): a changed command needs trusting again.
    struct Trust: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "trust",
            abstract: "Let a workstream's checks (all, or the named ones) run on this machine, with their commands as they are now.",
            discussion: "Read each command first: it runs as you, with the workstream's secrets in its environment. A changed command needs trusting again.")
        @Argument(help: "The workstream.") var id: String
        @Argument(help: "The checks to trust (all of them when none is named).") var names: [String] = []

        func run() throws {
            let ws = try Workspace.open()
            let w = try ws.ledger.detail(id).workstream
            if let missing = names.first(where: { name in w.check(name) == nil }) {
                throw Refusal.unknownCheck(workstream: id, check: missing)
            }
            let chosen = names.isEmpty ? w.checks : w.checks.filter { names.contains($0.name) }
            if chosen.isEmpty { return Output.line("\(id) has no checks: nothing to trust") }
            try CheckTrust.trust(chosen.map { ($0.name, $0.run) }, of: id, in: ws)
            let mask = try ws.secretMask()
            for c in chosen {
                Output.line("trusted check '\(Text.printable(c.name, 80))' of \(id) on this machine: \(Text.printable(mask.apply(c.run), 400))")
            }
            Output.line("If a command changes, it will not run until 'ws check trust \(ShellQuote.quote(id))' again.")
        }
    }
}
