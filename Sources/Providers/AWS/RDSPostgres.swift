/// RDS for PostgreSQL: a DB instance with its first database and master user.
struct RDSPostgres: AWSResource {
    static let spec = ResourceSpec(type: "rds-postgres", summary: "RDS PostgreSQL instance with a database and its master user", params: [
        ParameterSpec("instance_class", "instance class", default: "db.t3.micro"),
        ParameterSpec("storage", "allocated storage in GiB", default: "20"),
        ParameterSpec("engine_version", "PostgreSQL version", default: "16.3"),
        ParameterSpec("database", "database name (default: the resource name, '-' as '_')"),
        ParameterSpec("user", "master user name", default: "wsadmin"),
        ParameterSpec("password", "master password", secret: true, generated: true),
        ParameterSpec("multi_az", "a standby in another availability zone", default: "false"),
        ParameterSpec("backup_retention", "days of automated backups", default: "7"),
        ParameterSpec("encrypted", "encrypt storage", default: "true"),
        ParameterSpec("publicly_accessible", "reachable from the internet", default: "false"),
    ])
    static let version = "2014-10-31"

    let name: String
    let params: [String: String]
    var database: String { params["database"] ?? name.replacingOccurrences(of: "-", with: "_") }
    var user: String { params["user"] ?? "wsadmin" }

    func describe(_ client: AWSClient) throws(ProviderFailure) -> ProviderResult? {
        guard let xml = try client.query("rds", action: "DescribeDBInstances", version: Self.version, [("DBInstanceIdentifier", name)])
            .orNil(notFound: ["DBInstanceNotFound", "DBInstanceNotFoundFault"]) else { return nil }
        return result(xml)
    }

    func result(_ xml: String) -> ProviderResult {
        let host = XML.first("Address", in: xml) ?? ""
        let port = XML.first("Port", in: xml) ?? "5432"
        var outputs = ["arn": XML.first("DBInstanceArn", in: xml) ?? "", "host": host, "port": port, "database": XML.first("DBName", in: xml) ?? database,
                       "user": XML.first("MasterUsername", in: xml) ?? user, "status": XML.first("DBInstanceStatus", in: xml) ?? "unknown"]
        if !host.isEmpty, let db = outputs["database"], let u = outputs["user"] { outputs["url"] = "postgresql://\(u)@\(host):\(port)/\(db)" }
        var r = ProviderResult(outputs: outputs.filter { !$0.value.isEmpty })
        if let password = params["password"] { r.secrets["password"] = password }
        return r
    }

    func create(_ client: AWSClient, progress: (String) -> Void) throws(ProviderFailure) -> ProviderResult {
        guard let password = params["password"] else { throw ProviderFailure("aws rds-postgres: no master password was given") }
        let xml = try client.query("rds", action: "CreateDBInstance", version: Self.version, [
            ("DBInstanceIdentifier", name), ("Engine", "postgres"), ("EngineVersion", params["engine_version"] ?? "16.3"),
            ("DBInstanceClass", params["instance_class"] ?? "db.t3.micro"), ("AllocatedStorage", params["storage"] ?? "20"),
            ("DBName", database), ("MasterUsername", user), ("MasterUserPassword", password),
            ("MultiAZ", String((params["multi_az"] ?? "false").isTrue)), ("BackupRetentionPeriod", params["backup_retention"] ?? "7"),
            ("StorageEncrypted", String((params["encrypted"] ?? "true").isTrue)),
            ("PubliclyAccessible", String((params["publicly_accessible"] ?? "false").isTrue)),
        ]).get()
        progress("RDS accepted \(name): \(XML.first("DBInstanceStatus", in: xml) ?? "creating")")
        return result(xml)
    }

    func delete(_ client: AWSClient) throws(ProviderFailure) {
        _ = try client.query("rds", action: "DeleteDBInstance", version: Self.version,
                             [("DBInstanceIdentifier", name), ("SkipFinalSnapshot", "true"), ("DeleteAutomatedBackups", "true")])
            .orNil(notFound: ["DBInstanceNotFound", "DBInstanceNotFoundFault"])
    }

    func commands(_ action: ProviderAction, region: ShellWord) throws(ProviderFailure) -> [AWSCommands.Line] {
        let id = ShellWord.text(name)
        if action == .destroy {
            return [AWSCommands.aws(["rds", "delete-db-instance", "--db-instance-identifier", id, "--skip-final-snapshot", "--delete-automated-backups"],
                                    region: region)]
        }
        func value(_ key: String, _ fallback: String) -> ShellWord { .text(params[key] ?? fallback) }
        let create: [ShellWord] = [
            "rds", "create-db-instance", "--db-instance-identifier", id, "--engine", "postgres",
            "--engine-version", value("engine_version", "16.3"), "--db-instance-class", value("instance_class", "db.t3.micro"),
            "--allocated-storage", value("storage", "20"), "--db-name", .text(database), "--master-username", .text(user),
            // The `=` form: argparse would take a value that starts with '-' for an option.
            "--master-user-password=" + .variable("PASSWORD"),
            (params["multi_az"] ?? "false").isTrue ? "--multi-az" : "--no-multi-az",
            "--backup-retention-period", value("backup_retention", "7"),
            (params["encrypted"] ?? "true").isTrue ? "--storage-encrypted" : "--no-storage-encrypted",
            (params["publicly_accessible"] ?? "false").isTrue ? "--publicly-accessible" : "--no-publicly-accessible",
        ]
        return [AWSCommands.aws(create, region: region),
                AWSCommands.aws(["rds", "wait", "db-instance-available", "--db-instance-identifier", id], region: region)]
    }
}
