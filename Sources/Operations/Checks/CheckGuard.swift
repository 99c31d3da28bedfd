import Providers
import WorkstreamKit

/// A check's command is recorded in the log, the documents and git: a secret value
/// spelled out in it would reach all of them. `ws check add` and `ws plan apply` ask
/// this before anything is recorded (the decider cannot see the local secret store).
/// It matches as masking does (`SecretMask.reveals`, values of 8 characters or more),
/// so what is refused here is exactly what masking would have hidden elsewhere.
public enum CheckGuard {
    public static func refuseSpelledSecrets(run: String, name: String, id: String, mask: SecretMask, in ws: Workspace) throws {
        guard mask.reveals(run) else { return }
        // Name the artifact when one holds the value; a provisioning slot (a generated password) has no variable.
        let variable = (try? ws.ledger.exists(id)) == true
            ? (try WorkstreamEnvironment.variables(for: id, in: ws)).first { $0.secret && SecretMask.isMaskable($0.value) && run.contains($0.value) }
            : nil
        let instead = variable.map { "write $\($0.name) instead (checks run with 'ws env \(id)' in their environment)" }
            ?? "read it from the environment instead (checks run with 'ws env \(id)' in their environment)"
        throw CLIError(code: ExitCodes.error, message: "the command of check '\(Text.printable(name, 80))' of \(id) holds a secret value"
                       + (variable.map { " (\($0.name))" } ?? "") + "; \(instead). Nothing was recorded.")
    }

    /// Every check of a plan, against every secret this clone holds.
    public static func refuseSpelledSecrets(in plan: Plan, ws: Workspace) throws {
        let mask = try ws.secretMask()
        for w in plan.workstreams where !w.checks.isEmpty {
            for c in w.checks { try refuseSpelledSecrets(run: c.run, name: c.name, id: w.id, mask: mask, in: ws) }
        }
    }
}
