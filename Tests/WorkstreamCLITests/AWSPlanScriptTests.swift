import Foundation
import Testing

/// Every command that `ws provision … --provider aws --plan` prints, run as printed — the plan saved
/// as a script and run by bash — with the real aws CLI against moto_server, in us-east-1 and in
/// eu-west-1; then the resources are read back to check they have the planned settings.
@Suite(.serialized) struct AWSPlanScriptTests {
    static let password = "Planned-Passw0rd-1"
    static let authToken = "planned-auth-token-0123456789abcdef"
    static let secretValue = "it's a \"value\" with $HOME and `backticks`"
    static let description = "JWT key for 'care' (\"prod\") — $(not run)"

    struct Plan {
        var script: String
        var commands: Int
    }

    /// The plan of one resource, as a script, and how many commands it holds (declarations aside).
    func plan(_ s: Sandbox, _ type: String, _ name: String, _ params: [String], env: [String: String]) throws -> Plan {
        let out = try s.ws(["provision", "A1", type, name, "--provider", "aws", "--plan"] + params.flatMap { ["--param", $0] }, env: env).check().stdout
        let script = planScript(out)
        let commands = script.split(separator: "\n").filter { !$0.hasPrefix(": ") && !$0.isEmpty }.count
        return Plan(script: script, commands: commands)
    }

    /// An `aws` first on PATH that runs the real one at moto and writes down each call's exit status.
    /// The endpoint goes on the command line: awscli 1.x sends rds in us-east-1 to rds.amazonaws.com
    /// whatever AWS_ENDPOINT_URL says, unless --endpoint-url is given (awscli/customizations/overridesslcommonname.py).
    func recordingAWS(in root: URL) throws -> (folder: URL, statuses: URL) {
        let real = try #require(which("aws"), "the aws CLI is needed: make test has it (.build/venv-test)")
        let folder = root.appendingPathComponent("aws-bin")
        let statuses = root.appendingPathComponent("aws-statuses")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data().write(to: statuses)
        let script = "#!/bin/bash\n\(real) --endpoint-url \"$AWS_ENDPOINT_URL\" \"$@\"\nstatus=$?\necho \"$status\" >> \(statuses.path)\nexit $status\n"
        try Data(script.utf8).write(to: folder.appendingPathComponent("aws"))
        chmod(folder.appendingPathComponent("aws").path, 0o755)
        return (folder, statuses)
    }

    func read(_ moto: MotoServer, _ region: String, _ args: String..., in s: Sandbox) throws -> [String: Any] {
        let cli = try #require(which("aws"))
        let env = s.environment.merging(AWSProvisioningTests.credentials) { $1 }.merging(["AWS_REGION": region, "AWS_DEFAULT_REGION": region]) { $1 }
        let r = try Sandbox.run([cli, "--endpoint-url", moto.endpoint, "--output", "json"] + args, cwd: s.root, env: env)
        #expect(r.code == 0, "aws \(args.joined(separator: " ")): \(r.stderr)")
        return try #require(try json(r.stdout) as? [String: Any])
    }

