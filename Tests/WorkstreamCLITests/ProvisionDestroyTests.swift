import Foundation
import Testing

/// A destroy acts on what the last successful apply recorded, never on values given to the destroy,
/// and a bucket's destroy keeps the storage account that another live resource uses.
@Suite struct ProvisionDestroyTests {
    func state(_ s: Sandbox, _ name: String) throws -> String? {
        let provision = try s.provisions("A1").first { ($0["resource"] as? [String: Any])?["name"] as? String == name }
        return provision?["state"] as? String
    }

    @Test func aDestroyGivenOtherValuesIsRefusedAndRunsNothing() throws {
        let s = try Sandbox.withWorkstream()
        let stubs = try CLIStubs(in: s.root)
        let env = ["PATH": stubs.path(before: s.environment["PATH"])]
        let mine = ["--param", "resource_group=rg", "--param", "account=mine"]
        try s.ws(["provision", "A1", "bucket", "b3", "--provider", "azure"] + mine, env: env).check()
        try stubs.reset()
        let victim = ["--param", "resource_group=prod-rg", "--param", "account=victimacct"]
        let b3 = ["provision", "A1", "bucket", "b3", "--provider", "azure"]
        let refused = try s.ws(b3 + victim + ["--destroy"], env: env)
        #expect(refused.code == 3, "exit \(refused.code) \(refused.stderr)")
        #expect(refused.stderr.contains("account"), "\(refused.stderr)")
        #expect(try stubs.calls().isEmpty)
        #expect(try state(s, "b3") == "succeeded")
        // Without parameters, or with the recorded ones, it acts on what the apply made.
        try s.ws(b3 + ["--param", "account=mine", "--destroy"], env: env).check()
        let calls = try stubs.calls()
        let deleteMine = ["az", "storage", "account", "delete", "--name=mine", "--resource-group=rg", "--yes"]
        #expect(calls.contains(deleteMine), "\(calls)")
        #expect(!calls.joined().joined().contains("victimacct"))
    }

    @Test func aDestroyOfWhatNeverAppliedRunsNothing() throws {
        let s = try Sandbox.withWorkstream()
        let stubs = try CLIStubs(in: s.root)
        let env = ["PATH": stubs.path(before: s.environment["PATH"])]
        let given = ["--param", "resource_group=prod-rg", "--param", "account=victimacct"]
        try stubs.failing(true)
        #expect(try s.ws(["provision", "A1", "access-key", "k1", "--provider", "azure"] + given, env: env).code == 1)
        let redisArgs = ["provision", "A1", "redis", "r1", "--provider", "azure", "--param", "resource_group=prod-rg"]
        let redis = try s.ws(redisArgs, env: env)
        #expect(redis.code == 1)
        try stubs.failing(false)
        try stubs.reset()
        for destroy in [["access-key", "k1"] + given, ["redis", "r1", "--param", "resource_group=prod-rg"]] {
            let r = try s.ws(["provision", "A1"] + destroy + ["--provider", "azure", "--destroy"], env: env)
            #expect(r.code == 3 && r.stderr.contains("never applied successfully"), "exit \(r.code) \(r.stderr)")
        }
        #expect(try stubs.calls().isEmpty)
        #expect(try state(s, "k1") == "failed")
        #expect(try state(s, "r1") == "failed")
    }

    @Test func aBucketDestroyKeepsAnAccountAnotherResourceUses() throws {
        let s = try Sandbox.withWorkstream()
        let stubs = try CLIStubs(in: s.root)
        let env = ["PATH": stubs.path(before: s.environment["PATH"])]
        let store = ["--param", "resource_group=rg", "--param", "account=shared"]
        try s.ws(["provision", "A1", "bucket", "b1", "--provider", "azure"] + store, env: env).check()
        try s.ws(["provision", "A1", "bucket", "b2", "--provider", "azure"] + store, env: env).check()
        try stubs.reset()
        let first = try s.ws(["provision", "A1", "bucket", "b1", "--provider", "azure", "--destroy"], env: env)
        #expect(first.code == 1, "exit \(first.code) \(first.stderr)")
        #expect(first.stderr.contains("remains") && first.stderr.contains("b2"), "\(first.stderr)")
        var calls = try stubs.calls()
        let deleteContainer = ["az", "storage", "container", "delete", "--name=b1", "--account-name=shared",
                               "--auth-mode=login"]
        #expect(calls.contains(deleteContainer), "\(calls)")
        #expect(!calls.contains { $0.starts(with: ["az", "storage", "account", "delete"]) }, "\(calls)")
        // The last bucket that uses the account takes it.
        try stubs.reset()
        try s.ws(["provision", "A1", "bucket", "b2", "--provider", "azure", "--destroy"], env: env).check()
        calls = try stubs.calls()
        let deleteShared = ["az", "storage", "account", "delete", "--name=shared", "--resource-group=rg", "--yes"]
        #expect(calls.contains(deleteShared), "\(calls)")
    }
}
