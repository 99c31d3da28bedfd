import Foundation

/// A `postgres://user:password@host:port/database` URL, parsed once. The
/// password is kept for connecting and never shown: `redacted` is the only
/// form that reaches a message.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String

    /// The URL with its password replaced by `***`, for messages.
    public var redacted: String {
        let secret = password == nil ? "" : ":***"
        return "postgres://\(user)\(secret)@\(host):\(port)/\(database)"
    }

    public var description: String { redacted }

    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public init(host: String, port: Int = 5432, user: String, password: String?, database: String) {
        self.host = host; self.port = port; self.user = user; self.password = password; self.database = database
    }

    /// Parses `text`; every problem is a `PostgresStoreError.invalidURL` that names the part at fault.
    public init(parsing text: String) throws {
        let shown = Self.redact(text)
        guard Self.isPostgres(text) else {
            throw PostgresStoreError.invalidURL(shown, reason: "it must start with postgres:// or postgresql://")
        }
        guard let parts = URLComponents(string: text) else {
            throw PostgresStoreError.invalidURL(shown, reason: "it is not a well-formed URL (percent-encode special characters in the password)")
        }
        guard let host = parts.host, !host.isEmpty else {
            throw PostgresStoreError.invalidURL(shown, reason: "it names no host")
        }
        guard let user = parts.percentEncodedUser.flatMap({ $0.removingPercentEncoding }), !user.isEmpty else {
            throw PostgresStoreError.invalidURL(shown, reason: "it names no user (postgres://user@host/db)")
        }
        let database = String(parts.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw PostgresStoreError.invalidURL(shown, reason: "it names no database (postgres://user@host/db)")
        }
        if let port = parts.port, !(1...65535).contains(port) {
            throw PostgresStoreError.invalidURL(shown, reason: "port \(port) is out of range")
        }
        for item in parts.queryItems ?? [] where !(item.name == "sslmode" && item.value == "disable") {
            throw PostgresStoreError.invalidURL(shown, reason: "option '\(item.name)' is not supported (only sslmode=disable; use a TLS tunnel for remote servers)")
        }
        self.init(host: host, port: parts.port ?? 5432, user: user,
                  password: parts.percentEncodedPassword.flatMap { $0.removingPercentEncoding }, database: database)
    }

    /// Hides the password of any URL-like text, even one that does not parse.
    public static func redact(_ url: String) -> String {
        // Every URL in the text, not only the first: a WS_STORE pasted with a newline held two (red team).
        var (out, rest) = ("", Substring(url))
        while let scheme = rest.range(of: "://") {
            out += rest[..<scheme.upperBound]
            let after = rest[scheme.upperBound...]
            // The user information ends at the last '@' before the path (or the end of this URL).
            let end = after.firstIndex { $0 == "/" || $0.isWhitespace } ?? after.endIndex
            let authority = after[..<end]
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                out += authority[..<colon] + ":***" + authority[at...]
            } else {
                out += authority
            }
            rest = after[end...]
        }
        return out + rest
    }
}
