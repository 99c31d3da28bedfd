import Foundation
import Testing

/// `ws serve` as a real process on a free loopback port: its JSON API against
/// the command line's `--json`, the token rule, the live stream, escaping,
/// the security headers, and that no request serves a secret's value.
@Suite(.serialized) struct BoardServerTests {
    static let secretValue = "hunter2-board-secret-7f3a9c"
    static let hostileTitle = "<script>alert(1)</script>"

    /// The demo plan with some of everything: work started, done, completed, a secret, a hostile title.
    static func project() throws -> Sandbox {
        let s = try Sandbox.planned()
        try s.ws("start", "A1").check()
        try s.ws("task", "done", "A1", "1.1").check()
        try s.ws("log", "A1", "VPC is up", "--kind", "decision", "--hours", "1.5").check()
        try s.ws("artifact", "A1", "DB_PASSWORD=\(secretValue)", "--secret").check()
        try s.ws("artifact", "A1", "DB_HOST=db.internal").check()
        try s.ws("complete", "A1", "--force", "--reason", "demo", "--summary", "Database is **up**.", "--next", "Run migrations").check()
        try s.ws("start", "A2", "--agent", "bob").check()
        try s.ws("check", "add", "A2", "health", "--run", "echo healthy", "--agent", "bob").check()
        try s.ws("check", "run", "A2", "--agent", "bob").check()
        try s.ws("new", "X1", "--title", hostileTitle, "--depends-on", "A2").check()
        return s
    }

