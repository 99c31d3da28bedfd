import Providers
import WorkstreamKit

/// `ws artifact` and the MCP `artifact` tool. The value itself is never in the answer, secret or not:
/// the caller sent it, and a secret must not come back.
public struct ArtifactOutcome: VerbOutcome {
    public var id: String
    public var name: String
    public var secret: Bool
    public var changed: Bool
    public var fingerprint: String?

    public var json: JSONValue {
        .fields(["id": .string(id), "name": .string(name), "secret": .bool(secret), "changed": .bool(changed),
                 "fingerprint": fingerprint.map(JSONValue.string)])
    }
    public var text: String {
        let what = secret ? "secret \(name) (\(fingerprint ?? ""))" : name
        return changed ? "recorded \(what) on \(id)" : "\(what) of \(id) unchanged"
    }
}

extension Workspace {
    /// Records an artifact, for `ws artifact` and the MCP `artifact` tool alike. A secret's
    /// value goes to the local secret store; what comes back (and the event) has only its fingerprint.
    public func recordArtifact(id: String, name: String, value: String, secret: Bool,
                               actor: String) throws -> ArtifactOutcome {
        try Validation.artifactName(name)
        try EventValidation.artifactValue(value)
        // Here, not in the CLI's argument handling: the MCP `artifact` tool comes through this function too,
        // and a secret under the minimum is never masked, so a check echoing it would record it in the log.
        if secret && !SecretMask.isMaskable(value) {
            throw CLIError(code: ExitCodes.error, message: "a secret must be at least \(SecretMask.minimumLength) characters: ws masks secrets by their exact value, and a shorter one would mask ordinary words. Nothing was recorded.")
        }
        guard try ledger.exists(id) else { throw Refusal.unknownWorkstream(id) }
        var fingerprint: String?
        if secret {
            // The value is stored before the event: a crash in between leaves an unreferenced value, never a dangling name.
            try secrets.store(workstream: id, name: name, value: value)
            fingerprint = try secrets.fingerprint(of: value)
        }
        let outcome = try execute(.recordArtifact(id: id, name: name, value: secret ? nil : value, secret: secret, fingerprint: fingerprint),
                                     actor: actor, commit: false)
        return ArtifactOutcome(id: id, name: name, secret: secret, changed: !outcome.events.isEmpty,
                               fingerprint: fingerprint)
    }
}
