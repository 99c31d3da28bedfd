import Foundation
import Testing

/// `/mcp` on `ws serve`, with the official MCP Python SDK as the HTTP client in both of its modes
/// (Tests/MCPClient/ws_mcp_http_client.py), and the transport's rules checked on the wire with curl.
@Suite struct MCPHTTPTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("MCPClient/ws_mcp_http_client.py")

    /// A new token for `agent`, as `ws serve token add` prints it (the token alone on stdout).
    static func token(_ s: Sandbox, _ agent: String) throws -> String {
        let r = try s.ws("serve", "token", "add", agent).check()
        let token = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("wst_") && token.count == 47, "\(r.stdout)")
        return token
    }

    static func client(_ scenario: String, url: String, token: String, mode: String, in s: Sandbox,
                       cafile: String? = nil, extra: [String] = []) throws -> [String: Any] {
        let probe = try Sandbox.run(["/usr/bin/env", "python3", "-c", "import mcp, httpx2"], cwd: s.root, env: s.environment)
        guard probe.code == 0 else {
            Issue.record("the MCP Python SDK is not installed: make test has it (.build/venv-test). \(probe.stderr)")
            return [:]
        }
        let r = try Sandbox.run(["/usr/bin/env", "python3", script.path, scenario, "--url", url, "--token", token,
                                 "--mode", mode] + (cafile.map { ["--cafile", $0] } ?? []) + extra,
                                cwd: s.root, env: s.environment)
        #expect(r.code == 0, "\(scenario) \(mode): exit \(r.code)\n\(r.stdout)\n\(r.stderr)")
        let last = r.stdout.split(separator: "\n").last.map(String.init) ?? ""
        return (try? json(last) as? [String: Any]) ?? [:]
    }

    static func eventCount(_ s: Sandbox) throws -> Int {
        let text = try s.ws("verify").check().stdout
        return Int(text.split(separator: " ").dropFirst().first ?? "") ?? -1
    }

    @Test(arguments: ["auto", "legacy"])
    func anAgentWorksOverHTTPAsItsTokenSays(mode: String) throws {
        let s = try Sandbox.planned()
        let token = try Self.token(s, "alice")
        let server = try ServeProcess(s)
        defer { server.stop() }
        let summary = try Self.client("workflow", url: server.base + "/mcp", token: token, mode: mode, in: s,
                                      extra: ["--complete"])
        #expect(summary["protocolVersion"] as? String == (mode == "legacy" ? "2025-11-25" : "2026-07-28"))
        #expect(summary["completed"] != nil, "every tool, through to the handoff: \(summary)")
        #expect(summary["startedBy"] as? String == "alice")
        #expect((summary["otherAgentRefusal"] as? String ?? "").contains("cannot act as mallory"), "\(summary)")
        // What the agent did is in the log under its token's name, and the refused call left nothing.
        let history = try #require(try json(try s.ws("history", "A1", "--json").check().stdout) as? [[String: Any]])
        let logged = history.filter { $0["type"] as? String == "DevlogEntryRecorded" }
        #expect(logged.count == 2 && logged.allSatisfy { $0["actor"] as? String == "alice" }, "\(logged)")
        #expect(history.allSatisfy { $0["actor"] as? String != "mallory" })
        let shown = try #require(try json(try s.ws("show", "A1", "--json").check().stdout) as? [String: Any])
        #expect(shown["status"] as? String == "completed", "\(shown["status"] ?? "")")
        #expect(!(try s.ws("show", "A1").check().stdout.contains("as someone else")))
        try s.ws("verify").check()
    }

    @Test func noTokenAWrongOneOrARevokedOneGetsNothing() throws {
        let s = try Sandbox.planned()
        let token = try Self.token(s, "alice")
        let listed = try #require(try json(try s.ws("serve", "token", "list", "--json").check().stdout) as? [[String: Any]])
        let id = try #require(listed.first?["id"] as? String)
        #expect(!(try s.ws("serve", "token", "list").check().stdout.contains(token)), "the token itself is never shown again")
        try s.ws("serve", "token", "revoke", id).check()
        let server = try ServeProcess(s)
        defer { server.stop() }
        let before = try Self.eventCount(s)
        let wrong = "wst_" + String(repeating: "A", count: 43)
        for presented in ["", wrong, token] {
            for mode in ["auto", "legacy"] {
                let summary = try Self.client("refused", url: server.base + "/mcp", token: presented, mode: mode, in: s)
                #expect(summary["refused"] as? Bool == true, "\(mode) \(presented.prefix(8)): \(summary)")
            }
            let raw = try server.get("/mcp", headers: ["Authorization: Bearer \(presented)", "Content-Type: application/json",
                                                       "Accept: application/json, text/event-stream"],
                                     method: "POST", data: #"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#)
            #expect(raw.status == 401 && raw.header("WWW-Authenticate")?.hasPrefix("Bearer") == true, "\(raw)")
        }
        #expect(try Self.eventCount(s) == before)
        #expect(try s.ws("serve", "token", "revoke", "nosuchid").code == 4)
    }

    @Test func theTransportRulesOnTheWire() throws {
        let s = try Sandbox.planned()
        let token = try Self.token(s, "alice")
        let server = try ServeProcess(s)
        defer { server.stop() }
        let auth = "Authorization: Bearer \(token)"
        let json = ["Content-Type: application/json", "Accept: application/json, text/event-stream", auth]
        let modern = json + ["MCP-Protocol-Version: 2026-07-28"]
        let meta = #""_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}"#
        let list = #"{"jsonrpc":"2.0","id":7,"method":"tools/list","params":{\#(meta)}}"#
        // The revision's headers must say what the body says.
        let listed = try server.get("/mcp", headers: modern + ["Mcp-Method: tools/list"], method: "POST", data: list)
        #expect(listed.status == 200 && listed.body.contains(#""resultType":"complete""#) && listed.body.contains(#""id":7"#))
        // A chunked body, as a proxy may send one: read up to the limit, refused past it.
        let chunked = try server.get("/mcp", headers: modern + ["Mcp-Method: tools/list", "Transfer-Encoding: chunked"],
                                     method: "POST", data: list)
        #expect(chunked.status == 200, "\(chunked)")
        let huge = s.root.appendingPathComponent("../huge-\(UUID().uuidString).json")
        try Data((#"{"jsonrpc":"2.0","id":7,"method":"tools/list","params":{\#(meta),"pad":""#
                  + String(repeating: "x", count: 1_100_000) + #""}}"#).utf8).write(to: huge)
        let tooLong = try Sandbox.run(["/usr/bin/env", "curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST"]
                                      + (modern + ["Mcp-Method: tools/list", "Transfer-Encoding: chunked"]).flatMap { ["-H", $0] }
                                      + ["--data-binary", "@" + huge.path, server.base + "/mcp"], cwd: s.root, env: s.environment)
        #expect(tooLong.stdout == "413", "\(tooLong.stdout) \(tooLong.stderr)")
        let mismatch = try server.get("/mcp", headers: modern + ["Mcp-Method: tools/call"], method: "POST", data: list)
        #expect(mismatch.status == 400 && mismatch.body.contains("-32020"), "\(mismatch)")
        let call = #"{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"ready","arguments":{},\#(meta)}}"#
        let named = try server.get("/mcp", headers: modern + ["Mcp-Method: tools/call", "Mcp-Name: show"], method: "POST", data: call)
        #expect(named.status == 400 && named.body.contains("mcp-name"), "\(named)")
        let unknown = #"{"jsonrpc":"2.0","id":9,"method":"nope","params":{\#(meta)}}"#
        #expect(try server.get("/mcp", headers: modern + ["Mcp-Method: nope"], method: "POST", data: unknown).status == 404)
        // Where a request claims to come from: another host's name (DNS rebinding), another site's page, two tokens.
        #expect(try server.get("/mcp", headers: modern + ["Mcp-Method: tools/list", "Host: evil.example:\(server.port)"],
                               method: "POST", data: list).status == 403)
        #expect(try server.get("/mcp", headers: modern + ["Mcp-Method: tools/list", "Origin: http://evil.example"],
                               method: "POST", data: list).status == 403)
        #expect(try server.get("/mcp", headers: modern + ["Mcp-Method: tools/list", "Origin: http://127.0.0.1:\(server.port)"],
                               method: "POST", data: list).status == 200)
        #expect(try server.get("/mcp", headers: modern + ["Mcp-Method: tools/list", "Authorization: Bearer \(token)"],
                               method: "POST", data: list).status == 401)
        #expect(try server.get("/mcp", headers: [auth, "Content-Type: application/jsonx", "Accept: application/json"],
                               method: "POST", data: list).status == 400)
        // Anything but POST, a body that is not JSON, the wrong content type, a notification.
        #expect(try server.get("/mcp", headers: [auth]).status == 405)
        #expect(try server.get("/mcp", headers: modern, method: "DELETE").status == 405)
        let garbage = try server.get("/mcp", headers: json, method: "POST", data: "{not json")
        #expect(garbage.status == 400 && garbage.body.contains("-32700"))
        #expect(try server.get("/mcp", headers: [auth, "Content-Type: text/plain"], method: "POST", data: list).status == 400)
        #expect(try server.get("/mcp", headers: [auth, "Content-Type: application/json", "Accept: text/html"],
                               method: "POST", data: list).status == 406)
        let note = #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#
        #expect(try server.get("/mcp", headers: modern, method: "POST", data: note).status == 202)
        // 2025-11-25: initialize opens a session; later requests must carry it, under the same token.
        let initialize = #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#
        let opened = try server.get("/mcp", headers: json, method: "POST", data: initialize)
        let session = try #require(opened.header("mcp-session-id"), "\(opened)")
        let plain = #"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#
        #expect(try server.get("/mcp", headers: json, method: "POST", data: plain).status == 400)
        #expect(try server.get("/mcp", headers: json + ["Mcp-Session-Id: \(session)"], method: "POST", data: plain).status == 200)
        let bob = try Self.token(s, "bob")
        let borrowed = try server.get("/mcp", headers: ["Content-Type: application/json", "Accept: application/json",
                                                        "Authorization: Bearer \(bob)", "Mcp-Session-Id: \(session)"],
                                      method: "POST", data: plain)
        #expect(borrowed.status == 404, "another agent's token cannot use alice's session")
        // Only its own agent ends a session.
        #expect(try server.get("/mcp", headers: ["Authorization: Bearer \(bob)", "Mcp-Session-Id: \(session)"],
                               method: "DELETE").status == 404)
        #expect(try server.get("/mcp", headers: json + ["Mcp-Session-Id: \(session)"], method: "POST", data: plain).status == 200)
        #expect(try server.get("/mcp", headers: json + ["Mcp-Session-Id: \(session)"], method: "DELETE").status == 200)
        #expect(try server.get("/mcp", headers: json + ["Mcp-Session-Id: \(session)"], method: "POST", data: plain).status == 404)
    }

    /// A certificate for 127.0.0.1 made by openssl for this test, its key beside it.
    static func certificate(in s: Sandbox) throws -> (cert: String, key: String) {
        // A folder of this call's own: tests run in parallel, and two must never share a certificate's file.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ws-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let (cert, key) = (folder.appendingPathComponent("cert.pem").path, folder.appendingPathComponent("key.pem").path)
        let made = try Sandbox.run(["/usr/bin/env", "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                                    "-keyout", key, "-out", cert], cwd: s.root, env: s.environment)
        #expect(made.code == 0, "openssl (scripts/install-deps.sh installs it): \(made.stderr)")
        return (cert, key)
    }

    @Test func overHTTPSWithTheServersOwnCertificate() throws {
        let s = try Sandbox.planned()
        let token = try Self.token(s, "alice")
        let (cert, key) = try Self.certificate(in: s)
        let server = try ServeProcess(s, arguments: ["--tls-cert", cert, "--tls-key", key])
        defer { server.stop() }
        #expect(server.output.contains("https://127.0.0.1:\(server.port)/"), "\(server.output)")
        let url = "https://127.0.0.1:\(server.port)"
        let board = try Sandbox.run(["/usr/bin/env", "curl", "-sS", "--cacert", cert, "-o", "/dev/null", "-w", "%{http_code}",
                                     url + "/"], cwd: s.root, env: s.environment)
        #expect(board.stdout == "200", "\(board.stdout) \(board.stderr)")
        let plain = try Sandbox.run(["/usr/bin/env", "curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
                                     "http://127.0.0.1:\(server.port)/"], cwd: s.root, env: s.environment)
        #expect(plain.stdout != "200", "plain HTTP on the HTTPS port must not be answered")
        for mode in ["auto", "legacy"] {
            let summary = try Self.client("workflow", url: url + "/mcp", token: token, mode: mode, in: s, cafile: cert)
            #expect(summary["startedBy"] as? String == "alice", "\(mode): \(summary)")
        }
    }

    @Test func unusableCertificatesAreRefusedAtStart() throws {
        let s = try Sandbox.planned()
        let (cert, _) = try Self.certificate(in: s)
        let alone = try s.ws("serve", "--port", "0", "--tls-cert", cert)
        #expect(alone.code == 64 && alone.stderr.contains("go together"), "\(alone.stderr)")
        let garbage = URL(fileURLWithPath: cert).deletingLastPathComponent().appendingPathComponent("not-a-key.pem").path
        try Data("-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----\n".utf8).write(to: URL(fileURLWithPath: garbage))
        let bad = try s.ws("serve", "--port", "0", "--tls-cert", cert, "--tls-key", garbage)
        #expect(bad.code == 1 && bad.stderr.contains("--tls-key") && !bad.stderr.contains("not base64"), "\(bad.stderr)")
        let missing = try s.ws("serve", "--port", "0", "--tls-cert", s.root.appendingPathComponent("nope.pem").path, "--tls-key", garbage)
        #expect(missing.code == 1 && missing.stderr.contains("--tls-cert"), "\(missing.stderr)")
    }

    @Test func anAgentPastItsRateIsToldToWaitAndOthersAreNot() throws {
        let s = try Sandbox.planned()
        let (alice, bob) = (try Self.token(s, "alice"), try Self.token(s, "bob"))
        // Half a call a second (bursts of one): however slow the machine, twelve calls in a row mostly wait.
        let server = try ServeProcess(s, arguments: ["--agent-rate", "0.5"])
        defer { server.stop() }
        let meta = #""_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}"#
        let call = #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"ready","arguments":{},\#(meta)}}"#
        let headers = { (token: String) in ["Content-Type: application/json", "Accept: application/json",
                                            "Authorization: Bearer \(token)", "MCP-Protocol-Version: 2026-07-28",
                                            "Mcp-Method: tools/call", "Mcp-Name: ready"] }
        var statuses: [Int] = []
        for _ in 0..<12 {
            let reply = try server.get("/mcp", headers: headers(alice), method: "POST", data: call)
            statuses.append(reply.status)
            if reply.status == 429 {
                #expect(Int(reply.header("Retry-After") ?? "") ?? 0 >= 1 && reply.body.contains("-32000"), "\(reply)")
            }
        }
        // A burst of one (twice the rate), then refusals: one refill in two seconds.
        #expect(statuses.first == 200 && statuses.filter { $0 == 429 }.count >= 8, "\(statuses)")
        #expect(try server.get("/mcp", headers: headers(bob), method: "POST", data: call).status == 200)
        let bad = try s.ws("serve", "--agent-rate", "0")
        #expect(bad.code == 64, "\(bad.stderr)")
    }

    /// A body that never arrives whole holds its connection for the deadline, not for ever, and holds no one else up.
    @Test func aBodyThatTricklesIsCutOffAtItsDeadline() throws {
        let s = try Sandbox.planned()
        let token = try Self.token(s, "alice")
        let server = try ServeProcess(s)
        defer { server.stop() }
        let script = """
            import socket, sys, time
            c = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
            c.sendall(("POST /mcp HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nContent-Type: application/json\\r\\n"
                       "Accept: application/json\\r\\nAuthorization: Bearer " + sys.argv[2] + "\\r\\n"
                       "Content-Length: 100\\r\\n\\r\\n{").encode())
            start = time.time()
            c.settimeout(30)
            answer = c.recv(4096).decode(errors="replace")
            print(round(time.time() - start, 1), answer.split("\\r\\n")[0])
            """
        let trickle = try Sandbox.launch(["/usr/bin/env", "python3", "-c", script, String(server.port), token], cwd: s.root,
                                        env: s.environment)
        usleep(500_000)
        // Meanwhile the board and another call are answered.
        #expect(try server.get("/").status == 200)
        let r = trickle.wait()
        let fields = r.stdout.split(separator: " ")
        #expect(r.code == 0 && r.stdout.contains("408"), "\(r.stdout) \(r.stderr)")
        #expect((Double(fields.first ?? "") ?? 0) >= 4.5 && (Double(fields.first ?? "") ?? 99) <= 9.5, "\(r.stdout)")
    }

    /// Over HTTP an agent cannot force (take over a live lease) unless its token says it may; a name with spaces at
    /// its ends is not a token's agent; a token file ws cannot read refuses everyone and tells the operator.
    @Test func forcingNeedsATokenThatMayForce() throws {
        let s = try Sandbox.planned()
        let (alice, bob) = (try Self.token(s, "alice"), try Self.token(s, "bob"))
        let boss = try s.ws("serve", "token", "add", "carol", "--may-force").check().stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try s.ws("serve", "token", "add", "alice ").code == 64)
        let server = try ServeProcess(s)
        defer { server.stop() }
        let meta = #""_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}"#
        func start(_ token: String, _ arguments: String) throws -> ServeProcess.Reply {
            let call = #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"start","arguments":\#(arguments),\#(meta)}}"#
            return try server.get("/mcp", headers: ["Content-Type: application/json", "Accept: application/json",
                                                    "Authorization: Bearer \(token)", "MCP-Protocol-Version: 2026-07-28",
                                                    "Mcp-Method: tools/call", "Mcp-Name: start"], method: "POST", data: call)
        }
        #expect(try start(alice, #"{"id":"A1"}"#).body.contains(#""isError":false"#))
        let taken = #"{"id":"A1","takeOver":true,"force":true,"reason":"mine now"}"#
        let refused = try start(bob, taken)
        #expect(refused.body.contains(#""isError":true"#) && refused.body.contains("may not force"), "\(refused.body)")
        #expect((try json(try s.ws("show", "A1", "--json").check().stdout) as? [String: Any])?["agent"] as? String == "alice")
        #expect(try start(boss, taken.replacingOccurrences(of: "mine now", with: "alice is away")).body.contains(#""isError":false"#))
        #expect((try json(try s.ws("show", "A1", "--json").check().stdout) as? [String: Any])?["agent"] as? String == "carol")
        let file = s.root.appendingPathComponent(".git/ws/serve-tokens.json")
        try Data("{bad".utf8).write(to: file)
        #expect(try start(alice, #"{"id":"A2"}"#).status == 401)
        usleep(200_000)
        #expect(server.errors.contains("refuses every token") && !server.errors.contains("{bad"), "\(server.errors)")
    }

    /// Two servers in two clones on one PostgreSQL store behave as one: a token made on either is accepted by both,
    /// 32 agents with tokens of their own racing one `start` across both get exactly one winner and 31 refusals
    /// naming it, and a token revoked through one server's clone is refused by the other.
    @Test func twoServersOnOnePostgresStoreActAsOne() throws {
        let store = try TestPostgres.freshDatabase()
        let first = try Sandbox.plannedOnStore(store)
        let second = try Sandbox()
        second.environment["WS_STORE"] = store
        try second.git("fetch", "-q", first.root.path)
        try second.git("reset", "-q", "--hard", "FETCH_HEAD")
        try second.ws("init").check()
        // Half the tokens made in one clone, half in the other: all in the store's table.
        var tokens: [String] = []
        for n in 1...32 { tokens.append(try Self.token(n % 2 == 0 ? first : second, "agent-\(n)")) }
        #expect(!FileManager.default.fileExists(atPath: first.root.appendingPathComponent(".git/ws/serve-tokens.json").path))
        let listed = try #require(try json(try second.ws("serve", "token", "list", "--json").check().stdout) as? [[String: Any]])
        #expect(listed.count == 32)
        let (a, b) = (try ServeProcess(first), try ServeProcess(second))
        defer { a.stop(); b.stop() }
        let file = first.root.appendingPathComponent("../race-tokens-\(UUID().uuidString).txt")
        try Data(tokens.joined(separator: "\n").utf8).write(to: file)
        let summary = try Self.client("race", url: a.base + "/mcp," + b.base + "/mcp", token: file.path, mode: "auto", in: first)
        #expect(summary["refused"] as? Int == 31 && summary["servers"] as? Int == 2, "\(summary)")
        let winner = try #require(summary["winner"] as? String)
        #expect((try json(try second.ws("show", "A1", "--json").check().stdout) as? [String: Any])?["agent"] as? String == winner)
        let history = try #require(try json(try first.ws("history", "A1", "--json").check().stdout) as? [[String: Any]])
        #expect(history.filter { $0["type"] as? String == "WorkstreamStarted" }.count == 1)
        // A 2025-11-25 session opened on one server is good on the other (an HMAC under the token, kept by neither).
        let headers = ["Content-Type: application/json", "Accept: application/json", "Authorization: Bearer \(tokens[0])"]
        let initialize = #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#
        let session = try #require(try a.get("/mcp", headers: headers, method: "POST", data: initialize).header("mcp-session-id"))
        let plain = #"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#
        #expect(try b.get("/mcp", headers: headers + ["Mcp-Session-Id: \(session)"], method: "POST", data: plain).status == 200)
        let otherToken = headers.dropLast() + ["Authorization: Bearer \(tokens[1])", "Mcp-Session-Id: \(session)"]
        #expect(try b.get("/mcp", headers: Array(otherToken), method: "POST", data: plain).status == 404)
        // Revoked in one clone, refused by the other clone's server at its next request.
        let id = try #require(listed.first { $0["agent"] as? String == "agent-3" }?["id"] as? String)
        try first.ws("serve", "token", "revoke", id).check()
        let refused = try Self.client("refused", url: b.base + "/mcp", token: tokens[2], mode: "auto", in: second)
        #expect(refused["refused"] as? Bool == true)
        // Every connection of both servers closed by PostgreSQL (a restart, a failover): the next requests connect
        // again. Before, the token check refused everyone (401) and the board answered 500 until a restart.
        let terminate = "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            + "WHERE pid <> pg_backend_pid() AND datname = current_database()"
        let killed = try Sandbox.launch(["/usr/bin/env", "psql", store, "-qAtc", terminate], cwd: first.root,
                                    env: first.environment).wait()
        #expect(killed.code == 0 && (Int(killed.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) >= 2,
                "\(killed.stdout) \(killed.stderr)")
        usleep(300_000)
        let modern = ["Content-Type: application/json", "Accept: application/json", "Authorization: Bearer \(tokens[0])",
                      "MCP-Protocol-Version: 2026-07-28", "Mcp-Method: tools/call", "Mcp-Name: ready"]
        let meta = #""_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}"#
        let ready = #"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"ready","arguments":{},\#(meta)}}"#
        for server in [a, b] {
            let answer = try server.get("/mcp", headers: modern, method: "POST", data: ready)
            #expect(answer.status == 200 && answer.body.contains(#""isError":false"#), "\(answer.status) \(answer.body)")
            #expect(try server.get("/").status == 200, "the board after the store closed its connections")
        }
    }
}
