import EventLog
import Foundation
import Providers
import WorkstreamKit

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
