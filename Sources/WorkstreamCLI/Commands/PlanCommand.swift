import ArgumentParser
import EventLog
import Foundation
import Providers
import WorkstreamKit

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Declare many workstreams at once from a YAML plan.",
        subcommands: [Apply.self])

    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "apply",
            abstract: "Apply a plan: records only what differs from the log, so applying it twice changes nothing.",
            discussion: """
                A check command this apply declares (new, or changed) may run on this machine. A check the log \
                already holds from another clone is not trusted by applying a plan that names it (the plan is in \
                git, which other clones write): apply lists those checks and the 'ws check trust' command, or \
                trusts them with --trust-checks.
                """)

        @Argument(help: "The plan (YAML).") var file: String
        @Flag(help: "Also trust the plan's checks that came from another clone (read them: they run with secrets).")
        var trustChecks = false
        @OptionGroup var agent: AgentOption

        func run() throws {
            let ws = try Workspace.open()
            let text = try readText(file)
            let base = URL(fileURLWithPath: file).deletingLastPathComponent()
            let plan = try PlanParser.parse(text) { relative in
                let url = relative.hasPrefix("/") ? URL(fileURLWithPath: relative) : base.appendingPathComponent(relative)
                return try readText(url.path, limit: Limits.brief)
            }
            try CheckGuard.refuseSpelledSecrets(in: plan, ws: ws)
            let outcome = try ws.execute(.applyPlan(plan), actor: ws.actor(agent.agent), commit: false)
            if outcome.events.isEmpty {
                Output.line("plan already applied: nothing to change (\(plan.workstreams.count) workstreams)")
            } else {
                var counts: [String: Int] = [:]
                for e in outcome.events { counts[e.type, default: 0] += 1 }
                let detail = counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
                Output.line("applied plan: \(outcome.events.count) events (\(detail))")
            }
            try PlanCheckTrust(plan: plan, declared: outcome.events, ws: ws).settle(trustAll: trustChecks)
        }
    }
}

/// What `ws plan apply` does about the trust of the plan's checks (see `CheckTrust`). Only the
/// commands this apply declared are trusted by it: those are this clone's own events. A command
/// the log already held from another clone stays untrusted — re-applying a plan from git (which
/// that clone can edit) must not be how its command comes to run here — unless `--trust-checks`.
struct PlanCheckTrust {
    let plan: Plan
    let declared: [RecordedEvent]
    let ws: Workspace

    func settle(trustAll: Bool) throws {
        let mask = try ws.secretMask()
        var pending: [UntrustedChecks] = []
        for w in plan.workstreams where !w.checks.isEmpty {
            let new = w.checks.filter { declaredNow(w.id, $0) }
            try CheckTrust.trust(new.map { ($0.name, $0.run) }, of: w.id, in: ws)
            let named = Set(w.checks.map(\.name))
            let current = try ws.ledger.detail(w.id).workstream.checks.filter { named.contains($0.name) }
            let untrusted = try CheckTrust.untrusted(current, of: w.id, in: ws)
            guard !untrusted.isEmpty else { continue }
            if trustAll {
                try CheckTrust.trust(untrusted.map { ($0.name, $0.run) }, of: w.id, in: ws)
                for c in untrusted {
                    Output.line("trusted check '\(Text.printable(c.name, 80))' of \(w.id) on this machine "
                                + "(--trust-checks): \(Text.printable(mask.apply(c.run), 400))")
                }
            } else {
                pending.append(UntrustedChecks(id: w.id, checks: untrusted.map { ($0.name, mask.apply($0.run)) }))
            }
        }
        for p in pending {
            let listed = p.checks.map { "'\(Text.printable($0.name, 80))' runs: \(Text.printable($0.run, 400))" }
                .joined(separator: "; ")
            Output.line("not trusted here (declared by another clone, not by this apply): check \(listed). "
                        + "Read, then run '\(p.trustCommand)' (or apply with --trust-checks).")
        }
    }

    /// Whether this apply recorded the check's declaration with this command.
    func declaredNow(_ id: String, _ check: WorkstreamEvent.CheckDeclared) -> Bool {
        declared.contains { e in
            guard e.stream == id, case .checkDeclared(let d)? = try? e.decoded() else { return false }
            return d.name == check.name && d.run == check.run
        }
    }
}
