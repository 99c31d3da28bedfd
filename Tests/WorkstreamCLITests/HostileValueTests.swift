import Foundation
import Testing

/// Parameters that hold everything a shell treats specially — spaces, both quotes, `$(…)`, backticks,
/// `${IFS}`, a newline, braces — planned and applied through every cloud provider. The printed plan
/// parses (`bash -n`), and run by bash with recording stand-ins for the CLIs it passes exactly the
/// intended arguments and runs nothing else (the `touch` inside the values never runs); an apply of
/// a CLI provider hands the stand-ins exactly the same argument vectors.
@Suite struct HostileValueTests {
    struct Case {
        var provider: String
        var type: String
        var name: String
        var params: [(String, String)]
        /// The calls the plan (and the apply) must make, program name first.
        var calls: [[String]]
        var apply = true
        var planEnv: [String: String] = [:]
        /// The calls a destroy after the apply must make (it reads the recorded parameters and outputs).
        var destroy: [[String]] = []
        /// A destroy that cannot undo the apply: it fails and runs nothing.
        var destroyRefused = false
    }

    let s: Sandbox
    let marker: URL

    init() throws {
        s = try Sandbox.withWorkstream()
        marker = s.root.appendingPathComponent("touched")
    }

    /// A value no shell may interpret; the tag keeps the values apart.
    func hostile(_ tag: String) -> String {
        "\(tag) a b'c\"d $(touch \(marker.path)) `touch \(marker.path)` ${IFS}x $HOME\nline two a'{b}'c {name} \\ ;|&<>*?["
    }

    var secret: String { hostile("pw") }

