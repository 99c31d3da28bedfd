import Foundation
import TestSupport
import Testing

/// `ws serve --push`: the events agents record through servers reach the team's origin, committed in one server's
/// clone, each journal line once; a person's pushes meanwhile are merged, and when the publishing server dies another
/// takes over from what it pushed.
@Suite struct TeamPushTests {
    static let meta = #""_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","#
        + #""io.modelcontextprotocol/clientCapabilities":{}}"#

    /// One `log` call through `/mcp` as the token's agent; the answer must say it was recorded.
    static func log(_ server: ServeProcess, _ token: String, _ message: String) throws {
        let headers = ["Content-Type: application/json", "Accept: application/json", "Authorization: Bearer \(token)",
                       "MCP-Protocol-Version: 2026-07-28", "Mcp-Method: tools/call", "Mcp-Name: log"]
        let body = #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"log","arguments":"#
            + #"{"id":"A1","message":"\#(message)"},\#(meta)}}"#
        let answer = try server.get("/mcp", headers: headers, method: "POST", data: body)
        #expect(answer.status == 200 && answer.body.contains(#""isError":false"#), "\(answer.status) \(answer.body)")
    }

    /// A bare origin holding `s`'s branch, and `s` with it as its remote `origin`.
    static func origin(for s: Sandbox) throws -> URL {
        let origin = s.root.appendingPathComponent("../origin-\(UUID().uuidString.prefix(8)).git").standardized
        try s.git("init", "-q", "--bare", "-b", "main", origin.path)
        try s.git("remote", "add", "origin", origin.path)
        try s.git("push", "-q", "origin", "main")
        return origin
    }

    /// The journal lines on origin's main that carry `marker`, one string per line.
    static func pushedLines(_ origin: URL, _ marker: String, in s: Sandbox) throws -> [String] {
        let r = try Git.run(["grep", "-h", "-F", marker, "main", "--", ".ws/journal"], in: origin,
                            environment: s.environment)
        return r.stdout.split(separator: "\n").map(String.init)
    }

    /// Waits (up to 90 s) until origin's journals hold `count` lines with `marker`.
    static func waitForPush(_ origin: URL, _ marker: String, count: Int, in s: Sandbox) throws -> [String] {
        let deadline = Date().addingTimeInterval(90)
        var lines: [String] = []
        while Date() < deadline {
            lines = try pushedLines(origin, marker, in: s)
            if lines.count >= count { return lines }
            usleep(200_000)
        }
        return lines
    }

    /// The committer names of origin's main, newest first.
    static func committers(_ origin: URL, in s: Sandbox) throws -> [String] {
        try Git.run(["log", "--format=%cn", "main"], in: origin, environment: s.environment).stdout
            .split(separator: "\n").map(String.init)
    }

