/// The commands each cloud's CLI needs for the resources the hand-written
/// plans provision: a PostgreSQL cluster with a database and a user, a Redis
/// cache, an object bucket and access keys to it.
enum CloudRecipes {
    typealias Step = CloudCLIProvider.Step
    typealias Recipe = CloudCLIProvider.Recipe
    static let password = ParameterSpec("password", "the database user's password", secret: true, generated: true)

    static func digitalocean(_ tool: Tool) -> CloudCLIProvider {
        let region = ParameterSpec("region", "region", default: "nyc1")
        return CloudCLIProvider(name: "digitalocean", cli: "doctl", install: "https://docs.digitalocean.com/reference/doctl/how-to/install/", recipes: [
            Recipe(type: "postgres", summary: "managed PostgreSQL cluster, database and user",
                   params: [region, ParameterSpec("size", "node size", default: "db-s-1vcpu-1gb"), ParameterSpec("nodes", "node count", default: "1"),
                            ParameterSpec("version", "PostgreSQL version", default: "16"), ParameterSpec("database", "database", default: "app"),
                            ParameterSpec("user", "user", default: "app")],
                   apply: [Step(argv: ["doctl", "databases", "create", "{name}", "--engine", "pg", "--version", "{version}", "--region", "{region}",
                                       "--size", "{size}", "--num-nodes", "{nodes}", "--wait", "--output", "json"],
                                outputs: [("id", "[0].id"), ("host", "[0].connection.host"), ("port", "[0].connection.port")], capture: "id"),
                           Step(argv: ["doctl", "databases", "db", "create", "{id}", "{database}"]),
                           Step(argv: ["doctl", "databases", "user", "create", "{id}", "{user}", "--output", "json"],
                                outputs: [("user", "[0].name")], secrets: [("password", "[0].password")])],
                   destroy: [Step(argv: ["doctl", "databases", "delete", "{id}", "--force"])]),
            Recipe(type: "redis", summary: "managed Redis (Valkey) cluster",
                   params: [region, ParameterSpec("size", "node size", default: "db-s-1vcpu-1gb"), ParameterSpec("nodes", "node count", default: "1")],
                   apply: [Step(argv: ["doctl", "databases", "create", "{name}", "--engine", "valkey", "--region", "{region}", "--size", "{size}",
                                       "--num-nodes", "{nodes}", "--wait", "--output", "json"],
                                outputs: [("id", "[0].id"), ("host", "[0].connection.host"), ("port", "[0].connection.port")],
                                secrets: [("password", "[0].connection.password")])],
                   destroy: [Step(argv: ["doctl", "databases", "delete", "{id}", "--force"])]),
            Recipe(type: "bucket", summary: "Spaces bucket (S3 API)", params: [ParameterSpec("region", "Spaces region", default: "nyc3")],
                   apply: [Step(argv: ["aws", "s3api", "create-bucket", "--bucket", "{name}", "--endpoint-url", "https://{region}.digitaloceanspaces.com"])],
                   destroy: [Step(argv: ["aws", "s3api", "delete-bucket", "--bucket", "{name}", "--endpoint-url", "https://{region}.digitaloceanspaces.com"])]),
            Recipe(type: "access-key", summary: "Spaces access key for one bucket",
                   params: [ParameterSpec("bucket", "the bucket it may use", required: true), ParameterSpec("permission", "read or readwrite", default: "readwrite")],
                   apply: [Step(argv: ["doctl", "spaces", "keys", "create", "{name}", "--grants", "bucket={bucket};permission={permission}", "--output", "json"],
                                outputs: [("access_key", "[0].access_key")], secrets: [("secret_key", "[0].secret_key")])],
                   // `spaces keys delete` has no --force and asks nothing (doctl 1.166 commands/spaces_keys.go).
                   destroy: [Step(argv: ["doctl", "spaces", "keys", "delete", "{access_key}"])]),
        ], tool: tool)
    }