    func cases() -> [Case] {
        let h = hostile
        return [
            Case(provider: "digitalocean", type: "postgres", name: "care-db",
                 params: [("region", h("r")), ("size", h("s")), ("nodes", h("n")), ("version", h("v")), ("database", h("d")), ("user", h("u"))],
                 calls: [["doctl", "databases", "create", "care-db", "--engine", "pg", "--version", h("v"), "--region", h("r"), "--size", h("s"),
                          "--num-nodes", h("n"), "--wait", "--output", "json"],
                         ["doctl", "databases", "db", "create", "db-1", h("d")],
                         ["doctl", "databases", "user", "create", "db-1", h("u"), "--output", "json"]],
                 destroy: [["doctl", "databases", "delete", "db-1", "--force"]]),
            Case(provider: "digitalocean", type: "access-key", name: "care-key", params: [("bucket", h("b")), ("permission", h("p"))],
                 calls: [["doctl", "spaces", "keys", "create", "care-key", "--grants", "bucket=\(h("b"));permission=\(h("p"))", "--output", "json"]],
                 destroy: [["doctl", "spaces", "keys", "delete", "DOAK1"]]),
            Case(provider: "digitalocean", type: "bucket", name: "care-bucket", params: [("region", h("r"))],
                 calls: [["aws", "s3api", "create-bucket", "--bucket", "care-bucket", "--endpoint-url", "https://\(h("r")).digitaloceanspaces.com"]],
                 destroy: [["aws", "s3api", "delete-bucket", "--bucket", "care-bucket", "--endpoint-url", "https://\(h("r")).digitaloceanspaces.com"]]),
            Case(provider: "gcp", type: "postgres", name: "care-db",
                 params: [("region", h("r")), ("tier", h("t")), ("version", h("v")), ("database", h("d")), ("user", h("u")), ("password", secret)],
                 calls: [["gcloud", "sql", "instances", "create", "care-db", "--database-version=\(h("v"))", "--tier=\(h("t"))", "--region=\(h("r"))", "--format=json"],
                         ["gcloud", "sql", "databases", "create", h("d"), "--instance=care-db"],
                         ["gcloud", "sql", "users", "create", h("u"), "--instance=care-db", "--password=\(secret)"]],
                 destroy: [["gcloud", "sql", "instances", "delete", "care-db", "--quiet"]]),
            Case(provider: "gcp", type: "bucket", name: "care-bucket", params: [("location", h("l"))],
                 calls: [["gcloud", "storage", "buckets", "create", "gs://care-bucket", "--location=\(h("l"))", "--uniform-bucket-level-access"]],
                 destroy: [["gcloud", "storage", "buckets", "delete", "gs://care-bucket"]]),
            Case(provider: "fly", type: "postgres", name: "care-db",
                 params: [("region", h("r")), ("org", h("o")), ("app", h("a")), ("nodes", h("n")), ("vm_size", ""), ("volume_size", h("vs"))],
                 calls: [["flyctl", "postgres", "create", "--name", "care-db", "--org", h("o"), "--region", h("r"), "--initial-cluster-size", h("n"),
                          "--vm-size", "", "--volume-size", h("vs")],
                         ["flyctl", "postgres", "attach", "care-db", "--app", h("a")]],
                 destroy: [["flyctl", "apps", "destroy", "care-db", "--yes"]]),
            Case(provider: "fly", type: "redis", name: "care-cache", params: [("region", h("r")), ("org", h("o")), ("eviction", "enable")],
                 calls: [["flyctl", "redis", "create", "--name", "care-cache", "--org", h("o"), "--region", h("r"), "--no-replicas", "--enable-eviction",
                          "--enable-auto-upgrade=false", "--enable-prodpack=false"]],
                 destroy: [["flyctl", "redis", "destroy", "care-cache", "--yes"]]),
            Case(provider: "azure", type: "postgres", name: "care-db",
                 params: [("resource_group", h("g")), ("location", h("l")), ("sku", h("s")), ("tier", h("t")), ("version", h("v")),
                          ("database", h("d")), ("user", h("u")), ("password", secret)],
                 calls: [["az", "postgres", "flexible-server", "create", "--name=care-db", "--resource-group=\(h("g"))", "--location=\(h("l"))",
                          "--admin-user=\(h("u"))", "--admin-password=\(secret)", "--tier=\(h("t"))", "--sku-name=\(h("s"))", "--version=\(h("v"))",
                          "--yes", "--output=json"],
                         ["az", "postgres", "flexible-server", "db", "create", "--resource-group=\(h("g"))", "--server-name=care-db", "--name=\(h("d"))"]],
                 destroy: [["az", "postgres", "flexible-server", "delete", "--name=care-db", "--resource-group=\(h("g"))", "--yes"]]),
            Case(provider: "azure", type: "bucket", name: "care-bucket", params: [("resource_group", h("g")), ("location", h("l")), ("account", h("a"))],
                 calls: [["az", "storage", "account", "create", "--name=\(h("a"))", "--resource-group=\(h("g"))", "--location=\(h("l"))", "--sku=Standard_LRS",
                          "--output=json"],
                         ["az", "storage", "container", "create", "--name=care-bucket", "--account-name=\(h("a"))", "--auth-mode=login"]],
                 destroy: [["az", "storage", "container", "delete", "--name=care-bucket", "--account-name=\(h("a"))", "--auth-mode=login"],
                           ["az", "storage", "account", "delete", "--name=\(h("a"))", "--resource-group=\(h("g"))", "--yes"]]),
            Case(provider: "gcp", type: "redis", name: "care-cache", params: [("region", h("r")), ("size", h("s")), ("version", h("v"))],
                 calls: [["gcloud", "redis", "instances", "create", "care-cache", "--size=\(h("s"))", "--region=\(h("r"))", "--redis-version=\(h("v"))",
                          "--format=json"]],
                 destroy: [["gcloud", "redis", "instances", "delete", "care-cache", "--region=\(h("r"))", "--quiet"]]),
            Case(provider: "gcp", type: "access-key", name: "care-key", params: [("service_account", h("sa"))],
                 calls: [["gcloud", "storage", "hmac", "create", h("sa"), "--format=json"]],
                 destroy: [["gcloud", "storage", "hmac", "update", "GOOG1", "--deactivate"], ["gcloud", "storage", "hmac", "delete", "GOOG1"]]),
            Case(provider: "fly", type: "bucket", name: "care-bucket", params: [("org", h("o"))],
                 calls: [["flyctl", "storage", "create", "--name", "care-bucket", "--org", h("o"), "--yes"]],
                 destroy: [["flyctl", "storage", "destroy", "care-bucket", "--yes"]]),
            Case(provider: "fly", type: "access-key", name: "care-token", params: [("app", h("a"))],
                 calls: [["flyctl", "tokens", "create", "deploy", "--app", h("a"), "--json"]], destroyRefused: true),
            Case(provider: "azure", type: "redis", name: "care-cache",
                 params: [("resource_group", h("g")), ("location", h("l")), ("sku", h("s")), ("vm_size", h("vm"))],
                 calls: [["az", "redis", "create", "--name=care-cache", "--resource-group=\(h("g"))", "--location=\(h("l"))", "--sku=\(h("s"))",
                          "--vm-size=\(h("vm"))", "--output=json"]],
                 destroy: [["az", "redis", "delete", "--name=care-cache", "--resource-group=\(h("g"))", "--yes"]]),
            Case(provider: "azure", type: "access-key", name: "care-key", params: [("resource_group", h("g")), ("account", h("a"))],
                 calls: [["az", "storage", "account", "keys", "list", "--account-name=\(h("a"))", "--resource-group=\(h("g"))", "--output=json"]],
                 destroy: [["az", "storage", "account", "keys", "renew", "--account-name=\(h("a"))", "--resource-group=\(h("g"))", "--key=key1",
                            "--output=none"]]),
            // aws applies over HTTPS, not through its CLI: its plan is what is checked, with a hostile region too.
            Case(provider: "aws", type: "rds-postgres", name: "care-db",
                 params: [("instance_class", h("ic")), ("storage", h("st")), ("engine_version", h("ev")), ("database", h("d")), ("user", h("u")),
                          ("backup_retention", h("br"))],
                 calls: [["aws", "rds", "create-db-instance", "--db-instance-identifier", "care-db", "--engine", "postgres", "--engine-version", h("ev"),
                          "--db-instance-class", h("ic"), "--allocated-storage", h("st"), "--db-name", h("d"), "--master-username", h("u"),
                          "--master-user-password=\(secret)", "--no-multi-az", "--backup-retention-period", h("br"), "--storage-encrypted",
                          "--no-publicly-accessible", "--region", h("region")],
                         ["aws", "rds", "wait", "db-instance-available", "--db-instance-identifier", "care-db", "--region", h("region")]],
                 apply: false, planEnv: ["AWS_REGION": h("region")]),
            Case(provider: "aws", type: "secret", name: "care-secret", params: [("description", h("de")), ("kms_key_id", h("k"))],
                 calls: [["aws", "secretsmanager", "create-secret", "--name", "care-secret", "--secret-string=\(secret)", "--description=\(h("de"))",
                          "--kms-key-id=\(h("k"))", "--region", h("region")]],
                 apply: false, planEnv: ["AWS_REGION": h("region")]),
            Case(provider: "aws", type: "elasticache-redis", name: "care-cache", params: [("engine_version", h("ev")), ("node_type", h("nt"))],
                 calls: [["aws", "elasticache", "create-replication-group", "--replication-group-id", "care-cache", "--replication-group-description",
                          "care-cache (provisioned by ws)", "--engine", "redis", "--engine-version", h("ev"), "--cache-node-type", h("nt"),
                          "--num-cache-clusters", "1", "--no-automatic-failover-enabled", "--no-multi-az-enabled", "--transit-encryption-enabled",
                          "--auth-token=\(secret)", "--at-rest-encryption-enabled", "--region", h("region")],
                         ["aws", "elasticache", "wait", "replication-group-available", "--replication-group-id", "care-cache", "--region", h("region")]],
                 apply: false, planEnv: ["AWS_REGION": h("region")]),
        ]
    }

