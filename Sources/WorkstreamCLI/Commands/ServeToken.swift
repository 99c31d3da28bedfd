import ArgumentParser
import Operations
import WorkstreamKit

/// `ws serve token add|list|revoke`: the agents' bearer tokens for `/mcp` (see `ServeTokens`).
struct ServeTokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Bearer tokens for agents that reach ws serve's /mcp: add, list, revoke.",
        subcommands: [Add.self, List.self, Revoke.self])

    static func tokens() throws -> (Workspace, ServeTokens) {
        let ws = try Workspace.open(readOnly: true)
        return (ws, try ServeTokens(for: ws))
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Make a token that acts as <agent> over /mcp; it is printed once, only its hash is kept.")
        @Argument(help: "The agent the token acts as.") var agent: String
        @Flag(help: "Let its calls force: take over a live lease, complete past open tasks or failed checks.")
        var mayForce = false

        func run() throws {
            let (ws, tokens) = try ServeTokenCommand.tokens()
            let (token, record) = try tokens.add(agent: agent, now: ws.now, mayForce: mayForce)
            Output.line(token)
            Output.error("ws serve: token \(record.id) acts as \(record.agent); it is shown once, keep it secret. "
                         + "Send it as 'Authorization: Bearer <token>'; "
                         + "revoke it with 'ws serve token revoke \(record.id)'.")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "The tokens: id, agent, when made, when revoked.")
        @OptionGroup var output: JSONFlag

        func run() throws {
            let all = try ServeTokenCommand.tokens().1.list()
            if output.json { return Output.line(JSONValue.array(all.map(\.json)).canonical) }
            guard !all.isEmpty else { return Output.line("no tokens: add one with 'ws serve token add <agent>'") }
            Output.line(Output.table(["ID", "AGENT", "MAY FORCE", "CREATED", "REVOKED"],
                                     all.map { [$0.id, $0.agent, $0.mayForce ? "yes" : "no", $0.created,
                                                $0.revoked ?? "-"] }))
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke", abstract: "Revoke a token: from the next request on, it is refused.")
        @Argument(help: "The token's id, as 'ws serve token list' shows it.") var id: String

        func run() throws {
            let (ws, tokens) = try ServeTokenCommand.tokens()
            let record = try tokens.revoke(id: id, now: ws.now)
            Output.line("revoked token \(record.id) of \(record.agent)")
        }
    }
}
