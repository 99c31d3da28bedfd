import EventLog
import Foundation
import Providers
import WorkstreamKit

/// What `ws plan apply` does about the trust of the plan's checks (see `CheckTrust`). A plan file
/// arrives through git and any clone can edit it, so a `run:` that is new or changed in plan.yaml
/// is no sign the person here read it: apply trusts no check command by itself. It names each
/// check of the plan not trusted here and the exact `ws check trust …`; `--trust-checks` trusts them.
public struct PlanCheckTrust {
    let plan: Plan
    let ws: Workspace
    public init(plan: Plan, ws: Workspace) { self.plan = plan; self.ws = ws }

    public func settle(trustAll: Bool) throws {
        let mask = try ws.secretMask()
        var pending: [UntrustedChecks] = []
        for w in plan.workstreams where !w.checks.isEmpty {
            let named = Set(w.checks.map(\.name))
            let current = try ws.ledger.detail(w.id).workstream.checks.filter { named.contains($0.name) }
            let untrusted = try CheckTrust.untrusted(current, of: w.id, in: ws)
            guard !untrusted.isEmpty else { continue }
            if trustAll {
                try CheckTrust.trust(untrusted.map { ($0.name, $0.run) }, of: w.id, in: ws)
                for c in untrusted {
                    Notes.line("trusted check '\(Text.printable(c.name, 80))' of \(w.id) on this machine "
                                + "(--trust-checks): \(Text.printable(mask.apply(c.run), 400))")
                }
            } else {
                pending.append(UntrustedChecks(id: w.id, checks: untrusted.map { ($0.name, mask.apply($0.run)) }))
            }
        }
        guard !pending.isEmpty else { return }
        Notes.line("not trusted on this machine (a plan comes through git, which any clone can edit; "
                    + "read each command, it runs with the workstream's secrets):")
        for p in pending {
            for c in p.checks {
                Notes.line("  \(p.id) check '\(Text.printable(c.name, 80))' runs: \(Text.printable(c.run, 400))")
            }
            Notes.line("  trust with: \(p.trustCommand)")
        }
        Notes.line("or apply again with --trust-checks to trust them all.")
    }
}