    static func gcp(_ tool: Tool) -> CloudCLIProvider {
        let region = ParameterSpec("region", "region", default: "us-central1")
        return CloudCLIProvider(name: "gcp", cli: "gcloud", install: "https://cloud.google.com/sdk/docs/install", recipes: [
            Recipe(type: "postgres", summary: "Cloud SQL for PostgreSQL instance, database and user",
                   params: [region, ParameterSpec("tier", "machine tier", default: "db-custom-1-3840"), ParameterSpec("version", "database version", default: "POSTGRES_16"),
                            ParameterSpec("database", "database", default: "app"), ParameterSpec("user", "user", default: "app"), password],
                   apply: [Step(argv: ["gcloud", "sql", "instances", "create", "{name}", "--database-version={version}", "--tier={tier}", "--region={region}",
                                       "--format=json"], outputs: [("connection_name", ".connectionName"), ("host", ".ipAddresses[0].ipAddress")]),
                           Step(argv: ["gcloud", "sql", "databases", "create", "{database}", "--instance={name}"]),
                           Step(argv: ["gcloud", "sql", "users", "create", "{user}", "--instance={name}", "--password={password}"])],
                   destroy: [Step(argv: ["gcloud", "sql", "instances", "delete", "{name}", "--quiet"])]),
            Recipe(type: "redis", summary: "Memorystore for Redis instance",
                   params: [region, ParameterSpec("size", "size in GB", default: "1"), ParameterSpec("version", "Redis version", default: "redis_7_0")],
                   apply: [Step(argv: ["gcloud", "redis", "instances", "create", "{name}", "--size={size}", "--region={region}", "--redis-version={version}",
                                       "--format=json"], outputs: [("host", ".host"), ("port", ".port")])],
                   destroy: [Step(argv: ["gcloud", "redis", "instances", "delete", "{name}", "--region={region}", "--quiet"])]),
            Recipe(type: "bucket", summary: "Cloud Storage bucket", params: [ParameterSpec("location", "location", default: "us-central1")],
                   apply: [Step(argv: ["gcloud", "storage", "buckets", "create", "gs://{name}", "--location={location}", "--uniform-bucket-level-access"])],
                   // Refused while the bucket holds objects: ws does not delete data (as with aws s3-bucket).
                   destroy: [Step(argv: ["gcloud", "storage", "buckets", "delete", "gs://{name}"])]),
            Recipe(type: "access-key", summary: "HMAC key (S3-compatible access key) for a service account",
                   params: [ParameterSpec("service_account", "the service account's e-mail", required: true)],
                   apply: [Step(argv: ["gcloud", "storage", "hmac", "create", "{service_account}", "--format=json"],
                                outputs: [("access_id", ".metadata.accessId")], secrets: [("secret", ".secret")])],
                   destroy: [Step(argv: ["gcloud", "storage", "hmac", "update", "{access_id}", "--deactivate"]),
                             Step(argv: ["gcloud", "storage", "hmac", "delete", "{access_id}"])]),
        ], tool: tool)
    }

    static func fly(_ tool: Tool) -> CloudCLIProvider {
        let region = ParameterSpec("region", "region", default: "iad")
        // flyctl asks for the organization unless --org names it, and refuses to ask when not interactive
        // (internal/prompt/prompt.go, Org): a person in several organizations would be stopped.
        let org = ParameterSpec("org", "the Fly.io organization (slug)", required: true)
        return CloudCLIProvider(name: "fly", cli: "flyctl", install: "https://fly.io/docs/flyctl/install/", recipes: [
            Recipe(type: "postgres", summary: "Fly Postgres cluster, attached to an app (creates its database and user)",
                   params: [region, org, ParameterSpec("app", "the app that uses it", required: true), ParameterSpec("nodes", "cluster size", default: "1"),
                            ParameterSpec("vm_size", "VM size", default: "shared-cpu-1x"), ParameterSpec("volume_size", "volume in GB", default: "10")],
                   apply: [Step(argv: ["flyctl", "postgres", "create", "--name", "{name}", "--org", "{org}", "--region", "{region}",
                                       "--initial-cluster-size", "{nodes}", "--vm-size", "{vm_size}", "--volume-size", "{volume_size}"]),
                           Step(argv: ["flyctl", "postgres", "attach", "{name}", "--app", "{app}"])],
                   destroy: [Step(argv: ["flyctl", "apps", "destroy", "{name}", "--yes"])]),
            // Each of eviction, auto-upgrade and ProdPack is asked for unless a flag answers it (internal/command/redis/create.go).
            Recipe(type: "redis", summary: "Upstash Redis on Fly",
                   params: [region, org, ParameterSpec("eviction", "evict keys when memory is full: enable or disable", default: "disable")],
                   apply: [Step(argv: ["flyctl", "redis", "create", "--name", "{name}", "--org", "{org}", "--region", "{region}", "--no-replicas",
                                       "--{eviction}-eviction", "--enable-auto-upgrade=false", "--enable-prodpack=false"])],
                   destroy: [Step(argv: ["flyctl", "redis", "destroy", "{name}", "--yes"])],
                   choices: ["eviction": ["enable", "disable"]]),
            Recipe(type: "bucket", summary: "Tigris object storage bucket (prints its access keys)", params: [org],
                   apply: [Step(argv: ["flyctl", "storage", "create", "--name", "{name}", "--org", "{org}", "--yes"])],
                   destroy: [Step(argv: ["flyctl", "storage", "destroy", "{name}", "--yes"])]),
            Recipe(type: "access-key", summary: "deploy token for an app", params: [ParameterSpec("app", "the app", required: true)],
                   apply: [Step(argv: ["flyctl", "tokens", "create", "deploy", "--app", "{app}", "--json"], secrets: [("token", ".token")])],
                   // `tokens create --json` prints the token but not its id, which `tokens revoke` needs.
                   destroy: [], undoByHand: "the deploy token of {app} stays valid until revoked: "
                       + "find its id with 'flyctl tokens list --app {app}', then run 'flyctl tokens revoke <id>'"),
        ], tool: tool)
    }