    @Test func printedPlansPassExactlyTheValues() throws {
        let stubs = try CLIStubs(in: s.root)
        let env = ["PATH": stubs.path(before: s.environment["PATH"]), "HOME": s.root.path, "PASSWORD": secret, "AUTH_TOKEN": secret, "VALUE": secret]
        for c in cases() {
            let params = c.params.filter { $0.0 != "password" }.flatMap { ["--param", "\($0.0)=\($0.1)"] }
            let out = try s.ws(["provision", "A1", c.type, c.name, "--provider", c.provider, "--plan"] + params, env: c.planEnv).check().stdout
            let script = planScript(out)
            #expect(try bashParses(script, in: s.root).code == 0, "\(c.provider) \(c.type): bash -n refuses\n\(script)")
            try stubs.reset()
            let r = try runBash(script, in: s.root, env: env)
            #expect(r.code == 0, "\(c.provider) \(c.type): \(r.stderr)\n\(script)")
            #expect(try stubs.calls() == c.calls, "\(c.provider) \(c.type):\n\(script)")
        }
        #expect(!FileManager.default.fileExists(atPath: marker.path), "a value ran as a command")
    }

    @Test func appliesHandTheCLIsExactlyTheValues() throws {
        let stubs = try CLIStubs(in: s.root)
        for c in cases() where c.apply {
            let params = c.params.flatMap { ["--param", "\($0.0)=\($0.1)"] }
            try stubs.reset()
            try s.ws(["provision", "A1", c.type, c.name, "--provider", c.provider] + params, env: ["PATH": stubs.path(before: s.environment["PATH"])]).check()
            #expect(try stubs.calls() == c.calls, "\(c.provider) \(c.type)")
            try stubs.reset()
            let destroyed = try s.ws(["provision", "A1", c.type, c.name, "--provider", c.provider, "--destroy"],
                                     env: ["PATH": stubs.path(before: s.environment["PATH"])])
            #expect(destroyed.code == (c.destroyRefused ? 1 : 0), "\(c.provider) \(c.type) destroy: \(destroyed.stderr)")
            #expect(try stubs.calls() == c.destroy, "\(c.provider) \(c.type) destroy")
        }
        #expect(!FileManager.default.fileExists(atPath: marker.path), "a value ran as a command")
        #expect(!(try s.snapshot().contains(secret)), "the secret parameter stays out of the log")
    }

    @Test func anOperandThatReadsAsAnOptionIsRefusedBeforeAnythingRuns() throws {
        let stubs = try CLIStubs(in: s.root)
        for provider in ["gcp", "digitalocean"] {
            let r = try s.ws("provision", "A1", "postgres", "care-db", "--provider", provider, "--param", "database=--format=yaml",
                             env: ["PATH": stubs.path(before: s.environment["PATH"])])
            #expect(r.code == 1)
            #expect(r.stderr.contains("--param database cannot start with '-'"), "\(r.stderr)")
        }
        #expect(try stubs.calls().isEmpty, "no CLI ran")
        #expect(try s.eventTypes("A1").suffix(4) == ["ProvisionRequested", "ProvisionFailed", "ProvisionRequested", "ProvisionFailed"])
    }
}
