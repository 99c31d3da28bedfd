import ArgumentParser
import Operations
import WorkstreamKit

struct Prime: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prime",
        abstract: "What an agent should read at the start of a session, under a token budget: the next command, what it holds, what is ready.",
        discussion: "Meant for a session-start hook (README). Read-only. 4 bytes are counted as one token.")

    @Option(help: "The agent (default: $WS_AGENT, then git's user.name).") var agent: String?
    @Option(help: "At most this many tokens (4 bytes each).") var budget: Int = 2_000

    func validate() throws {
        // The headline and the next command alone take about 60 tokens.
        guard budget >= 100 else { throw ValidationError("--budget must be at least 100 tokens.") }
        try AgentOption.refuseEmpty(agent)
    }

    func run() throws {
        let ws = try Workspace.open(readOnly: true)
        let actor = ws.actor(agent)
        // Held to what every writing command holds an agent name to (a 120 KB name was primed, exit 0).
        try EventValidation.actor(actor)
        let text = try Primer(ws: ws, agent: actor).render(tokens: budget)
        Output.line(String(text.dropLast()))
    }
}
