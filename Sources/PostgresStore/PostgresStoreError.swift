/// What can go wrong reaching a PostgreSQL log, in words that say what to do.
/// Every message names the server by its redacted URL: a password never
/// reaches a message.
public enum PostgresStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidURL(String, reason: String)
    case unreachable(String, detail: String)
    case authenticationFailed(String, user: String)
    case databaseMissing(String, database: String)
    case permissionDenied(String, detail: String)
    case server(String, detail: String)

    public var description: String {
        switch self {
        case .invalidURL(let url, let reason):
            return "WS_STORE='\(url)' is not a PostgreSQL URL ws can use: \(reason). Write it as postgres://user:password@host:5432/database."
        case .unreachable(let url, let detail):
            return "cannot reach the PostgreSQL server of \(url) (\(detail)). Check that the server runs and that host and port are right; nothing was recorded."
        case .authenticationFailed(let url, let user):
            return "the PostgreSQL server of \(url) refused the password of user '\(user)'. Check the user and password in WS_STORE (or the repository config); nothing was recorded."
        case .databaseMissing(let url, let database):
            return "database '\(database)' does not exist on the server of \(url). Create it (createdb \(database)), then run 'ws init'."
        case .permissionDenied(let url, let detail):
            return "the PostgreSQL user of \(url) may not do this (\(detail)). Grant it the rights on the ws tables, or use the user that ran 'ws init'."
        case .server(let url, let detail):
            return "the PostgreSQL server of \(url) reported an error: \(detail)"
        }
    }
}
