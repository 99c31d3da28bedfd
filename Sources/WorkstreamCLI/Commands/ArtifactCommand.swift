import ArgumentParser
import Foundation
import Operations
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
        let actor = ws.actor(agent.agent)
        Output.line(try ws.recordArtifact(id: id, name: name, value: value, secret: secret, actor: actor).text)
    }
}
