import Foundation
import Testing
@testable import PostgresStore

/// Databases on the throwaway server that scripts/with-postgres.sh starts.
/// Without it these tests fail with a message saying how to run them.
enum TestPostgres {
    struct MissingServer: Error, CustomStringConvertible {
        var description: String {
            "WS_TEST_POSTGRES_URL is not set: run the tests through scripts/with-postgres.sh (make test does), which starts a throwaway PostgreSQL server"
        }
    }

    static func adminURL() throws -> PostgresURL {
        guard let text = ProcessInfo.processInfo.environment["WS_TEST_POSTGRES_URL"], !text.isEmpty else { throw MissingServer() }
        return try PostgresURL(parsing: text)
    }

    /// A new, empty database; returns its URL with the password, as WS_STORE takes it.
    static func freshDatabase() throws -> String {
        let admin = try adminURL()
        let session = try PostgresSession(url: admin)
        defer { session.close() }
        let name = "ws_cli_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        try session.query("CREATE DATABASE \"\(name)\"")
        return connectionString(admin, database: name)
    }

    static func connectionString(_ url: PostgresURL, database: String, password: String? = nil) -> String {
        let secret = (password ?? url.password).map { ":" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0) } ?? ""
        return "postgres://\(url.user)\(secret)@\(url.host):\(url.port)/\(database)"
    }
}
