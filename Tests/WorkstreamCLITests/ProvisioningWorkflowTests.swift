import Foundation
import Testing

/// Provisioning through the example Python provider, exec and the cloud CLIs:
/// crash recovery, secrets, documents.
@Suite struct ProvisioningWorkflowTests {
    func kvSandbox() throws -> (Sandbox, URL) {
        let s = try Sandbox.withWorkstream()
        let home = s.root.appendingPathComponent("kv-home")
        s.environment["WS_KV_HOME"] = home.path
        try s.installProvider("kv", String(decoding: try Data(contentsOf: examplesFolder.appendingPathComponent("ws-provider-kv")), as: UTF8.self))
        return (s, home)
    }

    func applies(_ home: URL) -> Int {
        ((try? String(contentsOf: home.appendingPathComponent("applies.log"), encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    @Test func aCrashAfterTheProviderRanIsSettledByAskingItNeverByApplyingAgain() throws {
        let (s, home) = try kvSandbox()
        let crashed = try s.ws("provision", "A1", "namespace", "sessions", "--provider", "kv", env: ["WS_TEST_CRASH": "after-provider"])
        #expect(crashed.code != 0)
        #expect(applies(home) == 1)
        #expect(try s.provisions("A1").first?["state"] as? String == "requested")
        // Anything else on the workstream goes on meanwhile.
        try s.ws("log", "A1", "waiting on the namespace").check()
        let again = try s.ws("provision", "A1", "namespace", "sessions", "--provider", "kv").check()
        #expect(again.stdout.contains("SESSIONS_PATH="))
        #expect(applies(home) == 1, "the interrupted apply must not run twice")
        let history = try #require(try json(try s.ws("history", "A1", "--json").stdout) as? [[String: Any]])
        let settled = try #require(history.last { $0["type"] as? String == "ProvisionSucceeded" })
        #expect((settled["data"] as? [String: Any])?["reconciled"] as? Bool == true)
        #expect(try s.ws("env", "A1").stdout.contains("SESSIONS_TOKEN="))
        try s.ws("verify").check()
    }

    @Test func aCrashBeforeTheProviderRanIsSettledAsFailedAndAppliedOnce() throws {
        let (s, home) = try kvSandbox()
        let crashed = try s.ws("provision", "A1", "namespace", "sessions", "--provider", "kv", env: ["WS_TEST_CRASH": "before-provider"])
        #expect(crashed.code != 0)
        #expect(applies(home) == 0)
        try s.ws("provision", "A1", "namespace", "sessions", "--provider", "kv").check()
        #expect(applies(home) == 1)
        #expect(try s.eventTypes("A1").suffix(4) == ["ProvisionRequested", "ProvisionFailed", "ProvisionRequested", "ProvisionSucceeded"])
    }

    @Test func replaceRedoesAndDestroyRemoves() throws {
        let (s, home) = try kvSandbox()
        try s.ws("provision", "A1", "namespace", "sessions", "--provider", "kv").check()
        try s.ws("provision", "A1", "namespace", "sessions", "--provider", "kv").check()
        #expect(applies(home) == 1)
        try s.ws("provision", "A1", "namespace", "sessions", "--provider", "kv", "--replace").check()
        #expect(applies(home) == 2)
        try s.ws("provision", "A1", "namespace", "sessions", "--provider", "kv", "--destroy").check()
        #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent("A1-sessions.json").path))
        let again = try s.ws("provision", "A1", "namespace", "sessions", "--provider", "kv", "--destroy").check()
        #expect(again.stdout.contains("already destroyed"))
    }

    @Test func providersListsBuiltInsAndTheExternalExample() throws {
        let (s, _) = try kvSandbox()
        let list = try #require(try json(try s.ws("providers", "--json").check().stdout) as? [[String: Any]])
        let names = list.compactMap { $0["name"] as? String }
        #expect(names == ["local", "aws", "exec", "digitalocean", "gcp", "fly", "azure", "kv"])
        let aws = try #require(list.first { $0["name"] as? String == "aws" })
        let types = (aws["resources"] as? [[String: Any]])?.compactMap { $0["type"] as? String }
        #expect(types == ["rds-postgres", "elasticache-redis", "s3-bucket", "secret"])
        let kv = try #require(list.first { $0["name"] as? String == "kv" })
        #expect((kv["resources"] as? [[String: Any]])?.first?["type"] as? String == "namespace")
        let text = try s.ws("providers").check().stdout
        #expect(text.contains("--param password=…  master password (secret, generated when not given)"))
    }

    @Test func execMapsJSONOutputToOutputsAndSecrets() throws {
        let s = try Sandbox.withWorkstream()
        try s.ws("provision", "A1", "droplet", "web-1", "--provider", "exec",
                 "--param", "apply=printf '{\"id\":\"%s-42\",\"net\":{\"ip\":\"10.0.0.7\"},\"root_password\":\"pw-%s-XyZ\"}' {name} {size}",
                 "--param", "size=s-1vcpu", "--param", "outputs=ID=.id,IP=.net.ip", "--param", "secrets=ROOT_PASSWORD=.root_password").check()
        let env = try s.ws("env", "A1").check().stdout
        #expect(env.contains("WEB_1_ID=web-1-42"))
        #expect(env.contains("WEB_1_IP=10.0.0.7"))
        #expect(env.contains("WEB_1_ROOT_PASSWORD=pw-s-1vcpu-XyZ"))
        #expect(!(try s.snapshot().contains("pw-s-1vcpu-XyZ")))
        let p = try #require(try s.provisions("A1").first)
        // The commands declare the parameters' variables first, then run the template.
        #expect((p["commands"] as? [String])?.last?.contains("printf") == true)
        #expect((p["commands"] as? [String])?.contains("export WS_PARAM_SIZE=s-1vcpu") == true)
    }

    @Test func cloudProvidersPlanTheirCommandsAndNameAMissingCLI() throws {
        let s = try Sandbox.withWorkstream()
        let plan = try s.ws("provision", "A1", "postgres", "care-db", "--provider", "digitalocean", "--plan", "--param", "region=fra1").check()
        #expect(plan.stdout.contains("doctl databases create care-db --engine pg --version 16 --region fra1"))
        #expect(plan.stdout.contains("doctl databases user create"))
        #expect(try s.provisions("A1").first?["state"] as? String == "planned")
        for (provider, cli, type, params) in [("gcp", "gcloud", "redis", ["--param", "region=europe-west1"]),
                                              ("fly", "flyctl", "postgres", ["--param", "app=care-api", "--param", "org=care-org"]),
                                              ("azure", "az", "access-key", ["--param", "resource_group=care", "--param", "account=carestore"])] {
            let r = try s.ws(["provision", "A1", type, "care-\(type)", "--provider", provider, "--plan"] + params).check()
            #expect(r.stdout.contains("\(cli) "), "\(provider): \(r.stdout)")
        }
        let missing = try s.ws("provision", "A1", "postgres", "care-db", "--provider", "digitalocean", env: ["PATH": "/usr/bin:/bin"])
        #expect(missing.code == 1)
        #expect(missing.stderr.contains("the 'doctl' CLI is not installed"))
    }

    @Test func aCloudApplyRunsTheCLIAndReadsItsJSON() throws {
        let s = try Sandbox.withWorkstream()
        let bin = s.root.appendingPathComponent("fake-bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        // A stand-in doctl that records its arguments and answers as the real one does.
        let doctl = bin.appendingPathComponent("doctl")
        try Data("""
            #!/bin/sh
            echo "$@" >> \(s.root.path)/doctl.calls
            case "$2 $3" in
              "create "*) echo '[{"id":"db-123","connection":{"host":"db.example.com","port":25060}}]';;
              "user create") echo '[{"name":"app","password":"do-secret-pw-77"}]';;
            esac
            """.utf8).write(to: doctl)
        chmod(doctl.path, 0o755)
        let path = bin.path + ":" + (s.environment["PATH"] ?? "/usr/bin:/bin")
        try s.ws("provision", "A1", "postgres", "care-db", "--provider", "digitalocean", env: ["PATH": path]).check()
        let calls = try String(contentsOf: s.root.appendingPathComponent("doctl.calls"), encoding: .utf8).split(separator: "\n")
        #expect(calls.count == 3)
        #expect(calls[1] == "databases db create db-123 app")
        let env = try s.ws("env", "A1").check().stdout
        #expect(env.contains("CARE_DB_HOST=db.example.com"))
        #expect(env.contains("CARE_DB_PASSWORD=do-secret-pw-77"))
        try s.ws("provision", "A1", "postgres", "care-db", "--provider", "digitalocean", "--destroy", env: ["PATH": path]).check()
        #expect(try String(contentsOf: s.root.appendingPathComponent("doctl.calls"), encoding: .utf8).contains("databases delete db-123 --force"))
    }

    /// A destroy undoes what its apply made, or says it cannot and fails: it never reports "destroyed" for what is still there.
    @Test func aDestroyUndoesWhatItsApplyMadeOrSaysItCannot() throws {
        let s = try Sandbox.withWorkstream()
        let stubs = try CLIStubs(in: s.root)
        let env = ["PATH": stubs.path(before: s.environment["PATH"])]
        let store = ["--param", "resource_group=care-rg", "--param", "account=carestore"]
        try s.ws(["provision", "A1", "access-key", "care-key", "--provider", "azure"] + store, env: env).check()
        try s.ws(["provision", "A1", "bucket", "care-files", "--provider", "azure"] + store, env: env).check()
        try stubs.reset()
        try s.ws(["provision", "A1", "access-key", "care-key", "--provider", "azure", "--destroy"], env: env).check()
        try s.ws(["provision", "A1", "bucket", "care-files", "--provider", "azure", "--destroy"], env: env).check()
        let calls = try stubs.calls()
        // The key handed out (key1) is regenerated, so it no longer opens the account.
        #expect(calls.contains(["az", "storage", "account", "keys", "renew", "--account-name=carestore", "--resource-group=care-rg",
                                "--key=key1", "--output=none"]), "\(calls)")
        // The bucket's apply created a storage account as well as the container: both go.
        #expect(calls.contains(["az", "storage", "container", "delete", "--name=care-files", "--account-name=carestore", "--auth-mode=login"]))
        #expect(calls.contains(["az", "storage", "account", "delete", "--name=carestore", "--resource-group=care-rg", "--yes"]), "\(calls)")

        try s.ws(["provision", "A1", "access-key", "deploy", "--provider", "fly", "--param", "app=care-web"], env: env).check()
        try stubs.reset()
        let refused = try s.ws(["provision", "A1", "access-key", "deploy", "--provider", "fly", "--destroy"], env: env)
        #expect(refused.code != 0, "a destroy that cannot undo its apply succeeded: \(refused.stdout)")
        #expect(refused.stderr.contains("cannot undo") && refused.stderr.contains("flyctl tokens revoke"), "\(refused.stderr)")
        #expect(!refused.stdout.contains("destroyed"))
        #expect(try stubs.calls().isEmpty)
        let deploy = try #require(try s.provisions("A1").first { ($0["resource"] as? [String: Any])?["name"] as? String == "deploy" })
        #expect(deploy["state"] as? String != "destroyed", "\(deploy)")
    }
}
