import Foundation
import Testing

/// `ws serve` against clients that are not browsers: requests sent half-way and left
/// there, two Host headers, a token link whose path names another site. Spoken to over raw
/// sockets (python3), since curl would tidy each of these up.
@Suite(.serialized) struct BoardServerEdgeTests {
    /// Sends each request on its own connection; prints one line a connection, in order:
    /// the status line and the Location header of the answer, or "closed" when the server closed it
    /// without answering, or "open" when it still held it after `wait` seconds.
    static let client = #"""
        import json, select, socket, sys, time
        port, wait, requests = int(sys.argv[1]), float(sys.argv[2]), json.loads(sys.argv[3])
        socks = []
        for r in requests:
            s = socket.create_connection(("127.0.0.1", port)); s.sendall(r.encode()); socks.append(s)
        replies, pending, deadline = [b""] * len(socks), set(range(len(socks))), time.time() + wait
        state = ["open"] * len(socks)
        while pending and time.time() < deadline:
            ready, _, _ = select.select([socks[i] for i in pending], [], [], max(0, deadline - time.time()))
            for s in ready:
                i = socks.index(s)
                try: data = s.recv(65536)
                except ConnectionResetError: data = b""
                if data: replies[i] += data
                if not data or b"\r\n\r\n" in replies[i]:
                    pending.discard(i)
                    state[i] = "closed" if not replies[i] else "answered"
        for i, r in enumerate(replies):
            if state[i] != "answered": print(state[i]); continue
            head = r.split(b"\r\n\r\n")[0].decode(errors="replace").split("\r\n")
            location = [h.split(":", 1)[1].strip() for h in head if h.lower().startswith("location:")]
            print(head[0] + (" -> " + location[0] if location else ""))
        """#

    func send(_ requests: [String], to server: ServeProcess, wait: Double) throws -> [String] {
        let payload = String(decoding: try JSONSerialization.data(withJSONObject: requests), as: UTF8.self)
        let r = try Sandbox.run(["/usr/bin/env", "python3", "-c", Self.client, String(server.port), String(wait), payload],
                                cwd: FileManager.default.temporaryDirectory, env: ProcessInfo.processInfo.environment)
        #expect(r.code == 0, "\(r.stderr)")
        return r.stdout.split(separator: "\n").map(String.init)
    }

    @Test func halfSentRequestsAreClosedAndTheBoardStillAnswers() throws {
        let s = try Sandbox.planned()
        let server = try ServeProcess(s, arguments: ["--host", "0.0.0.0"])
        // Heads never finished, one byte short, and a connection that sends nothing at all: none holds a connection for long.
        let halfSent = Array(repeating: "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1\r\n", count: 40) + ["GET / HTTP/1.1\r\n", ""]
        let outcome = try send(halfSent, to: server, wait: 60)
        #expect(outcome.count == halfSent.count)
        #expect(outcome.allSatisfy { $0 == "closed" }, "not closed by the server: \(outcome.filter { $0 != "closed" }.count)")
        #expect(try server.get("/api/status", headers: ["Authorization: Bearer \(server.token ?? "")"]).status == 200)
    }

    @Test func aRequestWithTwoHostHeadersIsRefused() throws {
        let s = try Sandbox.planned()
        let server = try ServeProcess(s)
        let here = "127.0.0.1:\(server.port)"
        let outcome = try send([
            "GET /api/status HTTP/1.1\r\nHost: \(here)\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
            "GET /api/status HTTP/1.1\r\nHost: \(here)\r\nhost: \(here)\r\nConnection: close\r\n\r\n",
            "GET /api/status HTTP/1.1\r\nHost: \(here)\r\nConnection: close\r\n\r\n",
        ], to: server, wait: 30)
        #expect(outcome.count == 3)
        #expect(outcome.first?.hasPrefix("HTTP/1.1 400") == true, "\(outcome)")
        #expect(outcome.dropFirst().first?.hasPrefix("HTTP/1.1 400") == true, "\(outcome)")
        #expect(outcome.last?.hasPrefix("HTTP/1.1 200") == true, "\(outcome)")
    }

    @Test func theTokenLinkNeverRedirectsOffSite() throws {
        let s = try Sandbox.planned()
        let server = try ServeProcess(s, arguments: ["--host", "0.0.0.0"])
        let token = try #require(server.token)
        let paths = ["//evil.example/?token=\(token)", "///evil.example/x?token=\(token)", "/\\evil.example/?token=\(token)",
                     "/w/A1?token=\(token)"]
        let outcome = try send(paths.map { "GET \($0) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" }, to: server, wait: 30)
        #expect(outcome.count == paths.count)
        let locations = outcome.compactMap { $0.components(separatedBy: " -> ").dropFirst().first }
        #expect(locations == ["/evil.example/", "/evil.example/x", "/evil.example/", "/w/A1"], "\(outcome)")
    }

    /// Graph layouts wait for `dot`: a slow one (here a `dot` that takes a second and fails) holds up no
    /// more than its own slot, and past the waiting limit the board says it is busy (503, Retry-After)
    /// instead of queueing without end (red team: one queue, each request waiting on every slow layout).
    @Test func slowLayoutsAreCappedAndTheRestIsToldTheBoardIsBusy() throws {
        let s = try Sandbox.planned()
        let bin = s.root.appendingPathComponent("slow-dot")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let dot = bin.appendingPathComponent("dot")
        try "#!/bin/sh\nsleep 1\nexit 1\n".write(to: dot, atomically: true, encoding: .utf8)
        #expect(chmod(dot.path, 0o755) == 0)
        let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let server = try ServeProcess(s, environment: ["PATH": path])
        let here = "127.0.0.1:\(server.port)"
        // 24 drawings no one asked for before: each needs its own layout.
        let graphs = ["A1", "A2", "A3", "B1", "C1", "D1"].flatMap { id in (1...4).map { "/graph?focus=\(id)&depth=\($0)" } }
        let requests = graphs.map { "GET \($0) HTTP/1.1\r\nHost: \(here)\r\nConnection: close\r\n\r\n" }
        let outcome = try send(requests, to: server, wait: 40)
        let drawn = outcome.filter { $0.hasPrefix("HTTP/1.1 200") }.count
        let busy = outcome.filter { $0.hasPrefix("HTTP/1.1 503") }.count
        #expect(drawn + busy == graphs.count, "\(outcome)")
        #expect(busy >= 1, "no request was turned away: \(outcome)")
        #expect(drawn >= 2, "\(outcome)")
        // The busy ones can ask again once the layouts are done; what was drawn is not drawn twice.
        let again = try server.get(graphs[0])
        #expect(again.status == 200, "\(again.status)")
        #expect(try server.get("/api/status").status == 200)
        // Twenty requests for one drawing not drawn yet share one layout: none is turned away.
        let same = Array(repeating: "GET /graph?focus=A1&depth=5 HTTP/1.1\r\nHost: \(here)\r\nConnection: close\r\n\r\n",
                         count: 20)
        let shared = try send(same, to: server, wait: 40)
        #expect(shared.count == 20 && shared.allSatisfy { $0.hasPrefix("HTTP/1.1 200") }, "\(shared)")
    }

    /// Another site's page cannot make a visitor's browser load the board (an image per graph would be a
    /// layout each); a person following a link from another site still opens it, and clients that are not
    /// browsers (no Sec-Fetch headers) are not affected. An unknown focus is 404, as /w/<id> is.
    @Test func anotherSitesPageCannotLoadTheBoard() throws {
        let s = try Sandbox.planned()
        let server = try ServeProcess(s)
        let image = ["Sec-Fetch-Site: cross-site", "Sec-Fetch-Mode: no-cors", "Sec-Fetch-Dest: image"]
        #expect(try server.get("/graph?focus=A1", headers: image).status == 403)
        #expect(try server.get("/api/status", headers: ["Sec-Fetch-Site: cross-site", "Sec-Fetch-Mode: cors"]).status == 403)
        let link = ["Sec-Fetch-Site: cross-site", "Sec-Fetch-Mode: navigate", "Sec-Fetch-Dest: document"]
        #expect(try server.get("/graph?focus=A1", headers: link).status == 200)
        #expect(try server.get("/", headers: ["Sec-Fetch-Site: same-origin", "Sec-Fetch-Mode: cors"]).status == 200)
        #expect(try server.get("/graph?focus=A1").status == 200)
        #expect(try server.get("/graph?focus=NOPE").status == 404)
    }
}
