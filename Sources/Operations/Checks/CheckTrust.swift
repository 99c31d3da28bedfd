import EventLog
import Foundation
import Providers
import WorkstreamKit

/// Which check commands may run on this machine. A check runs under `/bin/sh`
/// with every secret of `ws env <id>` in its environment, and its command comes
/// from the log, which other clones write (through git, or a shared PostgreSQL).
/// So, as a repository plugin needs `ws providers trust`, a command another
/// clone declared runs only once the person here has read and trusted it.
///
/// Trusted means approved here: by `ws check add` run here (its command is trusted as it is
/// recorded), `ws check trust`, or `ws plan apply --trust-checks` (a plan comes from git, which any
/// clone can edit, so applying one trusts nothing by itself: `PlanCheckTrust`). Each approval is
/// for one check of one workstream — keyed by (workstream, check name, SHA-256 of the command) —
/// since what a command does depends on the environment it runs in, and the artifacts of another
/// workstream (recorded by any clone) shape another environment: `make` trusted for one workstream
/// is not trusted when another clone attaches it to a second one. The approvals are kept in
/// `<git-common-dir>/ws/trusted-checks.json` beside the providers' approvals: outside git, so no
/// commit can approve itself. An entry of an older ws (keyed by the command's digest alone) no
/// longer grants trust.
public enum CheckTrust {
    static let fileName = "trusted-checks.json"

    static func store(_ ws: Workspace) -> ProviderTrust {
        ProviderTrust(file: ws.location.wsDirectory.appendingPathComponent(fileName), listName: "the list of trusted check commands",
                      retrust: "trust the checks again with 'ws check trust <id>'")
    }

    /// Records the commands as trusted on this machine, each for this check of this workstream only.
    public static func trust(_ checks: [(name: String, run: String)], of id: String, in ws: Workspace) throws {
        let store = store(ws)
        for c in checks {
            try store.approve(name: "\(id): \(c.name)", path: key(id: id, name: c.name, run: c.run),
                              sha256: ProviderTrust.sha256(of: c.run))
        }
    }

    /// The key of an approval: "check:" and the SHA-256 of workstream, name and command, separated by
    /// a byte none of them may hold. An older entry's key is the command's digest alone: never this.
    static func key(id: String, name: String, run: String) -> String {
        "check:" + ProviderTrust.sha256(of: [id, name, ProviderTrust.sha256(of: run)].joined(separator: "\u{0}"))
    }

    /// The checks of `id` among `checks` that may not run here yet, in order.
    static func untrusted(_ checks: [Check], of id: String, in ws: Workspace) throws -> [Check] {
        guard !checks.isEmpty else { return [] }
        let approved = try store(ws).approvals()
        return checks.filter { c in
            approved[key(id: id, name: c.name, run: c.run)]?.sha256 != ProviderTrust.sha256(of: c.run)
        }
    }

    /// Refuses, before anything runs, when one of `checks` is not trusted here.
    static func require(_ checks: [Check], of id: String, in ws: Workspace, mask: SecretMask) throws {
        let untrusted = try untrusted(checks, of: id, in: ws)
        guard !untrusted.isEmpty else { return }
        throw UntrustedChecks(id: id, checks: untrusted.map { ($0.name, mask.apply($0.run)) })
    }
}

/// Checks whose commands nobody trusted on this machine (declared by another clone, or by a plan,
/// which arrives through git): nothing was run.
public struct UntrustedChecks: Error, CustomStringConvertible {
    public var id: String
    public var checks: [(name: String, run: String)]

    /// The exact command that trusts them all.
    public var trustCommand: String {
        ShellQuote.join(["ws", "check", "trust", id] + checks.map(\.name))
    }

    public var description: String {
        let listed = checks.map { "check '\(Text.printable($0.name, 80))' runs: \(Text.printable($0.run, 400))" }.joined(separator: "; ")
        let one = checks.count == 1
        return "\(one ? "a check" : "\(checks.count) checks") of \(id) \(one ? "is" : "are") not trusted on this "
            + "machine (declared by another clone or by a plan, which any clone can edit; a check runs with this "
            + "workstream's secrets in its environment): \(listed). Read \(one ? "it" : "them"), then run "
            + "'\(trustCommand)'. Nothing was run."
    }
}
