import Foundation
import Testing

/// Every command that the azure and gcp plans print, and that their destroys record, run through the
/// real `az` (PyPI azure-cli) and `gcloud`, with no credentials, in throwaway config folders and with
/// prompts off: each must get past argument parsing and fail for want of a login — never on usage.
@Suite struct CloudCLIParseTests {
    static let resources: [(provider: String, type: String, params: [String])] = [
        ("azure", "postgres", ["resource_group=care-rg"]), ("azure", "redis", ["resource_group=care-rg"]),
        ("azure", "bucket", ["resource_group=care-rg", "account=carestore"]), ("azure", "access-key", ["resource_group=care-rg", "account=carestore"]),
        ("gcp", "postgres", ["region=europe-west1"]), ("gcp", "redis", ["region=europe-west1"]),
        ("gcp", "bucket", ["location=EU"]), ("gcp", "access-key", ["service_account=care@care-project.iam.gserviceaccount.com"]),
    ]

    /// The usage errors of argparse (az, gcloud) and of gcloud's own flag checks.
    static let usageErrors = ["unrecognized arguments", "the following arguments are required", "expected one argument", "invalid choice",
                              "argument --", "Invalid value for", "is not a valid", "Did you mean", "too few arguments", "usage:"]

    struct Case {
        var provider: String
        var script: String
        var command: String
    }

    /// Each command with the declarations its script starts with.
    static func cases(provider: String, commands: [String]) -> [Case] {
        let declarations = commands.filter { $0.hasPrefix(": ") }
        return commands.filter { !$0.hasPrefix(": ") }.map { Case(provider: provider, script: (declarations + [$0]).joined(separator: "\n"), command: $0) }
    }

    @Test func everyAzureAndGcpCommandGetsPastArgumentParsing() throws {
        let az = try #require(which("az"), "the az CLI is needed: make test has it (.build/venv-az)")
        let gcloud = try #require(which("gcloud"), "the gcloud CLI is needed: apt install google-cloud-cli, or https://cloud.google.com/sdk/docs/install")
        let s = try Sandbox.withWorkstream()
        let stubs = try CLIStubs(in: s.root)
        let stubPath = stubs.path(before: s.environment["PATH"])
        var cases: [Case] = []
        for r in Self.resources {
            let params = r.params.flatMap { ["--param", $0] }
            let name = "care-\(r.type)"
            let plan = try s.ws(["provision", "A1", r.type, name, "--provider", r.provider, "--plan"] + params).check().stdout
            cases += Self.cases(provider: r.provider, commands: planScript(plan).split(separator: "\n").map(String.init))
            // The destroy commands are those a destroy records: applied and destroyed with stand-ins for the CLI.
            try s.ws(["provision", "A1", r.type, name, "--provider", r.provider] + params, env: ["PATH": stubPath]).check()
            try s.ws(["provision", "A1", r.type, name, "--provider", r.provider, "--destroy"], env: ["PATH": stubPath]).check()
            let recorded = try #require(try s.provisions("A1").first { p in
                let resource = p["resource"] as? [String: Any]
                return resource?["name"] as? String == name && resource?["provider"] as? String == r.provider
            })
            cases += Self.cases(provider: r.provider, commands: recorded["commands"] as? [String] ?? [])
        }
        #expect(cases.filter { $0.provider == "azure" }.count == 11, "6 planned, 5 destroy commands")
        #expect(cases.filter { $0.provider == "gcp" }.count == 11, "6 planned, 5 destroy commands")

        let home = s.root.appendingPathComponent("cli-home")
        for dir in ["home", "azure", "gcloud"] { try FileManager.default.createDirectory(at: home.appendingPathComponent(dir), withIntermediateDirectories: true) }
        let env = ["PATH": "\((az as NSString).deletingLastPathComponent):\((gcloud as NSString).deletingLastPathComponent):/usr/bin:/bin",
                   "HOME": home.appendingPathComponent("home").path, "AZURE_CONFIG_DIR": home.appendingPathComponent("azure").path,
                   "CLOUDSDK_CONFIG": home.appendingPathComponent("gcloud").path, "CLOUDSDK_CORE_DISABLE_PROMPTS": "1",
                   "CLOUDSDK_CORE_PROJECT": "ws-parse-test", "AZURE_CORE_COLLECT_TELEMETRY": "no", "AZURE_CORE_ONLY_SHOW_ERRORS": "true",
                   "AZURE_CORE_NO_COLOR": "true", "AZURE_EXTENSION_USE_DYNAMIC_INSTALL": "no", "PASSWORD": "Parse-Test-Passw0rd"]
        // az starts in 1–3 s of CPU: the commands run four at a time.
        let results = Locked([Int: Sandbox.Result]())
        let slots = DispatchSemaphore(value: 4)
        let scripts = cases.map(\.script)
        let root = s.root
        DispatchQueue.concurrentPerform(iterations: scripts.count) { i in
            slots.wait()
            defer { slots.signal() }
            let r = (try? Sandbox.run(["/bin/bash", "-c", scripts[i]], cwd: root, env: env)) ?? Sandbox.Result(code: -1, stdout: "", stderr: "did not start")
            results.update { $0[i] = r }
        }
        for (i, c) in cases.enumerated() {
            let r = try #require(results.value[i])
            let login = c.provider == "azure" ? r.stderr.contains("az login") : (r.stderr.contains("gcloud auth login") || r.stderr.contains("active account"))
            #expect(r.code != 0 && r.code != 2, "\(c.command) → exit \(r.code): \(r.stderr)")
            #expect(!Self.usageErrors.contains { r.stderr.contains($0) }, "\(c.command) → a usage error: \(r.stderr)")
            #expect(login, "\(c.command) → not the login error: \(r.stderr)")
        }
    }
}

/// A value shared by the threads of one test.
final class Locked<Value>: @unchecked Sendable {
    private var stored: Value
    private let lock = NSLock()
    init(_ value: Value) { stored = value }
    var value: Value { lock.lock(); defer { lock.unlock() }; return stored }
    func update(_ change: (inout Value) -> Void) { lock.lock(); defer { lock.unlock() }; change(&stored) }
}
