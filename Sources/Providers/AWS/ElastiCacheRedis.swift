/// ElastiCache for Redis: a replication group (one primary, and replicas when nodes > 1).
struct ElastiCacheRedis: AWSResource {
    static let spec = ResourceSpec(type: "elasticache-redis", summary: "ElastiCache Redis replication group", params: [
        ParameterSpec("node_type", "cache node type", default: "cache.t3.micro"),
        ParameterSpec("nodes", "number of nodes (1 primary + replicas)", default: "1"),
        ParameterSpec("engine_version", "Redis version", default: "7.0"),
        ParameterSpec("multi_az", "replicas in other availability zones (needs nodes > 1)", default: "false"),
        ParameterSpec("transit_encryption", "TLS in transit (needed for an auth token)", default: "true"),
        ParameterSpec("at_rest_encryption", "encrypt data at rest", default: "true"),
        ParameterSpec("auth_token", "the Redis AUTH token", secret: true, generated: true),
    ])
    static let version = "2015-02-02"

    let name: String
    let params: [String: String]
    var nodes: Int { Int(params["nodes"] ?? "1") ?? 1 }
    var tls: Bool { (params["transit_encryption"] ?? "true").isTrue }

    func describe(_ client: AWSClient) throws(ProviderFailure) -> ProviderResult? {
        guard let xml = try client.query("elasticache", action: "DescribeReplicationGroups", version: Self.version, [("ReplicationGroupId", name)])
            .orNil(notFound: ["ReplicationGroupNotFoundFault", "ReplicationGroupNotFound"]) else { return nil }
        return result(xml)
    }

    func result(_ xml: String) -> ProviderResult {
        var outputs = ["arn": XML.first("ARN", in: xml) ?? "", "status": XML.first("Status", in: xml) ?? "unknown",
                       "host": XML.first("Address", in: xml) ?? "", "port": XML.first("Port", in: xml) ?? "6379", "nodes": String(nodes)]
        if let host = outputs["host"], !host.isEmpty { outputs["url"] = "\(tls ? "rediss" : "redis")://\(host):\(outputs["port"] ?? "6379")" }
        var r = ProviderResult(outputs: outputs.filter { !$0.value.isEmpty })
        if tls, let token = params["auth_token"] { r.secrets["auth_token"] = token }
        return r
    }

    func create(_ client: AWSClient, progress: (String) -> Void) throws(ProviderFailure) -> ProviderResult {
        var fields: [(String, String)] = [
            ("ReplicationGroupId", name), ("ReplicationGroupDescription", "\(name) (provisioned by ws)"), ("Engine", "redis"),
            ("EngineVersion", params["engine_version"] ?? "7.0"), ("CacheNodeType", params["node_type"] ?? "cache.t3.micro"),
            ("NumCacheClusters", String(nodes)), ("AutomaticFailoverEnabled", String(nodes > 1)),
            ("MultiAZEnabled", String(nodes > 1 && (params["multi_az"] ?? "false").isTrue)),
            ("TransitEncryptionEnabled", String(tls)), ("AtRestEncryptionEnabled", String((params["at_rest_encryption"] ?? "true").isTrue)),
        ]
        if tls, let token = params["auth_token"] { fields.append(("AuthToken", token)) }
        let xml = try client.query("elasticache", action: "CreateReplicationGroup", version: Self.version, fields).get()
        progress("ElastiCache accepted \(name): \(XML.first("Status", in: xml) ?? "creating")")
        return result(xml)
    }

    func delete(_ client: AWSClient) throws(ProviderFailure) {
        _ = try client.query("elasticache", action: "DeleteReplicationGroup", version: Self.version,
                             [("ReplicationGroupId", name), ("RetainPrimaryCluster", "false")])
            .orNil(notFound: ["ReplicationGroupNotFoundFault", "ReplicationGroupNotFound"])
    }

    func commands(_ action: ProviderAction, region: ShellWord) throws(ProviderFailure) -> [AWSCommands.Line] {
        let id = ShellWord.text(name)
        if action == .destroy {
            return [AWSCommands.aws(["elasticache", "delete-replication-group", "--replication-group-id", id, "--no-retain-primary-cluster"], region: region)]
        }
        var create: [ShellWord] = [
            "elasticache", "create-replication-group", "--replication-group-id", id, "--replication-group-description", .text("\(name) (provisioned by ws)"),
            "--engine", "redis", "--engine-version", .text(params["engine_version"] ?? "7.0"), "--cache-node-type", .text(params["node_type"] ?? "cache.t3.micro"),
            "--num-cache-clusters", .text(String(nodes)), nodes > 1 ? "--automatic-failover-enabled" : "--no-automatic-failover-enabled",
            nodes > 1 && (params["multi_az"] ?? "false").isTrue ? "--multi-az-enabled" : "--no-multi-az-enabled",
        ]
        create += tls ? ["--transit-encryption-enabled", "--auth-token=" + .variable("AUTH_TOKEN")] : ["--no-transit-encryption-enabled"]
        create.append((params["at_rest_encryption"] ?? "true").isTrue ? "--at-rest-encryption-enabled" : "--no-at-rest-encryption-enabled")
        return [AWSCommands.aws(create, region: region),
                AWSCommands.aws(["elasticache", "wait", "replication-group-available", "--replication-group-id", id], region: region)]
    }
}
