import Foundation
import Testing

/// A moto_server (PyPI moto[server]) on a free loopback port, stopped when the test ends.
final class MotoServer {
    let process: Process
    let port: Int
    var endpoint: String { "http://127.0.0.1:\(port)" }

    init() throws {
        let moto = try #require(which("moto_server"), "moto_server is needed: make test has it (.build/venv-test)")
        port = freeLoopbackPort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: moto)
        process.arguments = ["-H", "127.0.0.1", "-p", String(port)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while !listening(port) && Date() < deadline && process.isRunning { usleep(100_000) }
        try #require(listening(port), "moto_server did not start on port \(port)")
    }

    deinit {
        // SIGKILL: werkzeug's server may linger on SIGTERM, and a test must never hang on its own server.
        kill(process.processIdentifier, SIGKILL)
        _ = Sandbox.Running.exitCode(of: process)
    }
}

@Suite(.serialized) struct AWSProvisioningTests {
    static let credentials = ["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "eu-west-1",
                              "AWS_DEFAULT_REGION": "eu-west-1", "AWS_SESSION_TOKEN": ""]

    /// The aws CLI at the same endpoint, as an independent witness.
    func aws(_ moto: MotoServer, _ args: String..., in s: Sandbox) throws -> Sandbox.Result {
        let cli = try #require(which("aws"), "the aws CLI is needed: make test has it (.build/venv-test)")
        return try Sandbox.run([cli, "--endpoint-url", moto.endpoint, "--output", "json"] + args, cwd: s.root,
                               env: s.environment.merging(Self.credentials) { $1 })
    }

    @Test func theFourResourceTypesAreCreatedOnceAndDestroyed() throws {
        let moto = try MotoServer()
        let s = try Sandbox.withWorkstream()
        s.environment.merge(Self.credentials) { $1 }
        s.environment["AWS_ENDPOINT_URL"] = moto.endpoint
        s.environment.removeValue(forKey: "AWS_SESSION_TOKEN")
        let resources = [("rds-postgres", "care-db", ["--param", "multi_az=true", "--param", "backup_retention=14"]),
                         ("elasticache-redis", "care-cache", ["--param", "nodes=2"]),
                         ("s3-bucket", "care-uploads", ["--param", "expire_days=365"]),
                         ("secret", "care-jwt", [])]
        for (type, name, params) in resources {
            try s.ws(["provision", "A1", type, name, "--provider", "aws"] + params).check()
        }

        let db = try #require(try json(try aws(moto, "rds", "describe-db-instances", "--db-instance-identifier", "care-db", in: s).check().stdout) as? [String: Any])
        let instance = try #require((db["DBInstances"] as? [[String: Any]])?.first)
        #expect(instance["Engine"] as? String == "postgres")
        #expect(instance["MultiAZ"] as? Bool == true)
        #expect(instance["BackupRetentionPeriod"] as? Int == 14)
        #expect(instance["StorageEncrypted"] as? Bool == true)
        let cache = try #require(try json(try aws(moto, "elasticache", "describe-replication-groups", "--replication-group-id", "care-cache", in: s).check().stdout) as? [String: Any])
        let group = try #require((cache["ReplicationGroups"] as? [[String: Any]])?.first)
        #expect(group["TransitEncryptionEnabled"] as? Bool == true)
        #expect(group["AutomaticFailover"] as? String == "enabled", "two nodes turn automatic failover on")
        #expect(try aws(moto, "s3api", "get-bucket-versioning", "--bucket", "care-uploads", in: s).check().stdout.contains("Enabled"))
        #expect(try aws(moto, "s3api", "get-bucket-encryption", "--bucket", "care-uploads", in: s).check().stdout.contains("AES256"))
        #expect(try aws(moto, "s3api", "get-public-access-block", "--bucket", "care-uploads", in: s).check().stdout.contains("\"RestrictPublicBuckets\": true"))
        let lifecycle = try aws(moto, "s3api", "get-bucket-lifecycle-configuration", "--bucket", "care-uploads", in: s).check().stdout
        #expect(lifecycle.contains("\"Days\": 365") && lifecycle.contains("NoncurrentDays"))
        let secret = try #require(try json(try aws(moto, "secretsmanager", "get-secret-value", "--secret-id", "care-jwt", in: s).check().stdout) as? [String: Any])
        let value = try #require(secret["SecretString"] as? String)
        #expect(try s.ws("env", "A1").stdout.contains("CARE_JWT_VALUE=\(value)"))
        #expect(!(try s.snapshot().contains(value)))

        // Again, against an endpoint where nothing listens: a no-op that needs no API call at all.
        let dead = "http://127.0.0.1:\(freeLoopbackPort())"
        for (type, name, params) in resources {
            let again = try s.ws(["provision", "A1", type, name, "--provider", "aws"] + params, env: ["AWS_ENDPOINT_URL": dead]).check()
            #expect(again.stdout.contains("nothing to do"))
        }
        #expect(try s.provisions("A1").allSatisfy { $0["state"] as? String == "succeeded" })

        for (type, name, _) in resources {
            try s.ws("provision", "A1", type, name, "--provider", "aws", "--destroy").check()
        }
        let left = try #require(try json(try aws(moto, "rds", "describe-db-instances", in: s).check().stdout) as? [String: Any])
        #expect((left["DBInstances"] as? [Any])?.isEmpty == true)
        let groups = try #require(try json(try aws(moto, "elasticache", "describe-replication-groups", in: s).check().stdout) as? [String: Any])
        // ElastiCache deletes asynchronously: gone, or on its way.
        #expect((groups["ReplicationGroups"] as? [[String: Any]])?.allSatisfy { $0["Status"] as? String == "deleting" } == true)
        #expect(try aws(moto, "s3api", "head-bucket", "--bucket", "care-uploads", in: s).code != 0)
        #expect(try aws(moto, "secretsmanager", "describe-secret", "--secret-id", "care-jwt", in: s).code != 0)
        #expect(try s.provisions("A1").allSatisfy { $0["state"] as? String == "destroyed" })
        try s.ws("verify").check()
    }

    @Test func anUnreachableEndpointOrMissingCredentialsFailClearly() throws {
        let s = try Sandbox.withWorkstream()
        var env = Self.credentials
        env["AWS_ENDPOINT_URL"] = "http://127.0.0.1:\(freeLoopbackPort())"
        env.removeValue(forKey: "AWS_SESSION_TOKEN")
        for (k, v) in env { s.environment[k] = v }
        let r = try s.ws("provision", "A1", "s3-bucket", "b1", "--provider", "aws")
        #expect(r.code == 1)
        #expect(r.stderr.contains("is the endpoint"), "\(r.stderr)")
        s.environment.removeValue(forKey: "AWS_ACCESS_KEY_ID")
        s.environment["HOME"] = s.root.path
        let noCredentials = try s.ws("provision", "A1", "s3-bucket", "b2", "--provider", "aws")
        #expect(noCredentials.code == 1)
        #expect(noCredentials.stderr.contains("no credentials"))
    }
}
