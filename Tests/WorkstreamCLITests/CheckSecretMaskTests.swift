import Foundation
import Testing

/// One mask for a workstream — its secret artifacts and its provisioning slots
/// (a generated or given secret parameter) — in check output, in provider runs,
/// in the guard against a secret spelled out in a check's command, and in the
/// message of a failed exec command whose stdout held its `secrets=`.
@Suite struct CheckSecretMaskTests {
    static let artifactSecret = "art1fact-S3cret-77q"

    /// A1 with a secret artifact and a secret exec parameter `pw` (a provisioning slot only), which its apply leaves in `pw.txt`.
    func sandbox(slot: String) throws -> Sandbox {
        let s = try Sandbox.withWorkstream()
        try s.ws("artifact", "A1", "DB_PASSWORD=\(Self.artifactSecret)", "--secret").check()
        let file = s.root.appendingPathComponent("pw.txt").path
        try s.ws(["provision", "A1", "thing", "db", "--provider", "exec", "--param", "pw=-",
                  "--param", "apply=printf '%s' \"$WS_PARAM_PW\" > \(CloneNetwork.quote(file))"], stdin: slot).check()
        #expect(try s.secretValues().contains(slot), "the parameter was not kept as a provisioning slot")
        return s
    }

    @Test func aSpelledOutSecretIsRefusedByCheckAddAndPlanApplyAlike() throws {
        let slot = "slot-\(UUID().uuidString.prefix(12))"
        let s = try sandbox(slot: slot)
        let before = try s.snapshot()
        var outputs: [Sandbox.Result] = []
        for value in [Self.artifactSecret, slot] {
            let added = try s.ws("check", "add", "A1", "spelled", "--run", "psql 'postgres://app:\(value)@db/app'")
            #expect(added.code == 1 && added.stderr.contains("holds a secret value"), "\(added.stderr)")
            try s.write("plan.yaml", """
                workstreams:
                  - id: A1
                    title: Care platform
                    checks:
                      - {name: spelled, run: "psql 'postgres://app:\(value)@db/app'"}
                """)
            let applied = try s.ws("plan", "apply", "plan.yaml")
            #expect(applied.code == 1 && applied.stderr.contains("holds a secret value"), "\(applied.stderr)")
            outputs += [added, applied]
        }
        #expect(outputs[0].stderr.contains("$DB_PASSWORD"), "\(outputs[0].stderr)")
        #expect(try s.snapshot() == before, "a refused command changed the log")
        for value in [Self.artifactSecret, slot] { try s.expectNowhere(value, outputs: outputs) }
    }

    @Test func aProvisioningSlotIsMaskedInCheckOutputAndOtherProviderRuns() throws {
        let slot = "slot-\(UUID().uuidString.prefix(12))"
        let s = try sandbox(slot: slot)
        try s.ws("check", "add", "A1", "reads the file", "--run", "echo \"pw is $(cat pw.txt)\"; exit 1").check()
        let run = try s.ws("check", "run", "A1")
        #expect(run.code == 1 && run.stdout.contains("pw is ********"), "\(run.stdout)")
        // Another resource's run echoes the first one's secret parameter, in progress and in its failure.
        let other = try s.ws(["provision", "A1", "thing", "cache", "--provider", "exec",
                              "--param", "apply=cat \(s.root.appendingPathComponent("pw.txt").path) >&2; exit 3"])
        #expect(other.code == 1, "exit \(other.code) \(other.stderr)")
        #expect(other.stderr.contains("********"), "\(other.stderr)")
        try s.expectNowhere(slot, outputs: [run, other])
    }

    /// A command that printed its JSON (password included) and then failed: the `secrets=` path's value is masked,
    /// and stdout that is not JSON is not quoted at all (it is kept in a private file beside the log).
    @Test(arguments: [true, false])
    func aFailedExecCommandsStdoutNeverQuotesItsSecrets(json: Bool) throws {
        let s = try Sandbox.withWorkstream()
        let password = "json-pw-\(UUID().uuidString.prefix(12))"
        // The value comes from the environment: a command spelling it out would itself be recorded.
        let printing = json ? "printf '{\"connection\":{\"password\":\"%s\"}}\\n' \"$TEST_PASSWORD\"" : "echo \"created; password $TEST_PASSWORD\""
        let r = try s.ws(["provision", "A1", "thing", "db", "--provider", "exec", "--param", "secrets=PASSWORD=.connection.password",
                          "--param", "apply=\(printing); exit 1"], env: ["TEST_PASSWORD": password])
        #expect(r.code == 1, "exit \(r.code) \(r.stderr)")
        #expect(r.stderr.contains(json ? "\"password\":\"********\"" : "is not shown"), "\(r.stderr)")
        try s.expectNowhere(password, outputs: [r])
    }
}
