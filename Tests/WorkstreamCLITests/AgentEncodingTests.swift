import Foundation
import Testing

/// WS_AGENT arrives as bytes: ones that are not UTF-8 are refused (exit 64), never recorded with U+FFFD
/// in their place, by the CLI and by `ws mcp` alike.
@Suite struct AgentEncodingTests {
    /// `ws <args>` under bash with WS_AGENT set to the bytes "ev\xff", `stdin` piped in.
    func withBadAgent(_ s: Sandbox, _ args: String, stdin: String? = nil) throws -> Sandbox.Result {
        try Sandbox.run(["/bin/bash", "-c", "WS_AGENT=$'ev\\xff' exec \"$0\" \(args)", Sandbox.binary.path],
                        cwd: s.root, env: s.environment, stdin: stdin)
    }

    @Test func anAgentNameThatIsNotUTF8IsRefused() throws {
        let s = try Sandbox.planned()
        let before = try s.ws("export").check().stdout
        let cli = try withBadAgent(s, "log A1 'bad agent note'")
        #expect(cli.code == 64 && cli.stderr.contains("WS_AGENT"), "exit \(cli.code): \(cli.stderr)")
        let call = #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"log","#
            + #""arguments":{"id":"A1","message":"bad agent note"}}}"#
        let mcp = try withBadAgent(s, "mcp", stdin: call + "\n")
        #expect(mcp.code == 64 || mcp.stdout.contains("error"), "exit \(mcp.code): \(mcp.stdout)")
        let after = try s.ws("export").check().stdout
        #expect(after == before && !after.contains("\u{FFFD}"), "something was recorded for the agent")
    }
}
