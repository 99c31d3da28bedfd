import Foundation
import Testing

/// Databases on the throwaway server that scripts/with-postgres.sh starts.
/// Without it these tests fail with a message saying how to run them.
/// The CLI tests reach the server as a user would: through `psql` and URLs.
enum TestPostgres {
    struct MissingServer: Error, CustomStringConvertible {
        var description: String {
            "WS_TEST_POSTGRES_URL is not set: run the tests through scripts/with-postgres.sh (make test does), which starts a throwaway PostgreSQL server"
        }
    }

    /// The parts of a postgres:// URL the tests need.
    struct Server {
        var user: String, password: String, host: String, port: Int, database: String
        func url(database: String? = nil, password: String? = nil) -> String {
            "postgres://\(user):\(password ?? self.password)@\(host):\(port)/\(database ?? self.database)"
        }
        var urlWithoutPassword: String { "postgres://\(user)@\(host):\(port)/\(database)" }
    }

    static func server(_ text: String? = ProcessInfo.processInfo.environment["WS_TEST_POSTGRES_URL"]) throws -> Server {
        guard let text, !text.isEmpty else { throw MissingServer() }
        let parts = try #require(URLComponents(string: text))
        return Server(user: parts.user ?? "", password: parts.password ?? "", host: parts.host ?? "", port: parts.port ?? 5432,
                      database: String(parts.path.drop { $0 == "/" }))
    }

    /// A new, empty database; returns its URL with the password, as WS_STORE takes it.
    static func freshDatabase() throws -> String {
        let admin = try server()
        let name = "ws_cli_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        let r = try Sandbox.run(["/usr/bin/env", "psql", "-q", "-v", "ON_ERROR_STOP=1", admin.url(), "-c", "CREATE DATABASE \(name)"],
                                cwd: FileManager.default.temporaryDirectory, env: ProcessInfo.processInfo.environment)
        guard r.code == 0 else { throw TestFailure(description: "psql could not create a database: \(r.stderr)") }
        return admin.url(database: name)
    }

    struct TestFailure: Error, CustomStringConvertible { var description: String }
}
