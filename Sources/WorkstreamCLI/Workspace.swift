import EventLog
import Foundation
import WorkstreamKit

/// Everything a command needs: where the repository and its log are, the
/// ledger over the log, the secret store, the clock and who is acting.
final class Workspace {
    let location: RepositoryLocation
    let ledger: Ledger
    let secrets: SecretStore
    let environment: [String: String]

    init(location: RepositoryLocation, ledger: Ledger, environment: [String: String]) {
        self.location = location
        self.ledger = ledger
        self.secrets = SecretStore(directory: location.wsDirectory)
        self.environment = environment
    }

    /// Opens the log of the repository around the current directory.
    static func open(create: Bool = false) throws -> Workspace {
        let env = ProcessInfo.processInfo.environment
        let location = try RepositoryLocation.find(from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        let path = try storePath(location: location, environment: env)
        if create {
            try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        }
        let store = try SQLiteEventStore(path: path, create: create)
        return Workspace(location: location, ledger: Ledger(store: store), environment: env)
    }

    /// The log is the repository's SQLite file unless WS_STORE names another.
    static func storePath(location: RepositoryLocation, environment: [String: String]) throws -> String {
        guard let url = environment["WS_STORE"], !url.isEmpty else { return location.logPath }
        if url.hasPrefix("sqlite://") { return String(url.dropFirst("sqlite://".count)) }
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            throw CLIError(code: ExitCodes.error, message: "WS_STORE names a PostgreSQL store; this build of ws has only the SQLite store. Unset WS_STORE to use the repository's log.")
        }
        throw CLIError(code: ExitCodes.error, message: "WS_STORE='\(redactedURL(url))' is not a store URL ws understands: use sqlite:///path/to/log.sqlite or postgres://user@host/db.")
    }

    /// Store URLs may carry a password; it never reaches an error message.
    static func redactedURL(_ url: String) -> String {
        guard let at = url.firstIndex(of: "@"), let scheme = url.range(of: "://"), scheme.upperBound < at else { return url }
        let userInfo = url[scheme.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }

    /// Now, as ISO 8601 UTC with milliseconds; WS_NOW fixes it (demos, golden files).
    var now: String {
        if let fixed = environment["WS_NOW"], !fixed.isEmpty { return fixed }
        return Clock.format(Date())
    }

    /// Who is acting: --agent, else WS_AGENT, else the login name.
    func actor(_ explicit: String?) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        for key in ["WS_AGENT", "USER", "LOGNAME"] { if let v = environment[key], !v.isEmpty { return v } }
        return "unknown"
    }

    @discardableResult
    func execute(_ command: Command, actor: String) throws -> Ledger.Outcome {
        try ledger.execute(command, actor: actor, time: now)
    }
}

enum Clock {
    static func format(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }

    /// Accepts full timestamps and plain dates (taken as the end of that day, UTC).
    static func parse(_ text: String) -> String? {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime]] {
            f.formatOptions = options
            if let d = f.date(from: text) { return format(d) }
        }
        f.formatOptions = [.withFullDate]
        if let d = f.date(from: text) { return format(d.addingTimeInterval(86_400 - 0.001)) }
        return nil
    }
}
