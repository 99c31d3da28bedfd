import Foundation
import Testing

/// The environment is part of what is trusted: an artifact (which any clone can record) may not
/// set a variable that changes how programs run, and `ws env` writes exactly one variable per value.
@Suite struct EnvTrustTests {
    /// Another clone commits `tools/git` and a journal line setting `PATH=./tools:…` on a workstream W depends
    /// on; this clone's own, trusted check runs `git`. The line is quarantined, and the real git runs.
    @Test func aPathArtifactFromAnotherCloneNeverReachesATrustedCheck() throws {
        let pair = try ClonePair()
        let (one, two) = (pair.one, pair.two)
        try two.ws("dep", "add", "W", "H").check()
        try pair.exchange()
        let tool = one.dir.appendingPathComponent("tools/git")
        let files = FileManager.default
        try files.createDirectory(at: tool.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "#!/bin/sh\necho \"$DB_PASSWORD\" > stolen.txt\n".write(to: tool, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tool.path)
        let line = #"{"actor":"mallory","clock":90,"#
            + #""data":{"name":"PATH","secret":false,"seen":"","value":"./tools:/usr/bin:/bin"},"#
            + #""eventId":"\#(UUID().uuidString.lowercased())","schemaVersion":1,"stream":"H","#
            + #""time":"2026-11-21T10:00:00.000Z","type":"ArtifactRecorded"}"#
        try HostileJournalTests.append(line, to: one.dir.appendingPathComponent(".ws/journal/H.jsonl"))
        try one.git("add", "-A").check()
        try one.git("commit", "-q", "-m", "tools").check()
        try one.git("push", "-q", "origin", "main").check()
        try two.git("-c", "pull.rebase=false", "pull", "-q", "--no-edit", "origin", "main").check()
        let sync = try two.ws("sync")
        #expect(sync.stderr.contains("H.jsonl") && sync.stderr.contains("PATH"), "not quarantined: \(sync.stderr)")

        try two.ws("artifact", "W", "DB_PASSWORD=pw-\(UUID().uuidString.prefix(12))", "--secret").check()
        try two.ws("check", "add", "W", "clean tree", "--run", "git status --short >/dev/null").check()
        let run = try two.ws("check", "run", "W")
        #expect(run.code == 0, "exit \(run.code) \(run.stdout) \(run.stderr)")
        #expect(!files.fileExists(atPath: two.dir.appendingPathComponent("stolen.txt").path),
                "the other clone's tools/git ran in a trusted check")
        #expect(!(try two.ws("env", "W").check().stdout.contains("PATH=")))
    }

    @Test(arguments: ["PATH", "LD_PRELOAD", "ld_preload", "BASH_ENV", "ENV", "IFS", "GIT_SSH_COMMAND", "PYTHONPATH",
                      "NODE_OPTIONS", "HOME", "LC_ALL", "HTTPS_PROXY", "WS_STORE", "XDG_CONFIG_HOME"])
    func aReservedNameIsRefusedAndRecordsNothing(name: String) throws {
        let s = try Sandbox.withWorkstream()
        let before = try s.snapshot()
        for extra in [[String](), ["--secret"]] {
            let r = try s.ws(["artifact", "A1", "\(name)=/tmp/somewhere-else"] + extra)
            #expect(r.code == 3, "\(name) \(extra): exit \(r.code) \(r.stderr)")
            #expect(r.stderr.contains("may not be called \(name)"), "\(r.stderr)")
            #expect(r.stderr.contains("changes how programs run"), "\(r.stderr)")
        }
        #expect(try s.snapshot() == before, "a refused artifact changed the log")
        // Ordinary names that merely contain a reserved word are fine.
        try s.ws("artifact", "A1", "APP_PATH=/srv/app").check()
        try s.ws("artifact", "A1", "DATABASE_HOME_URL=postgres://db/app").check()
    }

    /// A value with line breaks is one variable for `source` (bash), for a shell without `$'…'` (dash),
    /// and for a line reader (`docker --env-file`): never an extra `NAME=value` line.
    @Test func aMultiLineValueIsOneVariableForEveryReader() throws {
        let s = try Sandbox.withWorkstream()
        let value = "-----BEGIN KEY-----\nEVIL=injected\n"
            + "it's \\ \"x\" $(touch pwned-by-env.txt)'; touch pwned-by-env.txt; '\n\tend"
        try s.ws(["artifact", "A1", "CERT=-"], stdin: value + "\n").check()
        try s.ws("artifact", "A1", "PLAIN=one line's value").check()
        let env = try s.ws("env", "A1").check().stdout
        let assignments = env.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(assignments.count == 2, "\(env)")
        #expect(assignments.allSatisfy { $0.hasPrefix("CERT=") || $0.hasPrefix("PLAIN=") }, "\(env)")
        try s.write("env.sh", env)
        let bash = try Sandbox.run(["/bin/bash", "-c", "source ./env.sh && printf '%s|%s' \"$CERT\" \"$PLAIN\""],
                                   cwd: s.root, env: s.environment)
        #expect(bash.code == 0, "\(bash.stderr)")
        #expect(bash.stdout == value + "|one line's value", "\(bash.stdout.debugDescription)")
        let dash = try Sandbox.run(["/bin/sh", "-c", "eval \"$(cat env.sh)\" && printf '%s' \"$PLAIN\""],
                                   cwd: s.root, env: s.environment)
        #expect(dash.code == 0 && dash.stdout == "one line's value", "sh: \(dash.stdout) \(dash.stderr)")
        #expect(!FileManager.default.fileExists(atPath: s.root.appendingPathComponent("pwned-by-env.txt").path))

        let envFile = try s.ws("env", "A1", "--format", "env-file")
        #expect(envFile.code == 1 && envFile.stderr.contains("CERT of A1"), "\(envFile.stderr)")
        #expect(envFile.stdout.isEmpty, "\(envFile.stdout)")
        #expect(!envFile.stderr.contains("EVIL"), "the refusal quoted the value: \(envFile.stderr)")
        try s.ws("artifact", "A1", "CERT=single line").check()
        let verbatim = try s.ws("env", "A1", "--format", "env-file").check().stdout
        #expect(verbatim.contains("\nCERT=single line\n"), "\(verbatim)")
        #expect(verbatim.contains("\nPLAIN=one line's value\n"), "\(verbatim)")
    }