    @Test(arguments: ["us-east-1", "eu-west-1"])
    func everyPrintedCommandRunsAsPrinted(region: String) throws {
        let moto = try MotoServer()
        let s = try Sandbox.withWorkstream()
        s.environment["HOME"] = s.root.path
        for key in ["AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_ENDPOINT_URL"] { s.environment.removeValue(forKey: key) }
        let resources: [(String, String, [String])] = [
            ("s3-bucket", "care-uploads", ["expire_days=365", "noncurrent_days=45"]),
            ("rds-postgres", "care-db", ["multi_az=true", "backup_retention=14", "database=care", "user=careadmin"]),
            ("elasticache-redis", "care-cache", ["nodes=2"]),
            ("secret", "care-jwt", ["description=\(Self.description)"]),
        ]
        var plans = try resources.map { try plan(s, $0.0, $0.1, $0.2, env: ["AWS_REGION": region]) }
        // The bucket again with no region known when planning: the script takes it from $AWS_REGION.
        let open = try plan(s, "s3-bucket", "care-any-region", [], env: [:])
        #expect(open.script.contains(": \"${AWS_REGION:?"))
        plans.append(open)

        let (folder, statuses) = try recordingAWS(in: s.root)
        var env = AWSProvisioningTests.credentials.merging(["AWS_ENDPOINT_URL": moto.endpoint, "HOME": s.root.path, "PASSWORD": Self.password,
                                                            "AUTH_TOKEN": Self.authToken, "VALUE": Self.secretValue]) { $1 }
        env.removeValue(forKey: "AWS_SESSION_TOKEN")
        env["PATH"] = folder.path + ":" + (s.environment["PATH"] ?? "/usr/bin:/bin")
        // The planned commands name their region; the shell's is another one, except for the plan that was left to it.
        env["AWS_REGION"] = region == "us-east-1" ? "eu-west-1" : "us-east-1"
        env["AWS_DEFAULT_REGION"] = env["AWS_REGION"]
        for (i, p) in plans.enumerated() {
            var runEnv = env
            if i == plans.count - 1 { runEnv["AWS_REGION"] = region; runEnv["AWS_DEFAULT_REGION"] = region }
            let r = try runBash(p.script, in: s.root, env: runEnv)
            #expect(r.code == 0, "\(p.script)\n→ \(r.stderr)")
        }
        let codes = try String(contentsOf: statuses, encoding: .utf8).split(separator: "\n")
        #expect(codes.count == plans.map(\.commands).reduce(0, +), "every printed command ran")
        #expect(codes.allSatisfy { $0 == "0" }, "every printed command succeeded: \(codes)")

        try checkBucket(moto, region, "care-uploads", in: s)
        try checkBucket(moto, region, "care-any-region", in: s)
        let db = try #require((try read(moto, region, "rds", "describe-db-instances", "--db-instance-identifier", "care-db", in: s)["DBInstances"] as? [[String: Any]])?.first)
        #expect(db["Engine"] as? String == "postgres")
        #expect(db["EngineVersion"] as? String == "16.3")
        #expect(db["DBName"] as? String == "care")
        #expect(db["MasterUsername"] as? String == "careadmin")
        #expect(db["MultiAZ"] as? Bool == true)
        #expect(db["BackupRetentionPeriod"] as? Int == 14)
        #expect(db["StorageEncrypted"] as? Bool == true)
        #expect(db["PubliclyAccessible"] as? Bool == false)
        let group = try #require((try read(moto, region, "elasticache", "describe-replication-groups", "--replication-group-id", "care-cache", in: s)["ReplicationGroups"] as? [[String: Any]])?.first)
        #expect(group["TransitEncryptionEnabled"] as? Bool == true)
        #expect(group["AtRestEncryptionEnabled"] as? Bool == true)
        // Planned from nodes=2 (moto 5.2 lists one member cluster whatever the count, so failover is what is read back).
        #expect(group["AutomaticFailover"] as? String == "enabled")
        #expect(try read(moto, region, "secretsmanager", "get-secret-value", "--secret-id", "care-jwt", in: s)["SecretString"] as? String == Self.secretValue)
        #expect(try read(moto, region, "secretsmanager", "describe-secret", "--secret-id", "care-jwt", in: s)["Description"] as? String == Self.description)
    }

    func checkBucket(_ moto: MotoServer, _ region: String, _ bucket: String, in s: Sandbox) throws {
        let location = try read(moto, region, "s3api", "get-bucket-location", "--bucket", bucket, in: s)["LocationConstraint"] as? String
        // S3 reports us-east-1 as no constraint at all.
        #expect(location == (region == "us-east-1" ? nil : region), "\(bucket) is in \(location ?? "us-east-1")")
        #expect(try read(moto, region, "s3api", "get-bucket-versioning", "--bucket", bucket, in: s)["Status"] as? String == "Enabled")
        let sse = try read(moto, region, "s3api", "get-bucket-encryption", "--bucket", bucket, in: s)
        #expect("\(sse)".contains("AES256"))
        let block = try #require(try read(moto, region, "s3api", "get-public-access-block", "--bucket", bucket, in: s)["PublicAccessBlockConfiguration"] as? [String: Bool])
        #expect(block.values.count == 4 && block.values.allSatisfy { $0 })
        let rules = try #require(try read(moto, region, "s3api", "get-bucket-lifecycle-configuration", "--bucket", bucket, in: s)["Rules"] as? [[String: Any]])
        let ids = Set(rules.compactMap { $0["ID"] as? String })
        #expect(ids.isSuperset(of: ["ws-abort-multipart", "ws-noncurrent-versions"]))
        if bucket == "care-uploads" {
            #expect(ids.contains("ws-expire"))
            #expect((rules.first { $0["ID"] as? String == "ws-expire" }?["Expiration"] as? [String: Any])?["Days"] as? Int == 365)
            #expect((rules.first { $0["ID"] as? String == "ws-noncurrent-versions" }?["NoncurrentVersionExpiration"] as? [String: Any])?["NoncurrentDays"] as? Int == 45)
        }
    }
}
