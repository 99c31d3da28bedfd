import Foundation
import Testing

/// Provisioned secrets reach the local secret store and `ws env`, and nothing else.
@Suite struct ProvisioningSecretsTests {
    @Test func noSecretValueLeavesTheSecretStoreExceptThroughEnv() throws {
        let s = try Sandbox.withWorkstream()
        try s.ws("new", "B1", "--title", "Care API", "--depends-on", "A1").check()
        s.environment["WS_KV_HOME"] = s.root.appendingPathComponent("kv-home").path
        try s.installProvider("kv", String(decoding: try Data(contentsOf: examplesFolder.appendingPathComponent("ws-provider-kv")), as: UTF8.self))
        var outputs: [String] = []
        func run(_ args: String...) throws { let r = try s.ws(args).check(); outputs += [r.stdout, r.stderr] }
        try run("start", "A1")
        try run("provision", "A1", "namespace", "sessions", "--provider", "kv", "--param", "ttl=600")
        try run("provision", "A1", "sqlite", "cache", "--provider", "local")
        try run("provision", "A1", "thing", "t1", "--provider", "exec", "--param", "apply=printf '{\"token\":\"%s\"}' $(od -An -N12 -tx1 /dev/urandom | tr -d ' \\n')",
                "--param", "secrets=TOKEN=.token")
        try run("artifact", "A1", "API_KEY=hand-made-key-12345", "--secret")
        try run("complete", "A1", "--summary", "Namespace, cache and keys are ready.")
        for args in [["status"], ["status", "--json"], ["show", "A1"], ["show", "A1", "--json"], ["history", "--json"], ["context", "B1"],
                     ["context", "B1", "--json"], ["providers"], ["verify"]] {
            let r = try s.ws(args).check()
            outputs += [r.stdout, r.stderr]
        }
        let secrets = try s.secretValues()
        #expect(secrets.count >= 3)
        let env = try s.ws("env", "B1").check().stdout
        for secret in secrets where !secret.isEmpty {
            #expect(env.contains(secret) || secret.count < 8, "ws env B1 should print every secret of A1")
        }
        let gitLog = try Sandbox.run(["/usr/bin/env", "git", "log", "-p", "--all"], cwd: s.root, env: s.environment).check().stdout
        var documents = ""
        for folder in ["Workstreams", "Handoffs", "devlog", ".ws/journal"] {
            let dir = s.root.appendingPathComponent(folder)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [] {
                documents += (try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)) ?? ""
            }
        }
        #expect(!documents.isEmpty && !gitLog.isEmpty)
        for secret in secrets {
            #expect(!gitLog.contains(secret), "a secret is in git")
            #expect(!(try s.snapshot().contains(secret)), "a secret is in the export")
            #expect(!documents.contains(secret), "a secret is in a document")
            #expect(!outputs.contains { $0.contains(secret) }, "a secret is in the output of a command other than env")
        }

        // The documents list what was provisioned: outputs, secret names with fingerprints, commands.
        let doc = try String(contentsOf: s.root.appendingPathComponent("Workstreams/A1-care-platform.md"), encoding: .utf8)
        #expect(doc.contains("## Provisioned resources"))
        #expect(doc.contains("| namespace `sessions` | kv | provisioned | `SESSIONS_PATH`, `SESSIONS_TTL` | `SESSIONS_TOKEN` (hmac-sha256:"))
        #expect(doc.contains("- `SESSIONS_TTL` = `600`"))
        #expect(doc.contains("kv create sessions --ttl 600 --max-keys 10000"))
        let handoffs = try FileManager.default.contentsOfDirectory(atPath: s.root.appendingPathComponent("Handoffs").path)
        let handoff = try String(contentsOf: s.root.appendingPathComponent("Handoffs/\(try #require(handoffs.first))"), encoding: .utf8)
        #expect(handoff.contains("## Provisioned resources"))
        #expect(handoff.contains("`CACHE_PATH`"))
        #expect(handoff.contains("`THING_T1_TOKEN`") || handoff.contains("`T1_TOKEN`"))
    }
}
