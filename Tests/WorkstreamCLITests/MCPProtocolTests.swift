import Foundation
import Testing

/// `ws mcp` spoken to line by line, for what a well-behaved SDK never sends:
/// each malformed or unknown request gets its JSON-RPC error, a refusal of the
/// rules is a tool result, and a notification gets no answer.
@Suite struct MCPProtocolTests {
    static let modernMeta = #""_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"t","version":"1"},"io.modelcontextprotocol/clientCapabilities":{}}"#

    func answers(_ lines: [String], in s: Sandbox) throws -> [Int: [String: Any]] {
        let r = try s.ws(["mcp"], stdin: lines.joined(separator: "\n") + "\n")
        #expect(r.code == 0, "\(r.stderr)")
        var byId: [Int: [String: Any]] = [:]
        var count = 0
        for line in r.stdout.split(separator: "\n") {
            let message = try #require(try json(String(line)) as? [String: Any])
            count += 1
            byId[(message["id"] as? Int) ?? -1] = message
        }
        #expect(count == lines.count - 1, "one answer a request, none for the notification: \(r.stdout)")
        return byId
    }

    @Test func errorsAreJSONRPCErrorsAndRefusalsAreToolResults() throws {
        let s = try Sandbox.planned()
        let a = try answers([
            #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2024-11-05","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#,
            #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"no/such/method"}"#,
            #"{"jsonrpc":"2.0","id":3,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2030-01-01"}}}"#,
            #"{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"rm_rf","arguments":{}}}"#,
            #"{"jsonrpc":"2.0","id":5,"method":"resources/read","params":{"uri":"ws://handoff/A1"}}"#,
            #"{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"start","arguments":{"agent":"x"}}}"#,
            #"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"start","arguments":{"id":"NOPE"},"# + Self.modernMeta + "}}",
            #"{"jsonrpc":"2.0","id":8,"method":"server/discover","params":{"# + Self.modernMeta + "}}",
            "this is not JSON",
        ], in: s)
        let initialize = try #require(a[1]?["result"] as? [String: Any])
        #expect(initialize["protocolVersion"] as? String == "2025-11-25")
        #expect((a[2]?["error"] as? [String: Any])?["code"] as? Int == -32601)
        let unsupported = try #require(a[3]?["error"] as? [String: Any])
        #expect(unsupported["code"] as? Int == -32022)
        #expect((unsupported["data"] as? [String: Any])?["supported"] as? [String] == ["2026-07-28"])
        #expect((a[4]?["error"] as? [String: Any])?["code"] as? Int == -32602)
        #expect((a[5]?["error"] as? [String: Any])?["code"] as? Int == -32002)
        let missing = try #require(a[6]?["result"] as? [String: Any])
        #expect(missing["isError"] as? Bool == true)
        #expect((missing["structuredContent"] as? [String: Any])?["error"] as? String == "invalid_arguments")
        let unknown = try #require(a[7]?["result"] as? [String: Any])
        #expect(unknown["isError"] as? Bool == true)
        #expect(unknown["resultType"] as? String == "complete")
        #expect((unknown["structuredContent"] as? [String: Any])?["error"] as? String == "unknown_workstream")
        let discover = try #require(a[8]?["result"] as? [String: Any])
        #expect(discover["supportedVersions"] as? [String] == ["2025-11-25", "2026-07-28"])
        #expect(discover["ttlMs"] as? Int == 0 && discover["cacheScope"] as? String == "private")
        #expect((a[-1]?["error"] as? [String: Any])?["code"] as? Int == -32700)
        // Nothing was recorded by any of it.
        let history = try #require(try json(try s.ws("history", "--json").check().stdout) as? [[String: Any]])
        #expect(!history.contains { $0["type"] as? String == "WorkstreamStarted" })
    }
}