    /// A fresh clone of origin, on its own SQLite log built from the pushed journals: every event is there once.
    static func verifyFreshClone(_ origin: URL, expecting messages: [String]) throws {
        let fresh = try Sandbox()
        // Its own log, whatever store the committed config names.
        fresh.environment["WS_STORE"] = "sqlite://" + fresh.logPath
        try fresh.git("pull", "-q", origin.path, "main")
        try fresh.ws("verify").check()
        let history = try #require(try json(try fresh.ws("history", "A1", "--json").check().stdout) as? [[String: Any]])
        let logged = history.compactMap { ($0["data"] as? [String: Any])?["message"] as? String }
        for message in messages { #expect(logged.filter { $0 == message }.count == 1, "\(message) in \(logged)") }
    }

    @Test func aServerPushesWhatAgentsRecordAndMergesWhatAPersonPushed() throws {
        let s = try Sandbox.planned()
        try s.git("config", "user.name", "server-clone")
        try s.git("config", "user.email", "server@example.com")
        try s.ws("commit").check()
        let origin = try Self.origin(for: s)
        let token = try MCPHTTPTests.token(s, "alice")
        // The clones have gone apart before the server starts: a commit of the server's clone not pushed yet, and a
        // person's commit pushed to origin. The first round merges them (a real merge, not a fast-forward).
        try s.ws("log", "A1", "pushed-note-0").check()
        try s.ws("commit").check()
        let person = try Sandbox()
        try person.git("pull", "-q", origin.path, "main")
        try person.write("code.txt", "the person's change\n")
        try person.git("add", "code.txt")
        try person.git("commit", "-qm", "the person's change", identity: true)
        try person.git("push", "-q", origin.path, "main")
        let server = try ServeProcess(s, arguments: ["--push", "origin", "--push-every", "1"])
        defer { server.stop() }
        try Self.log(server, token, "pushed-note-1")
        try Self.log(server, token, "pushed-note-2")
        let lines = try Self.waitForPush(origin, "pushed-note-", count: 3, in: s)
        #expect(lines.count == 3, "\(lines)\n\(server.errors)")
        let merges = try Git.run(["rev-list", "--merges", "main"], in: origin, environment: s.environment).stdout
        #expect(!merges.isEmpty, "the clones had gone apart: origin should hold the server's merge")
        let tree = try Git.run(["ls-tree", "--name-only", "main"], in: origin, environment: s.environment).stdout
        #expect(tree.contains("code.txt"), "the person's commit was pushed over: \(tree)")
        // The server says so once git's push has returned, which may be just after origin shows the lines.
        let said = Date().addingTimeInterval(30)
        while !server.errors.contains("pushed "), Date() < said { usleep(100_000) }
        #expect(server.errors.contains("pushed "), "\(server.errors)")
        try Self.verifyFreshClone(origin, expecting: ["pushed-note-0", "pushed-note-1", "pushed-note-2"])
    }

    @Test func aStoreURLsPasswordIsMaskedInEveryURLOfABadSetting() throws {
        let s = try Sandbox()
        let r = try s.ws("status", env: ["WS_STORE": "postgres://a:first-pw@127.0.0.1:9/db\npostgres://b:second-pw@h/db"])
        #expect(r.code != 0 && !r.stderr.contains("first-pw") && !r.stderr.contains("second-pw"), "\(r.stderr)")
    }

    @Test func aPushToARemoteTheCloneDoesNotHaveIsRefusedAtStart() throws {
        let s = try Sandbox.planned()
        let r = try s.ws("serve", "--port", "0", "--push", "nowhere")
        #expect(r.code == 1 && r.stderr.contains("no remote named 'nowhere'"), "\(r.code) \(r.stderr)")
        let option = try s.ws("serve", "--port", "0", "--push=--upload-pack=touch /tmp/x")
        #expect(option.code == 1 && option.stderr.contains("is not a remote's name"), "\(option.code) \(option.stderr)")
    }

    /// Two servers on one PostgreSQL store, both with `--push`: one commits and pushes every event recorded through
    /// either; stuck (a detached HEAD), it gives the role up and the other takes over from what it pushed; that one
    /// killed (SIGKILL), the first takes it back; every event once on origin.
    @Test func oneOfTwoServersPushesAndAnotherTakesOverWhenItDies() throws {
        let store = try TestPostgres.freshDatabase()
        let first = try Sandbox.plannedOnStore(store)
        let origin = try Self.origin(for: first)
        let second = try Sandbox()
        second.environment["WS_STORE"] = store
        try second.git("pull", "-q", origin.path, "main")
        try second.git("remote", "add", "origin", origin.path)
        try second.ws("init").check()
        for (clone, name) in [(first, "server-one"), (second, "server-two")] {
            try clone.git("config", "user.name", name)
            try clone.git("config", "user.email", "\(name)@example.com")
        }
        let (alice, bob) = (try MCPHTTPTests.token(first, "alice"), try MCPHTTPTests.token(second, "bob"))
        let servers = [try ServeProcess(first, arguments: ["--push", "origin", "--push-every", "1"]),
                       try ServeProcess(second, arguments: ["--push", "origin", "--push-every", "1"])]
        defer { servers.forEach { $0.stop() } }
        for n in 1...3 {
            try Self.log(servers[0], alice, "team-note-\(n)")
            try Self.log(servers[1], bob, "team-note-\(n + 3)")
        }
        let before = try Self.waitForPush(origin, "team-note-", count: 6, in: first)
        #expect(before.count == 6, "\(before)\n\(servers[0].errors)\n\(servers[1].errors)")
        // One server pushed it all; the other's clone committed nothing (calls through a server record only).
        let pushers = Set(try Self.committers(origin, in: first).filter { $0.hasPrefix("server-") })
        #expect(pushers.count == 1, "\(pushers)")
        let holder = pushers.first == "server-one" ? 0 : 1
        let survivor = 1 - holder
        let clones = [first, second]
        let names = ["server-one", "server-two"]
        let waiting = Date().addingTimeInterval(30)
        while !servers[survivor].errors.contains("another server publishes"), Date() < waiting { usleep(100_000) }
        #expect(servers[survivor].errors.contains("another server publishes"), "\(servers[survivor].errors)")
        // The publisher's clone cannot publish (a detached HEAD): it gives the role up and the other takes over.
        try clones[holder].git("checkout", "-q", "--detach")
        for n in 7...9 { try Self.log(servers[survivor], survivor == 0 ? alice : bob, "team-note-\(n)") }
        let handedOver = try Self.waitForPush(origin, "team-note-", count: 9, in: first)
        #expect(handedOver.count == 9, "\(handedOver)\n\(servers[holder].errors)\n\(servers[survivor].errors)")
        #expect(try Self.committers(origin, in: first).first == names[survivor])
        // Now the other one dies (SIGKILL) holding the role: the first, on its branch again, takes it back.
        try clones[holder].git("checkout", "-q", "main")
        kill(servers[survivor].pid, SIGKILL)
        servers[survivor].stop()
        for n in 10...12 { try Self.log(servers[holder], holder == 0 ? alice : bob, "team-note-\(n)") }
        let after = try Self.waitForPush(origin, "team-note-", count: 12, in: first)
        #expect(after.count == 12 && Set(after).count == 12, "\(after)\n\(servers[holder].errors)")
        #expect(try Self.committers(origin, in: first).first == names[holder])
        try Self.verifyFreshClone(origin, expecting: (1...12).map { "team-note-\($0)" })
    }
}
