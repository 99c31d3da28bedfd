import EventLog
import PostgresNIO

/// What can go wrong reaching a PostgreSQL log, in words that say what to do.
/// Every message names the server by its redacted URL: a password never
/// reaches a message.
public enum PostgresStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidURL(String, reason: String)
    case unreachable(String, detail: String)
    case authenticationFailed(String, user: String)
    /// SQLSTATE 28000: the server does not let the user in whatever the password (a role that does not exist on a
    /// server that trusts the host, a NOLOGIN role, no pg_hba.conf entry); `reason` is the server's own words.
    case loginRefused(String, user: String, reason: String)
    case databaseMissing(String, database: String)
    case permissionDenied(String, detail: String)
    case server(String, detail: String)
    /// The connection was lost after an append's commit was sent and before its answer came: the server may have
    /// committed it. Not "nothing was recorded": a caller that believed so and ran it again could record it twice.
    case outcomeUnknown(String, detail: String)
    /// SQLSTATE 55P03: a writer waited `seconds` for the log's append lock (`PostgresSession.lockWait`) and gave up.
    case lockWaitExpired(String, seconds: Int)

    public var description: String {
        switch self {
        case .invalidURL(let url, let reason):
            return "WS_STORE='\(url)' is not a PostgreSQL URL ws can use: \(reason). Write it as postgres://user:password@host:5432/database."
        case .unreachable(let url, let detail):
            return "cannot reach the PostgreSQL server of \(url) (\(detail)). Check that the server runs and that host and port are right; nothing was recorded."
        case .authenticationFailed(let url, let user):
            return "the PostgreSQL server of \(url) refused the password of user '\(user)'. Check the user and password in WS_STORE (or the repository config); nothing was recorded."
        case .loginRefused(let url, let user, let reason):
            return "the PostgreSQL server of \(url) does not let user '\(user)' in: \(reason). Check the user in "
                + "WS_STORE (or the repository config), or ask the server's administrator; nothing was recorded."
        case .databaseMissing(let url, let database):
            return "database '\(database)' does not exist on the server of \(url). Create it (createdb \(database)), then run 'ws init'."
        case .permissionDenied(let url, let detail):
            return "the PostgreSQL user of \(url) may not do this (\(detail)). Grant it the rights on the ws tables, or use the user that ran 'ws init'."
        case .server(let url, let detail):
            return "the PostgreSQL server of \(url) reported an error: \(detail)"
        case .lockWaitExpired(let url, let seconds):
            return "another writer has held the append lock of \(url) for more than \(seconds) s (a process stopped or "
                + "frozen between its read and its commit?); nothing was recorded. Try again; the holder shows in "
                + "pg_locks (locktype advisory, objid \(PostgresSchema.appendLockKey)) and pg_terminate_backend ends it. "
                + "WS_STORE_LOCK_WAIT sets the wait (seconds)."
        case .outcomeUnknown(let url, let detail):
            return "the connection to the PostgreSQL server of \(url) was lost while an append was being committed "
                + "(\(detail)): it may or may not have been recorded; look with 'ws history' before running it again."
        }
    }
}

/// The one place where a PostgreSQL failure becomes a typed error. The CLI
/// turns those into a message and an exit code; nothing here prints.
enum PostgresErrors {
    static func map(_ error: Error, url: PostgresURL) -> Error {
        if error is EventStoreError || error is PostgresStoreError { return error }
        if let e = error as? PSQLError { return map(e, url: url) }
        if let e = error as? PostgresDecodingError {
            return EventStoreError.corrupt(path: url.redacted, detail: "a stored value has an unexpected type (\(e.code))")
        }
        // NIO fails a connect before PostgresNIO wraps it (a refused port, an unknown host).
        return PostgresStoreError.unreachable(url.redacted, detail: describe(error))
    }

    private static func map(_ e: PSQLError, url: PostgresURL) -> Error {
        let shown = url.redacted
        switch e.code {
        case .connectionError, .serverClosedConnection, .uncleanShutdown, .clientClosedConnection:
            return PostgresStoreError.unreachable(shown, detail: e.underlying.map(describe) ?? "the connection closed")
        case .authMechanismRequiresPassword:
            return PostgresStoreError.authenticationFailed(shown, user: url.user)
        case .sslUnsupported, .failedToAddSSLHandler:
            return PostgresStoreError.unreachable(shown, detail: "TLS negotiation failed")
        case .server:
            break
        default:
            return PostgresStoreError.server(shown, detail: e.code.description)
        }
        let state = e.serverInfo?[.sqlState] ?? ""
        let message = e.serverInfo?[.message] ?? "unknown error"
        switch state {
        case "28P01":
            return PostgresStoreError.authenticationFailed(shown, user: url.user)
        case "28000":
            return PostgresStoreError.loginRefused(shown, user: url.user, reason: String(message.prefix(300)))
        case "3D000":
            return PostgresStoreError.databaseMissing(shown, database: url.database)
        case "42501":
            return PostgresStoreError.permissionDenied(shown, detail: message)
        case "53100":
            return EventStoreError.diskFull(path: shown)
        case "55P03":
            return PostgresStoreError.lockWaitExpired(shown, seconds: PostgresSession.lockWaitSeconds())
        case "57P01", "57P02", "57P03", "08000", "08003", "08006":
            return PostgresStoreError.unreachable(shown, detail: message)
        case "XX001", "XX002":
            return EventStoreError.corrupt(path: shown, detail: message)
        default:
            return PostgresStoreError.server(shown, detail: "\(message) (SQLSTATE \(state))")
        }
    }

    /// A short reason for a failed connection, free of anything from the URL but host and port.
    private static func describe(_ error: Error) -> String {
        let text = String(describing: error)
        if text.contains("ECONNREFUSED") || text.lowercased().contains("connection refused") { return "connection refused" }
        if text.contains("ETIMEDOUT") || text.lowercased().contains("timed out") { return "connection timed out" }
        if text.lowercased().contains("resolve") || text.contains("EAI_") { return "the host name does not resolve" }
        return text
    }
}
