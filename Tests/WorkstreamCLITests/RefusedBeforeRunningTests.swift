import Foundation
import Testing

/// Commands that run something (a provider, the checks) refuse bad input and a non-holder before anything
/// runs: a refusal leaves the log as it was and runs no program.
@Suite struct RefusedBeforeRunningTests {
    /// A1 started by alice, then taken over by bob: alice is the replaced holder.
    static func takenOver() throws -> Sandbox {
        let s = try Sandbox.withWorkstream()
        try s.ws("start", "A1", "--agent", "alice").check()
        try s.ws("start", "A1", "--take-over", "--force", "--reason", "alice is silent", "--agent", "bob").check()
        return s
    }

    @Test func aPlanByTheReplacedHolderRunsNoProvider() throws {
        let s = try Self.takenOver()
        let marker = s.root.appendingPathComponent("provider-ran.txt")
        try s.installProvider("marker", ProviderConsentTests.markingPlugin(marker))
        try? FileManager.default.removeItem(at: marker)
        let before = try s.ws("export").check().stdout
        let r = try s.ws("provision", "A1", "thing", "t1", "--provider", "marker", "--plan", "--agent", "alice")
        #expect(r.code == 3 && r.stderr.contains("bob"), "exit \(r.code): \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: marker.path), "the provider ran before the refusal")
        #expect(try s.ws("export").check().stdout == before)
    }

    /// A check that leaves a mark when it runs, and the log as it stands.
    static func withCheck() throws -> (s: Sandbox, marker: URL, log: String) {
        let s = try Sandbox.withWorkstream()
        try s.ws("start", "A1", "--agent", "alice").check()
        let marker = s.root.appendingPathComponent("check-ran.txt")
        try s.ws("check", "add", "A1", "marks", "--run", "echo ran >> '\(marker.path)'", "--agent", "alice").check()
        return (s, marker, try s.ws("export").check().stdout)
    }

    @Test(arguments: [["--summary", String(repeating: "x", count: 70_000)], ["--next", "one\ntwo"], ["--force"],
                      ["--force", "--reason", "one\ntwo"]])
    func invalidCompletionInputRunsNoCheck(input: [String]) throws {
        let (s, marker, log) = try Self.withCheck()
        let r = try s.ws(["complete", "A1", "--agent", "alice"] + input)
        #expect(r.code != 0 && !r.stderr.isEmpty, "exit \(r.code): \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: marker.path), "the check ran before the refusal")
        #expect(try s.ws("export").check().stdout == log, "the log changed")
    }

    @Test func invalidCompletionInputOverMCPRunsNoCheck() throws {
        let (s, marker, log) = try Self.withCheck()
        let a = try MCPProtocolTests().answers([
            #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2024-11-05","#
                + #""capabilities":{},"#
                + #""clientInfo":{"name":"t","version":"1"}}}"#,
            #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"complete","#
                + #""arguments":{"id":"A1","agent":"alice","next":["bad\u2028x"]}}}"#,
        ], in: s)
        let result = try #require(a[2]?["result"] as? [String: Any], "\(a)")
        #expect(result["isError"] as? Bool == true, "\(result)")
        #expect(!FileManager.default.fileExists(atPath: marker.path), "the check ran before the refusal")
        #expect(try s.ws("export").check().stdout == log, "the log changed")
    }

    /// Planning stays open to anyone: a brief whose task is already done (`- [x]`), written by the lead while
    /// alice holds A1, checks it off with no `fenced` conflict.
    @Test func aBriefWithADoneTaskOnAHeldWorkstreamIsNoFencedWork() throws {
        let s = try Sandbox.withWorkstream()
        try s.ws("start", "A1", "--agent", "alice").check()
        try "# A1\n\n## Tasks\n\n- [x] 1 Laid out\n- [ ] 2 Built\n".write(to: s.root.appendingPathComponent("brief.md"),
                                                                       atomically: true, encoding: .utf8)
        try s.ws("brief", "A1", "--file", "brief.md", "--agent", "lead").check()
        let conflicts = try #require(try json(try s.ws("conflicts", "--json").check().stdout) as? [[String: Any]])
        #expect(conflicts.isEmpty, "\(conflicts)")
        #expect(try s.ws("export").check().stdout.contains("TaskCompleted"), "the brief checked no task off")
    }
}
