import Foundation
import Testing

/// Plugins that fail in every way a program can: each yields a ProvisionFailed
/// event with a clear message, exit 1, and nothing else.
@Suite struct MisbehavingProviderTests {
    /// Answers `describe` properly (so ws knows the type and its generated secret), then misbehaves.
    static func plugin(_ misbehaviour: String) -> String {
        """
        #!/bin/sh
        read line
        case "$line" in *'"action":"describe"'*'"type"'*) ;; *'"action":"describe"'*)
          echo '{"type":"result","resources":[{"type":"thing","summary":"a thing","params":[{"name":"password","secret":true,"generated":true}]}]}'
          exit 0;;
        esac
        \(misbehaviour)
        """
    }

    @Test(arguments: [
        ("echo 'out of quota' >&2; exit 3", "exited with status 3", "10"),
        ("kill -KILL $$", "crashed (signal 9)", "10"),
        ("sleep 60", "did not finish within 1 s", "1"),
        ("echo '<html>502 Bad Gateway</html>'", "not protocol JSON", "10"),
        ("yes '{\"type\":\"progress\",\"message\":\"flooding the pipe with progress\"}'", "flooded", "120"),
        ("echo '{\"type\":\"result\",\"outputs\":{\"ok\":{\"nested\":1}}}'", "is not text", "10"),
    ])
    func aMisbehavingPluginIsRecordedAsFailedAndChangesNothingElse(_ misbehaviour: String, _ expected: String, _ timeout: String) throws {
        let s = try Sandbox.withWorkstream()
        try s.installProvider("bad", Self.plugin(misbehaviour))
        let before = try s.eventTypes("A1")
        let r = try s.ws("provision", "A1", "thing", "t1", "--provider", "bad", "--timeout", timeout)
        #expect(r.code == 1)
        #expect(r.stderr.contains(expected), "\(r.stderr)")
        #expect(try s.eventTypes("A1") == before + ["ProvisionRequested", "ProvisionFailed"])
        let p = try #require(try s.provisions("A1").first)
        #expect(p["state"] as? String == "failed")
        #expect((p["message"] as? String)?.contains(expected) == true)
        let show = try #require(try json(try s.ws("show", "A1", "--json").stdout) as? [String: Any])
        #expect((show["artifacts"] as? [Any])?.isEmpty == true)
        #expect(!(try s.ws("env", "A1").stdout.contains("T1_")))
        try s.ws("verify").check()
    }

    @Test func aSecretEchoedByAPluginIsMaskedInProgressErrorsAndTheLog() throws {
        let s = try Sandbox.withWorkstream()
        try s.installProvider("leaky", Self.plugin("""
            pw=$(printf '%s' "$line" | python3 -c 'import json,sys; print(json.load(sys.stdin)["params"]["password"])')
            echo "{\\"type\\":\\"progress\\",\\"message\\":\\"connecting with password $pw\\"}"
            echo "{\\"type\\":\\"error\\",\\"message\\":\\"login failed for $pw\\"}"
            """))
        let r = try s.ws("provision", "A1", "thing", "t1", "--provider", "leaky")
        #expect(r.code == 1)
        let secrets = try s.secretValues()
        #expect(secrets.count == 1)
        let pw = try #require(secrets.first)
        #expect(pw.count >= 16)
        #expect(r.stderr.contains("connecting with password ********"), "\(r.stderr)")
        #expect(r.stderr.contains("login failed for ********"))
        for text in [r.stdout, r.stderr, try s.snapshot(), try s.ws("show", "A1").stdout, try s.ws("show", "A1", "--json").stdout,
                     try s.ws("history", "A1", "--json").stdout] {
            #expect(!text.contains(pw))
        }
    }

    @Test func badRequestsAreRefusedBeforeAnythingIsRecorded() throws {
        let s = try Sandbox.withWorkstream()
        let before = try s.snapshot()
        let unknownProvider = try s.ws("provision", "A1", "postgres", "db", "--provider", "nosuch")
        #expect(unknownProvider.code == 4)
        #expect(unknownProvider.stderr.contains("no provider 'nosuch'"))
        let unknownType = try s.ws("provision", "A1", "mainframe", "db", "--provider", "local")
        #expect(unknownType.code == 4)
        #expect(unknownType.stderr.contains("has no resource type 'mainframe'"))
        let unknownParam = try s.ws("provision", "A1", "postgres", "db", "--provider", "local", "--param", "colour=blue")
        #expect(unknownParam.code == 1)
        #expect(unknownParam.stderr.contains("has no parameter 'colour'"))
        let unknownWorkstream = try s.ws("provision", "Z9", "postgres", "db", "--provider", "local")
        #expect(unknownWorkstream.code == 4)
        let badName = try s.ws("provision", "A1", "postgres", "../etc", "--provider", "local")
        #expect(badName.code == 1)
        let noDestroy = try s.ws("provision", "A1", "postgres", "db", "--provider", "local", "--destroy")
        #expect(noDestroy.code == 4)
        #expect(noDestroy.stderr.contains("has no postgres db (local) to destroy"))
        #expect(try s.snapshot() == before)
    }
}