/// What arrives on stdin as bytes, not as a well-formed line: refused with an error, never read
/// as something else, and never held whole in memory.
@Suite struct MCPLineTests {
    /// Runs `ws mcp` under python3 with `input` (a Python expression: a list of bytes chunks) written to its
    /// stdin; the answers, and the peak memory of ws in KiB (`ru_maxrss` of the child alone). Python
    /// holds only the chunks, so a copy of it between fork and exec does not count much against ws.
    func run(_ input: String, in s: Sandbox) throws -> (answers: [[String: Any]], peakKiB: Int) {
        let script = """
            import resource, subprocess, sys
            p = subprocess.Popen([sys.argv[1], "mcp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            for chunk in \(input): p.stdin.write(chunk)
            p.stdin.close()
            out = p.stdout.read()
            code = p.wait()
            print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            sys.stdout.write(out.decode())
            sys.exit(code)
            """
        let r = try Sandbox.run(["/usr/bin/env", "python3", "-c", script, Sandbox.binary.path], cwd: s.root, env: s.environment)
        #expect(r.code == 0, "\(r.stderr)")
        var lines = r.stdout.split(separator: "\n").map(String.init)
        let peak = Int(lines.isEmpty ? "" : lines.removeFirst()) ?? -1
        return (try lines.map { try #require(try json($0) as? [String: Any]) }, peak)
    }

    @Test func bytesThatAreNotUTF8AreRefusedNotRecordedAsReplacementCharacters() throws {
        let s = try Sandbox.planned()
        let call = #"b'{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"log","arguments":{"id":"A1","message":"ok \xff\xfe here"}}}\n'"#
        let (answers, _) = try run("[\(call)]", in: s)
        #expect(answers.count == 1)
        let error = try #require(answers.first?["error"] as? [String: Any], "\(answers)")
        #expect(error["code"] as? Int == -32700)
        #expect((error["message"] as? String ?? "").contains("UTF-8"))
        #expect(!(try s.ws("export").check().stdout.contains("\u{FFFD}")), "nothing recorded with U+FFFD")
        #expect(!(try s.ws("export").check().stdout.contains("ok ")), "nothing of the refused call recorded")
    }

    @Test func aMethodThatIsNotAStringIsAnInvalidRequest() throws {
        let s = try Sandbox.planned()
        let (answers, _) = try run(#"[b'{"id":2,"method":5}\n{"id":[1],"method":"ping"}\n{"jsonrpc":"2.0","id":3,"result":{}}\n']"#, in: s)
        #expect(answers.count == 2, "one answer each for the two invalid requests, none for the response: \(answers)")
        #expect(answers.first?["id"] as? Int == 2)
        #expect((answers.first?["error"] as? [String: Any])?["code"] as? Int == -32600)
        #expect((answers.last?["error"] as? [String: Any])?["code"] as? Int == -32600)
    }

    @Test func aLineOverTheLimitIsDroppedAsItArrivesAndTheNextOneIsAnswered() throws {
        let s = try Sandbox.planned()
        // 50 chunks of 1 MB (one object, listed 50 times), and a ping on the next line.
        let big = #"[b'{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"'] + [b'x' * 1_000_000] * 50"#
        let ping = #"[b'"}}\n{"jsonrpc":"2.0","id":2,"method":"ping"}\n']"#
        let (answers, peakKiB) = try run(big + " + " + ping, in: s)
        #expect(answers.count == 2, "\(answers.map { $0["error"] ?? $0["result"] ?? "" })")
        let error = try #require(answers.first?["error"] as? [String: Any])
        #expect(error["code"] as? Int == -32600)
        #expect((error["message"] as? String ?? "").contains("50000"))
        #expect(answers.last?["id"] as? Int == 2 && answers.last?["result"] != nil)
        // Held whole, the line cost ws about 240 MB; dropped as it arrives, a read buffer.
        #expect(peakKiB > 0 && peakKiB < 100_000, "ws peaked at \(peakKiB) KiB reading a 50 MB line")
    }
}
