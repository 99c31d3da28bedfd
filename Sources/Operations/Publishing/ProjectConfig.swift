import Foundation
import WorkstreamKit

/// `.ws/config.json`, committed with the repository. Every key is optional.
public struct ProjectConfig {
    /// Commit documents at `complete` and `cancel` (default true; `--no-commit` skips one).
    public var autoCommit = true
    /// The author e-mail of ws commits; `{agent}` becomes the agent's name.
    var authorEmail = "{agent}@ws-agents.invalid"
    /// `sqlite` (the repository's log) or a `postgres://` URL.
    var store: String?
    /// How long a lease runs after the holder's latest event on its workstream, in minutes (`leaseMinutes`).
    var leaseMinutes = 120
    /// How long one check may run before it is stopped and counted as failed, in seconds (`checkTimeoutSeconds`).
    var checkTimeoutSeconds = 300

    static func load(workTree: URL) throws -> ProjectConfig {
        let url = workTree.appendingPathComponent(".ws/config.json")
        // Committed by anyone: never read through a symlink or from a FIFO (see `OwnedFile`). Something other
        // than a regular file there is refused, not taken as "no settings": a symlinked config naming a
        // PostgreSQL store would otherwise send this clone's events to its own SQLite log without a word.
        let data: Data
        switch OwnedFile.read(".ws/config.json", in: workTree, limit: 1 << 20) {
        case .absent: return ProjectConfig()
        case .refused(let reason):
            throw CLIError(code: ExitCodes.error, message: "\(reason). ws takes its settings only from a regular "
                           + "file: replace it with one, or remove it to use the defaults.")
        case .read(let bytes): data = bytes
        }
        guard let parsed = try? JSONParser.parse(bytes: Array(data)), case .object(let object) = parsed else {
            throw CLIError(code: ExitCodes.error, message: "\(url.path) is not a JSON object; fix it or remove it to use the defaults.")
        }
        var config = ProjectConfig()
        if let v = object["autoCommit"] {
            guard let b = v.bool else { throw CLIError(code: ExitCodes.error, message: "\(url.path): autoCommit must be true or false.") }
            config.autoCommit = b
        }
        if let v = object["authorEmail"] {
            guard let s = v.string, s.contains("@"), !s.contains(where: { "<>\n\r".contains($0) }) else { throw CLIError(code: ExitCodes.error, message: "\(url.path): authorEmail must be an e-mail address (may contain {agent}).") }
            config.authorEmail = s
        }
        if let v = object["store"]?.string, v != "sqlite" { config.store = v }
        if let v = object["leaseMinutes"] {
            guard let n = v.int.flatMap({ Int(exactly: $0) }), Limits.leaseMinutes.contains(n) else {
                throw CLIError(code: ExitCodes.error, message: "\(url.path): leaseMinutes must be a whole number of minutes from 1 to 43200 (30 days).")
            }
            config.leaseMinutes = n
        }
        if let v = object["checkTimeoutSeconds"] {
            guard let n = v.int.flatMap({ Int(exactly: $0) }), (1...86_400).contains(n) else {
                throw CLIError(code: ExitCodes.error, message: "\(url.path): checkTimeoutSeconds must be a whole number of seconds from 1 to 86400.")
            }
            config.checkTimeoutSeconds = n
        }
        return config
    }

    public func email(for agent: String) -> String {
        let safe = String(agent.lowercased().map { $0.isLetter || $0.isNumber || "._-+".contains($0) ? $0 : "-" })
        return authorEmail.replacingOccurrences(of: "{agent}", with: safe.isEmpty ? "agent" : safe)
    }
}