    static func azure(_ tool: Tool) -> CloudCLIProvider {
        let group = ParameterSpec("resource_group", "resource group", required: true)
        let location = ParameterSpec("location", "location", default: "eastus")
        // `--option=value` throughout: az's parser (argparse) would read a value starting with '-' as an option.
        return CloudCLIProvider(name: "azure", cli: "az", install: "pip install azure-cli (or https://learn.microsoft.com/cli/azure/install-azure-cli)", recipes: [
            Recipe(type: "postgres", summary: "Azure Database for PostgreSQL flexible server and database",
                   params: [group, location, ParameterSpec("sku", "SKU", default: "Standard_B1ms"), ParameterSpec("tier", "tier", default: "Burstable"),
                            ParameterSpec("version", "version", default: "16"), ParameterSpec("database", "database", default: "app"),
                            ParameterSpec("user", "admin user", default: "app"), password],
                   apply: [Step(argv: ["az", "postgres", "flexible-server", "create", "--name={name}", "--resource-group={resource_group}",
                                       "--location={location}", "--admin-user={user}", "--admin-password={password}", "--tier={tier}",
                                       "--sku-name={sku}", "--version={version}", "--yes", "--output=json"], outputs: [("host", ".host")]),
                           // az 2.91 names the database with --name (-n); --database-name is refused (postgresql/_params.py, "db create").
                           Step(argv: ["az", "postgres", "flexible-server", "db", "create", "--resource-group={resource_group}", "--server-name={name}",
                                       "--name={database}"])],
                   destroy: [Step(argv: ["az", "postgres", "flexible-server", "delete", "--name={name}", "--resource-group={resource_group}", "--yes"])]),
            Recipe(type: "redis", summary: "Azure Cache for Redis",
                   params: [group, location, ParameterSpec("sku", "SKU", default: "Basic"), ParameterSpec("vm_size", "size", default: "c0")],
                   apply: [Step(argv: ["az", "redis", "create", "--name={name}", "--resource-group={resource_group}", "--location={location}",
                                       "--sku={sku}", "--vm-size={vm_size}", "--output=json"], outputs: [("host", ".hostName"), ("port", ".sslPort")])],
                   destroy: [Step(argv: ["az", "redis", "delete", "--name={name}", "--resource-group={resource_group}", "--yes"])]),
            Recipe(type: "bucket", summary: "Blob container in a storage account",
                   params: [group, location, ParameterSpec("account", "storage account", required: true)],
                   apply: [Step(argv: ["az", "storage", "account", "create", "--name={account}", "--resource-group={resource_group}",
                                       "--location={location}", "--sku=Standard_LRS", "--output=json"]),
                           Step(argv: ["az", "storage", "container", "create", "--name={name}", "--account-name={account}", "--auth-mode=login"])],
                   // The reverse of the apply: the container, then the storage account, unless another live bucket or
                   // access key in the log names the same account (ws cannot know whether it existed before the apply).
                   destroy: [Step(argv: ["az", "storage", "container", "delete", "--name={name}", "--account-name={account}", "--auth-mode=login"]),
                             Step(argv: ["az", "storage", "account", "delete", "--name={account}",
                                         "--resource-group={resource_group}", "--yes"], keptWhileShared: "account")]),
            Recipe(type: "access-key", summary: "a storage account access key",
                   params: [group, ParameterSpec("account", "storage account", required: true)],
                   apply: [Step(argv: ["az", "storage", "account", "keys", "list", "--account-name={account}", "--resource-group={resource_group}",
                                       "--output=json"], outputs: [("key_name", "[0].keyName")], secrets: [("key", "[0].value")])],
                   // The key handed out is made worthless by regenerating it; the new keys are not printed (--output=none).
                   destroy: [Step(argv: ["az", "storage", "account", "keys", "renew", "--account-name={account}", "--resource-group={resource_group}",
                                         "--key={key_name}", "--output=none"])]),
        ], tool: tool)
    }
}