    /// A log that already holds such a name (recorded before the rule; here, its read model edited): `ws env`
    /// leaves it out and says so on stderr, and the checks' environment never gets it.
    @Test func aReservedNameAlreadyInTheLogIsLeftOutOfEveryEnvironment() throws {
        let s = try Sandbox.withWorkstream()
        try s.ws("artifact", "A1", "TOOLS_DIR=./tools:/usr/bin:/bin").check()
        try s.ws("artifact", "A1", "KEPT=yes").check()
        let edit = "UPDATE artifacts SET name = 'PATH' WHERE name = 'TOOLS_DIR'"
        try Sandbox.run(["/usr/bin/env", "sqlite3", s.logPath, edit],
                        cwd: s.root, env: s.environment).check()
        let env = try s.ws("env", "A1").check()
        #expect(!env.stdout.contains("PATH=") && env.stdout.contains("KEPT=yes"), "\(env.stdout)")
        #expect(env.stderr.contains("left out PATH of A1"), "\(env.stderr)")
        // It fails so that its output is shown.
        try s.ws("check", "add", "A1", "shows path", "--run", "echo \"path=$PATH kept=$KEPT\"; exit 1").check()
        let run = try s.ws("check", "run", "A1")
        #expect(run.code == 1 && run.stdout.contains("kept=yes") && !run.stdout.contains("./tools"), "\(run.stdout)")
    }

    /// Every output of a resource called `git` would be an artifact `GIT_…`: refused before the provider runs.
    @Test func aResourceWhoseOutputsWouldBeReservedIsRefusedBeforeItRuns() throws {
        let s = try Sandbox.withWorkstream()
        let marker = s.root.appendingPathComponent("provider-ran.txt")
        let r = try s.ws(["provision", "A1", "thing", "git", "--provider", "exec",
                          "--param", "apply=touch \(CloneNetwork.quote(marker.path))"])
        #expect(r.code == 3 && r.stderr.contains("GIT_"), "exit \(r.code) \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: marker.path), "the provider ran")
    }

    /// A resource `node` whose provider returns an output `options` (NODE_OPTIONS): the resource is recorded,
    /// that output is not, with a warning; its other outputs are kept.
    @Test func aProviderOutputWithAReservedNameIsLeftOut() throws {
        let s = try Sandbox.withWorkstream()
        let json = #"{"opt":"--require /tmp/evil.js","url":"http://node.internal"}"#
        let r = try s.ws(["provision", "A1", "thing", "node", "--provider", "exec",
                          "--param", "outputs=OPTIONS=.opt,URL=.url", "--param", "apply=printf '%s' \(CloneNetwork.quote(json))"])
        #expect(r.code == 0, "exit \(r.code) \(r.stderr)")
        #expect(r.stderr.contains("NODE_OPTIONS"), "\(r.stderr)")
        let env = try s.ws("env", "A1").check().stdout
        #expect(env.contains("NODE_URL=") && !env.contains("NODE_OPTIONS"), "\(env)")
    }

    /// A check, and a provider run, print a secret of a workstream they have nothing to do with: masked all the same.
    @Test func aCheckOrAProviderPrintingAnotherWorkstreamsSecretIsMasked() throws {
        let s = try Sandbox.withWorkstream()
        try s.ws("new", "B9", "--title", "Billing").check()
        let secret = "billing-\(UUID().uuidString.prefix(16))"
        try s.ws(["artifact", "B9", "STRIPE_KEY=-", "--secret"], stdin: secret).check()
        let outside = try Scratch("ws-env-trust")
        let file = outside.base.appendingPathComponent("billing.env")
        try "STRIPE_KEY=\(secret)\n".write(to: file, atomically: true, encoding: .utf8)
        try s.ws("check", "add", "A1", "prints it", "--run", "cat \(CloneNetwork.quote(file.path)); exit 1").check()
        let run = try s.ws("check", "run", "A1")
        #expect(run.code == 1 && run.stdout.contains("STRIPE_KEY=********"), "\(run.stdout) \(run.stderr)")
        let provider = try s.ws(["provision", "A1", "thing", "cache", "--provider", "exec",
                                 "--param", "apply=cat \(CloneNetwork.quote(file.path)) >&2; exit 3"])
        #expect(provider.code == 1 && provider.stderr.contains("STRIPE_KEY=********"), "\(provider.stderr)")
        try s.expectNowhere(secret, outputs: [run, provider])
    }
}
