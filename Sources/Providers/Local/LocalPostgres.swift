import Foundation
import WorkstreamKit

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
        (try? Data(contentsOf: stateFile)).flatMap { try? CanonicalJSON.decode(State.self, from: $0) }
    }

    func outputs(_ s: State) -> [String: String] {
        ["url": "postgresql://\(s.user)@127.0.0.1:\(s.port)/\(s.database)", "host": "127.0.0.1", "port": String(s.port),
         "database": s.database, "user": s.user, "data_dir": data.path]
    }

    /// The commands as a script (docs/providers.md): the passwords as shell variables declared at the top, and the port
    /// too when the plan cannot know it yet. The SQL gets the user's password through a psql variable, never as text.
    func commands(port: Int?) -> [String] {
        let portWord = port.map { ShellWord.text(String($0)) } ?? .variable("PORT")
        let log = directory.appendingPathComponent("server.log").path
        let server = ShellWord([.text("-c listen_addresses=127.0.0.1 -c port=")] + portWord.parts + [.text(" -c unix_socket_directories=''")])
        let connect: [ShellWord] = ["-h", "127.0.0.1", "-p", portWord, "-U", "postgres"]
        var lines = [ShellQuote.declaration("PGPASSWORD", purpose: "the superuser password"),
                     ShellQuote.declaration("PASSWORD", purpose: "the password of user \(user)")]
        if port == nil { lines.append(ShellQuote.declaration("PORT", purpose: "a free TCP port on 127.0.0.1")) }
        lines += [
            "printf '%s\\n' \"$PGPASSWORD\" | " + ShellQuote.line(["initdb", "-D", .text(data.path), "-U", "postgres", "--auth=scram-sha-256",
                                                                   "--pwfile=/dev/stdin", "-E", "UTF8", "--locale=C"]),
            ShellQuote.line(["pg_ctl", "-D", .text(data.path), "-l", .text(log), "-o", server, "-w", "start"]),
            ShellQuote.line(["printf", "%s\\n", .text("CREATE ROLE \(user) LOGIN PASSWORD :'password'")]) + " | " +
                ShellQuote.line(["psql"] + connect + ["-v", "ON_ERROR_STOP=1", "-v", "password=" + .variable("PASSWORD")]),
            ShellQuote.line(["psql"] + connect + ["-c", .text("CREATE DATABASE \(database) OWNER \(user)")]),
        ]
        return lines
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
