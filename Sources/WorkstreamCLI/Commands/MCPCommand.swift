import ArgumentParser
import Foundation
import MCPFrontEnd
import Operations

struct MCPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve ws to agents over MCP on stdio (protocol 2025-11-25 and 2026-07-28): tools and ws:// resources.",
        discussion: """
            Run it from an agent's MCP configuration, in the repository: {"command": "ws", "args": ["mcp"]}. \
            WS_AGENT names the agent; tools take an 'agent' argument too. See docs/mcp.md.
            """)

    func run() throws {
        Workspace.keepConnections()
        // Answers go to the original stdout; anything else that writes to descriptor 1
        // (a warning, a child process) lands on stderr instead of breaking the JSON-RPC stream.
        let answers = dup(1)
        guard answers >= 0, dup2(2, 1) >= 0 else {
            throw CLIError(code: ExitCodes.error, message: "cannot set up standard output for MCP: \(String(cString: strerror(errno)))")
        }
        MCPServer(out: answers).serve()
    }
}
