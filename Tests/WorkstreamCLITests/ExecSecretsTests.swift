import Foundation
import Testing

/// exec secret parameters, the minimum secret length, and masking that never
/// rewrites what was recorded: each test looks for the secret in the log, the
/// export, the journal, the documents, git history and every command's output.
@Suite struct ExecSecretsTests {
    func read(_ s: Sandbox, _ name: String) throws -> String {
        try String(contentsOf: s.root.appendingPathComponent(name), encoding: .utf8)
    }

    @Test func aSecretParameterReachesTheCommandAndNothingElse() throws {
        let s = try Sandbox.withWorkstream()
        let pw = "pw-\(UUID().uuidString.prefix(13))", token = "tok-\(UUID().uuidString.prefix(13))"
        var outputs: [Sandbox.Result] = []
        outputs.append(try s.ws(["provision", "A1", "thing", "db", "--provider", "exec",
                                 "--param", "apply=printf %s \"{pw}\" > got-pw; printf %s \"$WS_PARAM_TOKEN\" > got-token",
                                 "--param", "destroy=printf %s {pw} > destroyed-with", "--param", "pw=-", "--secret-param", "token"],
                                env: ["WS_PARAM_TOKEN": token], stdin: pw + "\n").check())
        #expect(try read(s, "got-pw") == pw)
        #expect(try read(s, "got-token") == token)
        #expect(outputs[0].stderr.contains("running: printf %s \"${WS_PARAM_PW}\""), "\(outputs[0].stderr)")

        // A command that prints the secret and fails: its message is masked.
        let failed = try s.ws(["provision", "A1", "thing", "bad", "--provider", "exec", "--param", "apply=echo \"no good: {pw}\" >&2; exit 3",
                               "--param", "pw=-"], stdin: pw)
        #expect(failed.code == 1, "exit \(failed.code) \(failed.stderr)")
        #expect(failed.stderr.contains("no good: ********"), "\(failed.stderr)")
        outputs.append(failed)

        // The plan requires the secret as a variable, and runs as printed once it is set.
        let plan = try s.ws(["provision", "A1", "thing", "planned", "--provider", "exec", "--plan",
                             "--param", "apply=printf %s '{pw}' > got-plan", "--param", "pw=-"]).check()
        outputs.append(plan)
        #expect(plan.stdout.contains("export WS_PARAM_PW=\"${WS_PARAM_PW:?"), "\(plan.stdout)")
        let script = plan.stdout.split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n")
        let unset = try Sandbox.run(["/bin/sh", "-c", script], cwd: s.root, env: s.environment)
        #expect(unset.code != 0 && unset.stderr.contains("WS_PARAM_PW"), "the plan ran without its secret: \(unset)")
        #expect(!FileManager.default.fileExists(atPath: s.root.appendingPathComponent("got-plan").path))
        try Sandbox.run(["/bin/sh", "-c", script], cwd: s.root, env: s.environment.merging(["WS_PARAM_PW": pw]) { $1 }).check()
        #expect(try read(s, "got-plan") == pw)

        // Destroy gets the secret from the secret store.
        outputs.append(try s.ws("provision", "A1", "thing", "db", "--provider", "exec", "--destroy").check())
        #expect(try read(s, "destroyed-with") == pw)
        try s.expectNowhere(pw, outputs: outputs)
        try s.expectNowhere(token, outputs: outputs)
        let doc = try read(s, "Workstreams/A1-care-platform.md")
        #expect(doc.contains("`pw` (secret)") && doc.contains("`token` (secret)"), "\(doc)")
    }

    @Test func onlyOneParameterReadsStandardInput() throws {
        let s = try Sandbox.withWorkstream()
        let before = try s.snapshot()
        let r = try s.ws(["provision", "A1", "thing", "t", "--provider", "exec", "--param", "apply=true", "--param", "a=-", "--secret-param", "b"],
                         stdin: "first-secret-value")
        #expect(r.code == 64, "exit \(r.code) \(r.stderr)")
        #expect(r.stderr.contains("only one parameter can be read from standard input"), "\(r.stderr)")
        #expect(try s.snapshot() == before)
    }

    @Test func aSecretShorterThanTheMinimumIsRefused() throws {
        let s = try Sandbox.withWorkstream()
        let before = try s.snapshot()
        for r in [try s.ws("artifact", "A1", "TOKEN=local", "--secret"), try s.ws(["artifact", "A1", "TOKEN=-", "--secret"], stdin: "local\n"),
                  try s.ws(["provision", "A1", "thing", "t", "--provider", "exec", "--param", "apply=true", "--param", "pw=-"], stdin: "pw-1234")] {
            #expect(r.code == 1, "exit \(r.code) \(r.stderr)")
            #expect(r.stderr.contains("at least 8 characters"), "\(r.stderr)")
            #expect(!r.stderr.contains("local") && !r.stderr.contains("pw-1234"), "\(r.stderr)")
        }
        #expect(try s.snapshot() == before)
        let stored = (try? s.secretValues()) ?? []
        #expect(!stored.contains("local") && !stored.contains("pw-1234"))
        let help = try s.ws("artifact", "--help").check().stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("A secret must be at least 8 characters"), "\(help)")
    }

    /// Today a secret `local` turned `/tmp/…/ws/local/M2/…` into `/tmp/…/ws/********/M2/…` for good.
    @Test func maskingNeverRewritesARecordedOutput() throws {
        let s = try Sandbox.withWorkstream()
        let secret = "local-\(UUID().uuidString.prefix(8))"
        try s.ws(["artifact", "A1", "TOKEN=-", "--secret"], stdin: secret).check()
        let r = try s.ws("provision", "A1", "thing", "p1", "--provider", "exec",
                         "--param", "apply=printf '{\"path\":\"/tmp/ws/local/M2\",\"url\":\"postgres://u:%s@h/db\"}' \"$TOKEN\"",
                         "--param", "outputs=PATH=.path,URL=.url", env: ["TOKEN": secret]).check()
        let show = try #require(try json(try s.ws("show", "A1", "--json").check().stdout) as? [String: Any])
        let artifacts = try #require(show["artifacts"] as? [[String: Any]])
        let path = try #require(artifacts.first { $0["name"] as? String == "P1_PATH" })
        #expect(path["value"] as? String == "/tmp/ws/local/M2")
        // An output that carries a secret is kept as a secret, whole, not rewritten with a mask.
        let url = try #require(artifacts.first { $0["name"] as? String == "P1_URL" })
        #expect(url["secret"] as? Bool == true && url["value"] == nil, "\(url)")
        let env = try s.ws("env", "A1").check().stdout
        #expect(env.contains("P1_URL=postgres://u:\(secret)@h/db"), "\(env)")
        #expect(env.contains("P1_PATH=/tmp/ws/local/M2"), "\(env)")
        try s.expectNowhere(secret, outputs: [r])
        #expect(!(try s.publishedPlaces().contains { $0.1.contains("********") }), "a mask was recorded")
    }
}
