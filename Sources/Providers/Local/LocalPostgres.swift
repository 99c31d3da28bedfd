import Foundation

/// One local PostgreSQL cluster. initdb refuses to run as root, so when ws
/// runs as root the cluster belongs to the `postgres` system user and its
/// server tools run through `runuser`. Only TCP on 127.0.0.1 is used: a
/// Unix socket path under a deep work tree would exceed the 107-byte limit.
struct LocalPostgres {
    let directory: URL
    let database: String
    let user: String
    let password: String?
    let tool: Tool
    let progress: (String) -> Void
    let asUser: String?

    var data: URL { directory.appendingPathComponent("data") }
    var stateFile: URL { directory.appendingPathComponent("cluster.json") }
    var superSecretFile: URL { directory.appendingPathComponent("superuser.secret") }

    init(directory: URL, name: String, params: [String: String], tool: Tool, progress: @escaping (String) -> Void) throws(ProviderFailure) {
        self.directory = directory; self.tool = tool; self.progress = progress
        let database = params["database"] ?? name.lowercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: ".", with: "_")
        let user = params["user"] ?? database
        for (what, value) in [("database", database), ("user", user)] {
            guard let first = value.unicodeScalars.first, CharacterSet.lowercaseLetters.contains(first) || first == "_",
                  value.unicodeScalars.allSatisfy({ CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789_").contains($0) }),
                  value.count <= 63 else {
                throw ProviderFailure("local postgres: '\(value)' is not a valid \(what) name: use lower-case letters, digits and '_'")
            }
        }
        self.database = database; self.user = user; self.password = params["password"]
        asUser = geteuid() == 0 ? "postgres" : nil
    }

    func bin(_ name: String) throws(ProviderFailure) -> String {
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .compactMap(Int.init).sorted(by: >).map { "/usr/lib/postgresql/\($0)/bin" }
        let extra = (tool.environment["WS_PG_BIN"].map { [$0] } ?? []) + versions
        guard let path = tool.find(name, extraDirectories: extra) else {
            throw ProviderFailure("local postgres needs '\(name)' from PostgreSQL's server package (Debian: apt install postgresql); it is not installed")
        }
        return path
    }

    /// initdb and pg_ctl, as the cluster's owner.
    func server(_ name: String, _ args: [String], keepServers: Bool = false) throws(ProviderFailure) -> Tool.Result {
        let exe = try bin(name)
        guard let owner = asUser else { return try tool.run(exe, args, keepServers: keepServers, what: name) }
        return try tool.run("/usr/sbin/runuser", ["-u", owner, "--", exe] + args, keepServers: keepServers, what: name)
    }

    struct State: Codable { var port: Int; var database: String; var user: String }

    func readState() -> State? {
        (try? Data(contentsOf: stateFile)).flatMap { try? JSONDecoder().decode(State.self, from: $0) }
    }

    func outputs(_ s: State) -> [String: String] {
        ["url": "postgresql://\(s.user)@127.0.0.1:\(s.port)/\(s.database)", "host": "127.0.0.1", "port": String(s.port),
         "database": s.database, "user": s.user, "data_dir": data.path]
    }

    func commands(port: String) -> [String] {
        let d = ShellQuote.quote(data.path)
        return [
            "initdb -D \(d) -U postgres --auth=scram-sha-256 --pwfile=<superuser password file> -E UTF8 --locale=C",
            "pg_ctl -D \(d) -l \(ShellQuote.quote(directory.appendingPathComponent("server.log").path)) -o \"-c listen_addresses=127.0.0.1 -c port=\(port) -c unix_socket_directories=''\" -w start",
            "psql -h 127.0.0.1 -p \(port) -U postgres -c \"CREATE ROLE \(user) LOGIN PASSWORD '<password>'\"",
            "psql -h 127.0.0.1 -p \(port) -U postgres -c \"CREATE DATABASE \(database) OWNER \(user)\"",
        ]
    }

    func running() -> Bool {
        guard FileManager.default.fileExists(atPath: data.appendingPathComponent("PG_VERSION").path),
              let r = try? server("pg_ctl", ["-D", data.path, "status"]) else { return false }
        return r.status == 0
    }

    func describe() throws(ProviderFailure) -> ProviderResult {
        guard let s = readState(), running() else { return ProviderResult(exists: false) }
        var r = ProviderResult(outputs: outputs(s), exists: true)
        if let password { r.secrets = ["password": password] }
        return r
    }
}
