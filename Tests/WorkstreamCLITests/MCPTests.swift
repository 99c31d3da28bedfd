import Foundation
import Testing

/// `ws mcp` under the official MCP Python SDK (PyPI `mcp`, installed by
/// scripts/install-deps.sh) as the client: Tests/MCPClient/ws_mcp_client.py
/// holds the checks; each test runs one of its scenarios against a fresh
/// repository with the example plan, and reads the summary it prints.
@Suite struct MCPTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("MCPClient/ws_mcp_client.py")

    /// Runs a scenario; a missing SDK fails the test with the way to install it.
    static func run(_ scenario: String, mode: String? = nil, in s: Sandbox) throws -> [String: Any] {
        let probe = try Sandbox.run(["/usr/bin/env", "python3", "-c", "import mcp"], cwd: s.root, env: s.environment)
        guard probe.code == 0 else {
            Issue.record("the MCP Python SDK is not installed: make test has it (.build/venv-test). \(probe.stderr)")
            return [:]
        }
        var argv = ["/usr/bin/env", "python3", script.path, scenario, "--ws", Sandbox.binary.path, "--repo", s.root.path]
        if let mode { argv += ["--mode", mode] }
        let r = try Sandbox.run(argv, cwd: s.root, env: s.environment)
        #expect(r.code == 0, "\(scenario) \(mode ?? ""): exit \(r.code)\n\(r.stdout)\n\(r.stderr)")
        let last = r.stdout.split(separator: "\n").last.map(String.init) ?? ""
        return (try? json(last) as? [String: Any]) ?? [:]
    }

    @Test(arguments: ["legacy", "auto"])
    func aWorkstreamFromReadyToHandoff(mode: String) throws {
        let s = try Sandbox.planned()
        let summary = try Self.run("workflow", mode: mode, in: s)
        #expect(summary["protocolVersion"] as? String == (mode == "legacy" ? "2025-11-25" : "2026-07-28"))
        let sizes = summary["toolsListBytes"] as? [String: Int] ?? [:]
        #expect(sizes.count == 2 && sizes.values.allSatisfy { $0 > 1000 && $0 < 8192 }, "\(sizes)")
        // What MCP did is in the same log as the CLI's work: the CLI sees it.
        let shown = try #require(try json(try s.ws("show", "A1", "--json").check().stdout) as? [String: Any])
        #expect(shown["status"] as? String == "completed")
        #expect(shown["agent"] as? String == "alice")
        try s.ws("verify").check()
    }

    @Test func aStaleLeaseIsTakenOverThroughMCP() throws {
        let s = try Sandbox.planned()
        let summary = try Self.run("takeover", in: s)
        #expect(summary["takenOverBy"] as? String == "bob")
        let history = try #require(try json(try s.ws("history", "A1", "--json").check().stdout) as? [[String: Any]])
        let types = history.compactMap { $0["type"] as? String }
        #expect(types.contains("WorkstreamTakenOver") && types.contains("WorkstreamReleased"), "\(types)")
    }

    @Test func twoClientsRaceToStartOneWins() throws {
        let s = try Sandbox.planned()
        let summary = try Self.run("race", in: s)
        let winner = try #require(summary["winner"] as? String)
        let shown = try #require(try json(try s.ws("show", "A1", "--json").check().stdout) as? [String: Any])
        #expect(shown["agent"] as? String == winner)
        let history = try #require(try json(try s.ws("history", "A1", "--json").check().stdout) as? [[String: Any]])
        #expect(history.filter { $0["type"] as? String == "WorkstreamStarted" }.count == 1)
    }
}
