import ArgumentParser
import Foundation
import Providers
import WorkstreamKit

struct ArtifactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "artifact",
        abstract: "Record a value produced by the work (cluster id, endpoint, bucket).",
        discussion: """
            With --secret the value goes to the local secret store (mode 0600, outside git); the log keeps only its name and a \
            fingerprint. NAME=- reads the value from standard input, so it stays out of shell history. A secret must be at least \
            \(SecretMask.minimumLength) characters: ws masks secrets by their exact value wherever it prints, and a shorter one \
            would mask ordinary words, so it is refused (exit 1). A name that changes how programs run \
            (PATH, LD_*, BASH_ENV, PYTHON*, GIT_*, HOME, LANG, LC_*, proxies, WS_* and others, see \
            docs/exec-and-secrets.md) is refused (exit 3): artifacts become the environment of 'ws env' and of \
            checks, and any clone can record one.
            """)

    @Argument(help: "The workstream.") var id: String
    @Argument(help: "NAME=VALUE") var assignment: String
    @Flag(help: "Keep the value out of the log and the documents.") var secret = false
    @OptionGroup var agent: AgentOption

    func validate() throws {
        // The value may be secret: the message names only what is wrong with the shape.
        guard let eq = assignment.firstIndex(of: "="), eq != assignment.startIndex else {
            throw ValidationError("expected NAME=VALUE (or NAME=- to read the value from standard input).")
        }
    }

    func run() throws {
        guard let eq = assignment.firstIndex(of: "=") else { return }
        let name = String(assignment[..<eq])
        var value = String(assignment[assignment.index(after: eq)...])
        if value == "-" {
            value = try readText("-", limit: Limits.artifactValue + 1)
            if value.hasSuffix("\n") { value.removeLast() }
        }
        try Validation.artifactName(name)
        // A secret's value never reaches an event, so it is checked here, as the event would check a plain one.
        try EventValidation.artifactValue(value)
        let ws = try Workspace.open()
        let recorded = try Self.record(id: id, name: name, value: value, secret: secret, actor: ws.actor(agent.agent), in: ws)
        let fingerprint = recorded.fingerprint
        let what = secret ? "secret \(name) (\(fingerprint ?? ""))" : "\(name)"
        Output.line(recorded.changed ? "recorded \(what) on \(id)" : "\(what) of \(id) unchanged")
    }

    /// Records an artifact, for `ws artifact` and the MCP `artifact` tool alike. A secret's
    /// value goes to the local secret store; what comes back (and the event) has only its fingerprint.
    static func record(id: String, name: String, value: String, secret: Bool, actor: String,
                       in ws: Workspace) throws -> (changed: Bool, fingerprint: String?) {
        try Validation.artifactName(name)
        try EventValidation.artifactValue(value)
        // Here, not in the CLI's argument handling: the MCP `artifact` tool comes through this function too,
        // and a secret under the minimum is never masked, so a check echoing it would record it in the log.
        if secret && !SecretMask.isMaskable(value) {
            throw CLIError(code: ExitCodes.error, message: "a secret must be at least \(SecretMask.minimumLength) characters: ws masks secrets by their exact value, and a shorter one would mask ordinary words. Nothing was recorded.")
        }
        guard try ws.ledger.exists(id) else { throw Refusal.unknownWorkstream(id) }
        var fingerprint: String?
        if secret {
            // The value is stored before the event: a crash in between leaves an unreferenced value, never a dangling name.
            try ws.secrets.store(workstream: id, name: name, value: value)
            fingerprint = try ws.secrets.fingerprint(of: value)
        }
        let outcome = try ws.execute(.recordArtifact(id: id, name: name, value: secret ? nil : value, secret: secret, fingerprint: fingerprint),
                                     actor: actor, commit: false)
        return (!outcome.events.isEmpty, fingerprint)
    }
}
