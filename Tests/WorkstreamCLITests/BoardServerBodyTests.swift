import Foundation
import Testing

/// `ws serve --host 0.0.0.0` against clients that hold a connection by a request body sent a byte
/// at a time, or that keep a connection after being refused. The board takes no request bodies,
/// and a refused connection is closed, so neither holds a connection that authorised requests need.
@Suite(.serialized) struct BoardServerBodyTests {
    /// Each connection: `first` is sent whole; once an answer came, `follow` is sent, a byte every
    /// 0.2 s when `trickle`, else whole. Prints one line a connection: the status codes answered,
    /// then "closed" when the server closed it, or "open" when it still held it after `wait` seconds
    /// (longer than the server's idle timeout, which bytes that keep trickling in reset).
    static let client = #"""
        import json, re, select, socket, sys, time
        port, wait, specs = int(sys.argv[1]), float(sys.argv[2]), json.loads(sys.argv[3])
        conns = []
        for s in specs:
            c = socket.create_connection(("127.0.0.1", port)); c.sendall(s["first"].encode())
            conns.append({"sock": c, "spec": s, "got": b"", "sent": 0, "state": "open"})
        deadline = time.time() + wait
        while time.time() < deadline and any(c["state"] == "open" for c in conns):
            live = [c for c in conns if c["state"] == "open"]
            ready, _, _ = select.select([c["sock"] for c in live], [], [], 0.2)
            for c in live:
                if c["sock"] in ready:
                    try: data = c["sock"].recv(65536)
                    except OSError: data = b""
                    if not data: c["state"] = "closed"; continue
                    c["got"] += data
                follow = c["spec"]["follow"].encode()
                if c["got"] and c["sent"] < len(follow):
                    step = 1 if c["spec"]["trickle"] else len(follow)
                    try: c["sock"].sendall(follow[c["sent"]:c["sent"] + step]); c["sent"] += step
                    except OSError: c["state"] = "closed"
        for c in conns:
            codes = [code.decode() for code in re.findall(rb"HTTP/1\.1 (\d{3}) ", c["got"])]
            print(" ".join(codes + [c["state"]]))
        """#

    struct Connection: Encodable { var first: String; var follow: String; var trickle: Bool }

    func send(_ connections: [Connection], to server: ServeProcess, wait: Double) throws -> [String] {
        let payload = String(decoding: try JSONEncoder().encode(connections), as: UTF8.self)
        let argv = ["/usr/bin/env", "python3", "-c", Self.client, String(server.port), String(wait), payload]
        let r = try Sandbox.run(argv, cwd: FileManager.default.temporaryDirectory,
                                env: ProcessInfo.processInfo.environment)
        #expect(r.code == 0, "\(r.stderr)")
        return r.stdout.split(separator: "\n").map(String.init)
    }

    @Test func aRequestBodyIsRefusedAndTheConnectionClosed() throws {
        let s = try Sandbox.planned()
        let server = try ServeProcess(s, arguments: ["--host", "0.0.0.0"])
        let token = try #require(server.token)
        let post = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n"
        let bearer = "Authorization: Bearer \(token)\r\n"
        let authorisedPost = "POST /api/status HTTP/1.1\r\nHost: x\r\n\(bearer)Content-Length: 5\r\n\r\n"
        let chunked = "GET /api/status HTTP/1.1\r\nHost: x\r\n\(bearer)Transfer-Encoding: chunked\r\n\r\n"
        let trickled = Connection(first: post, follow: String(repeating: "a", count: 200), trickle: true)
        let connections = Array(repeating: trickled, count: 20)
            + [Connection(first: authorisedPost, follow: "abcde", trickle: true),
               Connection(first: chunked, follow: "1\r\na\r\n", trickle: true)]
        let outcome = try send(connections, to: server, wait: 15)
        #expect(outcome.count == connections.count)
        #expect(outcome.allSatisfy { $0 == "413 closed" }, "\(outcome)")
        #expect(try server.get("/api/status", headers: ["Authorization: Bearer \(token)"]).status == 200)
    }

    @Test func aRefusedConnectionIsClosedAfterItsAnswer() throws {
        let s = try Sandbox.planned()
        let server = try ServeProcess(s, arguments: ["--host", "0.0.0.0"])
        let token = try #require(server.token)
        let authorised = "GET /api/status HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\n\r\n"
        let outcome = try send([
            Connection(first: "GET / HTTP/1.1\r\nHost: x\r\n\r\n", follow: authorised, trickle: false),
            Connection(first: "GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", follow: authorised, trickle: false),
            // Answered, so the connection stays for the next request.
            Connection(first: authorised, follow: authorised, trickle: false),
        ], to: server, wait: 15)
        #expect(outcome.count == 3)
        #expect(outcome.first == "401 closed", "\(outcome)")
        #expect(outcome.dropFirst().first == "400 closed", "\(outcome)")
        #expect(outcome.last?.hasPrefix("200 200") == true, "\(outcome)")
    }
}
