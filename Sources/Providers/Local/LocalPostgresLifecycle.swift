import Foundation
import Crypto
import WorkstreamKit

extension LocalPostgres {
    /// Creates (or, when it exists, starts and checks) the cluster, its user and database.
    func apply() throws(ProviderFailure) -> ProviderResult {
        guard let password else { throw ProviderFailure("local postgres: no password was given (ws generates one unless --param password=… is set)") }
        let fm = FileManager.default
        var state = readState()
        let superPassword: String
        if let s = try? String(contentsOf: superSecretFile, encoding: .utf8), fm.fileExists(atPath: data.appendingPathComponent("PG_VERSION").path) {
            superPassword = s
        } else {
            superPassword = PasswordGenerator.generate()
            try prepareDirectory()
            try initialize(superPassword: superPassword)
            state = nil
        }
        let port = state?.port ?? Self.freePort()
        guard port > 0 else { throw ProviderFailure("local postgres: no free loopback port was found") }
        if !running() {
            progress("starting PostgreSQL on 127.0.0.1:\(port)")
            let log = directory.appendingPathComponent("server.log").path
            _ = try server("pg_ctl", ["-D", data.path, "-l", log, "-w", "-t", "60", "-o",
                                      "-c listen_addresses=127.0.0.1 -c port=\(port) -c unix_socket_directories=''", "start"], keepServers: true)
        }
        progress("creating user \(user) and database \(database)")
        let literal = "'" + password.replacingOccurrences(of: "'", with: "''") + "'"
        let sql = """
            SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', '\(user)', \(literal)) WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '\(user)') \\gexec
            SELECT format('ALTER ROLE %I PASSWORD %L', '\(user)', \(literal)) \\gexec
            SELECT format('CREATE DATABASE %I OWNER %I', '\(database)', '\(user)') WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '\(database)') \\gexec

            """
        _ = try tool.run(try bin("psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", "postgres"],
                         stdin: sql, environment: ["PGPASSWORD": superPassword, "PGCONNECT_TIMEOUT": "10"], what: "psql")
        let s = State(port: port, database: database, user: user)
        do { try Data(CanonicalJSON.encode(s)).write(to: stateFile) } catch {
            throw ProviderFailure("local postgres: cannot write \(stateFile.path): \(error.localizedDescription)")
        }
        return ProviderResult(outputs: outputs(s), secrets: ["password": password], commands: commands(port: port))
    }

    func destroy() throws(ProviderFailure) -> ProviderResult {
        if running() {
            progress("stopping PostgreSQL")
            _ = try server("pg_ctl", ["-D", data.path, "-m", "fast", "-w", "stop"])
        }
        progress("removing \(directory.path)")
        do { if FileManager.default.fileExists(atPath: directory.path) { try FileManager.default.removeItem(at: directory) } } catch {
            throw ProviderFailure("local postgres: cannot remove \(directory.path): \(error.localizedDescription)")
        }
        return ProviderResult(commands: ["pg_ctl -D \(ShellQuote.quote(data.path)) -m fast stop", "rm -rf \(ShellQuote.quote(directory.path))"])
    }

    /// The folder, owned by the server's user when that is not us.
    func prepareDirectory() throws(ProviderFailure) {
        do {
            if FileManager.default.fileExists(atPath: directory.path) { try FileManager.default.removeItem(at: directory) }
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch { throw ProviderFailure("local postgres: cannot create \(directory.path): \(error.localizedDescription)") }
        guard let owner = asUser else { return }
        guard let pw = getpwnam(owner) else {
            throw ProviderFailure("local postgres: initdb refuses to run as root, and there is no '\(owner)' system user to run it as. Run ws as an ordinary user, or install Debian's postgresql package, which creates that user.")
        }
        guard chown(directory.path, pw.pointee.pw_uid, pw.pointee.pw_gid) == 0 else {
            throw ProviderFailure("local postgres: cannot hand \(directory.path) to the '\(owner)' user")
        }
        // Every folder above must let that user through, or initdb fails with a puzzling message.
        let probe = try tool.run("/usr/sbin/runuser", ["-u", owner, "--", "test", "-w", directory.path], check: false, what: "runuser")
        guard probe.status == 0 else {
            throw ProviderFailure("local postgres: ws runs as root, so the cluster runs as the '\(owner)' user, who cannot reach \(directory.path) (a parent folder is closed to others). Run ws as an ordinary user, or keep the repository where '\(owner)' can reach it.")
        }
    }

    func initialize(superPassword: String) throws(ProviderFailure) {
        progress("initdb \(data.path)")
        let pwfile = directory.appendingPathComponent("pwfile")
        do {
            try Data((superPassword + "\n").utf8).write(to: pwfile)
            chmod(pwfile.path, 0o600)
            if let owner = asUser, let pw = getpwnam(owner) { chown(pwfile.path, pw.pointee.pw_uid, pw.pointee.pw_gid) }
        } catch { throw ProviderFailure("local postgres: cannot write \(pwfile.path)") }
        defer { try? FileManager.default.removeItem(at: pwfile) }
        _ = try server("initdb", ["-D", data.path, "-U", "postgres", "--auth=scram-sha-256", "--pwfile=\(pwfile.path)", "-E", "UTF8", "--locale=C"])
        let fd = open(superSecretFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw ProviderFailure("local postgres: cannot write \(superSecretFile.path)") }
        _ = superPassword.withCString { write(fd, $0, strlen($0)) }
        close(fd)
    }

    /// A port nobody listens on now: the kernel picks one for a socket bound to port 0.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        return bound ? Int(UInt16(bigEndian: addr.sin_port)) : 0
    }
}