    /// Each API answer is byte for byte what the command prints with `--json`.
    @Test func apiEqualsTheCommandLine() throws {
        let s = try Self.project()
        let server = try ServeProcess(s)
        let pairs: [(String, [String])] = [
            ("/api/status", ["status", "--json"]),
            ("/api/ready", ["ready", "--json"]),
            ("/api/blocked", ["blocked", "--json"]),
            ("/api/workstreams/A1", ["show", "A1", "--json"]),
            ("/api/workstreams/X1", ["show", "X1", "--json"]),
            ("/api/graph", ["graph", "--format", "json"]),
            ("/api/critical-path", ["critical-path", "--json"]),
            ("/api/events?since=0", ["history", "--json"]),
            ("/api/events?since=5", ["history", "--since", "5", "--json"]),
        ]
        for (path, args) in pairs {
            let reply = try server.get(path)
            let cli = try s.ws(args).check()
            #expect(reply.status == 200, "\(path): \(reply.status)")
            #expect(reply.header("Content-Type")?.hasPrefix("application/json") == true, "\(path)")
            #expect(reply.body == cli.stdout, "\(path) differs from ws \(args.joined(separator: " "))")
            #expect((try? json(reply.body)) != nil, "\(path) is not JSON")
        }
        let missing = try server.get("/api/workstreams/NOPE")
        #expect(missing.status == 404)
        #expect(missing.body.contains("unknown workstream"))
        #expect(try server.get("/api/events?since=yesterday").status == 400)
        // A limit that is not a count is refused like a bad since, not ignored (all events) or taken as none.
        for limit in ["abc", "-3", "0"] { #expect(try server.get("/api/events?limit=\(limit)").status == 400, "\(limit)") }
        #expect(try server.get("/api/events?limit=2").status == 200)
    }

    /// On a non-loopback address: nothing without the token; the header, the cookie or the printed link let one in.
    @Test func nonLoopbackNeedsTheToken() throws {
        let s = try Self.project()
        let server = try ServeProcess(s, arguments: ["--host", "0.0.0.0"])
        let token = try #require(server.token, "no token printed: \(server.output)")
        #expect(token.count == 64)
        #expect(server.output.components(separatedBy: token).count - 1 == 2, "the token is printed once, and once in the link")
        for path in ["/", "/api/status", "/api/stream", "/assets/board.js", "/w/A1"] {
            let refused = try server.get(path)
            #expect(refused.status == 401, "\(path) without a token: \(refused.status)")
            #expect(!refused.body.contains("A1"), "\(path) leaked data without a token")
        }
        #expect(try server.get("/api/status", headers: ["Authorization: Bearer \(String(repeating: "0", count: 64))"]).status == 401)
        #expect(try server.get("/api/status", headers: ["Cookie: ws_token=wrong"]).status == 401)
        #expect(try server.get("/api/status", headers: ["Authorization: Bearer \(token)"]).status == 200)
        #expect(try server.get("/", headers: ["Cookie: ws_token=\(token)"]).status == 200)
        let link = try server.get("/w/A1?token=\(token)")
        #expect(link.status == 303)
        #expect(link.header("Location") == "/w/A1")
        #expect(link.header("Set-Cookie")?.contains("ws_token=\(token)") == true)
        #expect(link.header("Set-Cookie")?.contains("HttpOnly") == true)
    }

    /// On loopback no token is made, and a request naming another host (DNS rebinding) is refused.
    @Test func loopbackByDefault() throws {
        let s = try Self.project()
        let server = try ServeProcess(s)
        #expect(server.token == nil)
        // No board token is made or shown (the line naming /mcp's agent tokens shows none either).
        #expect(!server.output.contains("shown once") && server.output.range(of: "[0-9a-f]{64}", options: .regularExpression) == nil)
        #expect(server.output.contains("http://127.0.0.1:\(server.port)/"))
        #expect(try server.get("/").status == 200)
        #expect(try server.get("/", headers: ["Host: evil.example:\(server.port)"]).status == 421)
        #expect(try server.get("/", headers: ["Host: localhost:\(server.port)"]).status == 200)
    }

    /// An event appended by another `ws` process arrives on the stream as a message.
    @Test func streamCarriesNewEvents() throws {
        let s = try Self.project()
        let server = try ServeProcess(s)
        let head = try #require(try json(server.get("/api/head").body) as? [String: Any])["seq"] as? Int
        let streamFile = FileManager.default.temporaryDirectory.appendingPathComponent("ws-sse-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: streamFile) }
        let reader = try Sandbox.launch(["/usr/bin/env", "curl", "-sN", "--max-time", "8", "-o", streamFile, server.base + "/api/stream"],
                                        cwd: s.root, env: ProcessInfo.processInfo.environment)
        func stream() -> String { (try? String(contentsOfFile: streamFile, encoding: .utf8)) ?? "" }
        let first = "data: {\"seq\":\(head ?? -1)}"
        try Self.waitFor(seconds: 5) { stream().contains(first) }
        #expect(stream().contains("event: head"))
        try s.ws("log", "A2", "from another process").check()
        let next = "data: {\"seq\":\((head ?? -1) + 1)}"
        // The head is polled every 250 ms: two seconds leave room for a loaded machine.
        try Self.waitFor(seconds: 2) { stream().contains(next) }
        _ = reader.wait()
    }

    /// Titles and other text are escaped; every response carries the policy; no request serves the secret.
    @Test func escapedHeadedAndSecretFree() throws {
        let s = try Self.project()
        let server = try ServeProcess(s)
        let paths = ["/", "/?q=script", "/?all=1", "/w/A1", "/w/A1/handoff", "/w/X1", "/w/A2", "/graph", "/graph?focus=A1", "/graph?view=critical",
                     "/blocked", "/history", "/history?stream=A1", "/history?page=2", "/assets/board.js", "/assets/board.css",
                     "/api/status", "/api/ready", "/api/blocked", "/api/workstreams/A1", "/api/graph", "/api/critical-path", "/api/events", "/api/head"]
        for path in paths {
            let reply = try server.get(path)
            #expect(reply.status == 200, "\(path): \(reply.status)")
            #expect(!reply.body.contains(Self.secretValue), "\(path) served the secret's value")
            #expect(reply.header("Content-Security-Policy")?.contains("script-src 'self'") == true, "\(path) has no CSP")
            #expect(reply.header("X-Content-Type-Options") == "nosniff", "\(path)")
            if reply.header("Content-Type")?.hasPrefix("text/html") == true {
                #expect(!reply.body.contains(Self.hostileTitle), "\(path) has the title as markup")
                #expect(!reply.body.contains("<script>"), "\(path) has an inline script")
                #expect(!reply.body.contains("style=\""), "\(path) has an inline style")
            }
        }
        #expect(try server.get("/").body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(try server.get("/w/X1").body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        let page = try server.get("/w/A1").body
        #expect(page.contains("DB_PASSWORD"))
        #expect(page.contains("db.internal"))
        let a2 = try server.get("/w/A2").body
        #expect(a2.contains("id=\"checks\""))
        #expect(a2.contains("<td>health</td><td><code>echo healthy</code></td>"))
        #expect(a2.contains("passed (exit 0"))
        #expect(try server.get("/w/NOPE").status == 404)
        #expect(try server.get("/w/A2/handoff").status == 404)
        // Read-only: another method is 405 naming GET and HEAD, on pages and API alike; HEAD answers as GET.
        for (path, method) in [("/api/status", "POST"), ("/api/status", "DELETE"), ("/graph", "POST"), ("/", "PUT")] {
            let refused = try server.get(path, method: method)
            #expect(refused.status == 405 && refused.header("Allow") == "GET, HEAD", "\(method) \(path): \(refused.status)")
        }
        let argv = ["/usr/bin/env", "curl", "-sS", "--max-time", "20", "-I", "-o", "/dev/null", "-w", "%{http_code}"]
        for path in ["/", "/graph", "/api/status", "/w/A2"] {
            let head = try Sandbox.run(argv + [server.base + path], cwd: s.root, env: ProcessInfo.processInfo.environment)
            #expect(head.code == 0 && head.stdout == "200", "HEAD \(path): \(head.stdout) \(head.stderr)")
        }
    }

    /// A lease that ran out (the server's clock, WS_NOW, a century on) shows on the card and the page,
    /// and the API marks it as `ws status` and `ws ready` do at the same time.
    @Test func staleLeasesShow() throws {
        let s = try Self.project()
        let later = ["WS_NOW": "2099-01-01T00:00:00.000Z"]
        let server = try ServeProcess(s, environment: later)
        for (path, args) in [("/api/status", ["status", "--json"]), ("/api/ready", ["ready", "--json"]), ("/api/workstreams/A2", ["show", "A2", "--json"])] {
            let cli = try s.ws(args, env: later).check()
            #expect(try server.get(path).body == cli.stdout, "\(path) differs from ws \(args.joined(separator: " "))")
        }
        let status = try #require(try json(server.get("/api/status").body) as? [[String: Any]])
        let a2 = try #require(status.first { $0["id"] as? String == "A2" })
        #expect((a2["lease"] as? [String: Any])?["stale"] as? Bool == true)
        let board = try server.get("/").body
        let card = try #require(board.range(of: "id=\"card-A2\"").map { String(board[$0.lowerBound...].prefix(1200)) })
        #expect(card.contains("lease ran out"))
        #expect(try server.get("/w/A2").body.contains("another agent may take it over"))
        let fresh = try ServeProcess(s)
        let freshCard = try fresh.get("/").body
        #expect(freshCard.contains("lease to "))
        #expect(!freshCard.contains("lease ran out"))
    }

    /// On the shared PostgreSQL log: the same answers as the commands, and an append by another process on the stream.
    @Test func onTheSharedPostgresLog() throws {
        let s = try Sandbox()
        s.environment["WS_STORE"] = try TestPostgres.freshDatabase()
        try s.ws("init").check()
        try s.write("plan.yaml", DemoPlan.yaml)
        try s.ws("plan", "apply", "plan.yaml").check()
        try s.ws("start", "A1").check()
        let server = try ServeProcess(s)
        for (path, args) in [("/api/status", ["status", "--json"]), ("/api/blocked", ["blocked", "--json"]), ("/api/workstreams/A1", ["show", "A1", "--json"])] {
            #expect(try server.get(path).body == s.ws(args).check().stdout, "\(path) differs from ws \(args.joined(separator: " "))")
        }
        let before = try server.get("/").body
        #expect(before.contains("data-column=\"in_progress\"><h2>In progress <span class=\"count\">1</span>"))
        try s.ws("task", "done", "A1", "1.1").check()
        try Self.waitFor(seconds: 2) { ((try? server.get("/").body) ?? "").contains("1/5 tasks") }
    }

    @Test func badUsage() throws {
        let s = try Sandbox.planned()
        #expect(try s.ws("serve", "--port", "70000").code == 64)
        let server = try ServeProcess(s)
        let taken = try s.ws("serve", "--port", String(server.port))
        #expect(taken.code == 1)
        #expect(taken.stderr.contains("--port"))
    }

    static func waitFor(seconds: Double, _ condition: () -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return }
            usleep(20_000)
        }
        throw ServeFailure(description: "not within \(seconds) s")
    }
}
