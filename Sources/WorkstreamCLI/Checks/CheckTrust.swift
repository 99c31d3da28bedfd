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
/// Trusted without asking: a command this clone's own events declared (origin
/// `ledger.localOrigin`), and every command a `ws check add` run here declared
/// (recorded as trusted when it ran, even when the log already held the same
/// command). `ws plan apply` trusts only what that apply recorded (`PlanCheckTrust`):
/// a plan comes from git, so re-applying it must not approve another clone's
/// command without `--trust-checks`. The approvals are SHA-256 digests of the
/// commands, kept in `<git-common-dir>/ws/trusted-checks.json` beside the
/// providers' approvals: outside git, so no commit can approve itself.
enum CheckTrust {
    static let fileName = "trusted-checks.json"

    static func store(_ ws: Workspace) -> ProviderTrust {
        ProviderTrust(file: ws.location.wsDirectory.appendingPathComponent(fileName), listName: "the list of trusted check commands",
                      retrust: "trust the checks again with 'ws check trust <id>'")
    }

    /// Records the commands as trusted on this machine (keyed by digest: the same command is trusted wherever it is declared).
    static func trust(_ checks: [(name: String, run: String)], of id: String, in ws: Workspace) throws {
        let store = store(ws)
        for c in checks {
            let digest = ProviderTrust.sha256(of: c.run)
            try store.approve(name: "\(id): \(c.name)", path: digest, sha256: digest)
        }
    }

    /// The checks of `id` among `checks` that may not run here yet, in order.
    static func untrusted(_ checks: [Check], of id: String, in ws: Workspace) throws -> [Check] {
        guard !checks.isEmpty else { return [] }
        let approved = try store(ws).approvals()
        let remaining = checks.filter { approved[ProviderTrust.sha256(of: $0.run)] == nil }
        guard !remaining.isEmpty else { return [] }
        let local = try declaredHere(id, in: ws)
        return remaining.filter { !local.contains($0.run) }
    }

    /// The commands this clone's own events declared for `id`.
    static func declaredHere(_ id: String, in ws: Workspace) throws -> Set<String> {
        let origin = ws.ledger.localOrigin
        var commands = Set<String>()
        for e in try ws.ledger.history(stream: id) where e.origin == origin {
            if case .checkDeclared(let d)? = try? e.decoded() { commands.insert(d.run) }
        }
        return commands
    }

    /// Refuses, before anything runs, when one of `checks` is not trusted here.
    static func require(_ checks: [Check], of id: String, in ws: Workspace, mask: SecretMask) throws {
        let untrusted = try untrusted(checks, of: id, in: ws)
        guard !untrusted.isEmpty else { return }
        throw UntrustedChecks(id: id, checks: untrusted.map { ($0.name, mask.apply($0.run)) })
    }
}

/// Checks whose commands came from another clone and are not trusted here: nothing was run.
struct UntrustedChecks: Error, CustomStringConvertible {
    var id: String
    var checks: [(name: String, run: String)]

    /// The exact command that trusts them all.
    var trustCommand: String {
        ShellQuote.join(["ws", "check", "trust", id] + checks.map(\.name))
    }

    var description: String {
        let listed = checks.map { "check '\(Text.printable($0.name, 80))' runs: \(Text.printable($0.run, 400))" }.joined(separator: "; ")
        return "\(checks.count == 1 ? "a check" : "\(checks.count) checks") of \(id) came from another clone and "
            + "\(checks.count == 1 ? "is" : "are") not trusted on this machine (a check runs with this workstream's secrets in its environment): "
            + "\(listed). Read \(checks.count == 1 ? "it" : "them"), then run '\(trustCommand)'. Nothing was run."
    }
}
