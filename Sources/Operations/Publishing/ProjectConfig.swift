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
        guard let data = try? Data(contentsOf: url) else { return ProjectConfig() }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CLIError(code: ExitCodes.error, message: "\(url.path) is not a JSON object; fix it or remove it to use the defaults.")
        }
        var config = ProjectConfig()
        if let v = object["autoCommit"] {
            guard let b = v as? Bool else { throw CLIError(code: ExitCodes.error, message: "\(url.path): autoCommit must be true or false.") }
            config.autoCommit = b
        }
        if let v = object["authorEmail"] {
            guard let s = v as? String, s.contains("@"), !s.contains(where: { "<>\n\r".contains($0) }) else { throw CLIError(code: ExitCodes.error, message: "\(url.path): authorEmail must be an e-mail address (may contain {agent}).") }
            config.authorEmail = s
        }
        if let v = object["store"] as? String, v != "sqlite" { config.store = v }
        if let v = object["leaseMinutes"] {
            guard let n = v as? Int, Limits.leaseMinutes.contains(n) else {
                throw CLIError(code: ExitCodes.error, message: "\(url.path): leaseMinutes must be a whole number of minutes from 1 to 43200 (30 days).")
            }
            config.leaseMinutes = n
        }
        if let v = object["checkTimeoutSeconds"] {
            guard let n = v as? Int, (1...86_400).contains(n) else {
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

/// Where HEAD points, read from the git files directly (no process, no libgit2):
/// it only decides whether the journal needs a fresh look.
public enum GitHead {
    /// A merge of the person's is under way (MERGE_HEAD), read without libgit2.
    static func merging(location: RepositoryLocation) -> Bool {
        FileManager.default.fileExists(atPath: location.gitDir.appendingPathComponent("MERGE_HEAD").path)
    }

    /// A merge, rebase, cherry-pick or revert is under way: HEAD and the work tree are the person's work in progress.
    static func operationInProgress(location: RepositoryLocation) -> Bool {
        ["MERGE_HEAD", "rebase-merge", "rebase-apply", "CHERRY_PICK_HEAD", "REVERT_HEAD"].contains {
            FileManager.default.fileExists(atPath: location.gitDir.appendingPathComponent($0).path)
        }
    }

    static func commit(location: RepositoryLocation) -> String? {
        guard let head = try? String(contentsOf: location.gitDir.appendingPathComponent("HEAD"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines) else { return nil }
        guard head.hasPrefix("ref: ") else { return head }
        let ref = String(head.dropFirst(5))
        for dir in [location.gitDir, location.commonDir] {
            if let loose = try? String(contentsOf: dir.appendingPathComponent(ref), encoding: .utf8) {
                return loose.trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
        guard let packed = try? String(contentsOf: location.commonDir.appendingPathComponent("packed-refs"), encoding: .utf8) else { return nil }
        for line in packed.split(separator: "\n") where line.hasSuffix(" " + ref) {
            return String(line.prefix { $0 != " " })
        }
        return nil
    }
}

/// `user.name` from the repository's config, then the user's, read as text
/// (the simple `[user]` / `name = …` form git itself writes).
public enum GitUserName {
    static func read(location: RepositoryLocation, environment: [String: String]) -> String? {
        var files = [location.commonDir.appendingPathComponent("config")]
        if let home = environment["HOME"] {
            files.append(URL(fileURLWithPath: home).appendingPathComponent(".gitconfig"))
            files.append(URL(fileURLWithPath: home).appendingPathComponent(".config/git/config"))
        }
        for file in files {
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            var inUser = false
            for raw in text.split(separator: "\n") {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("[") { inUser = line.lowercased() == "[user]"; continue }
                guard inUser, let eq = line.firstIndex(of: "=") else { continue }
                if line[..<eq].trimmingCharacters(in: .whitespaces).lowercased() == "name" {
                    let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                    if !value.isEmpty { return value }
                }
            }
        }
        return nil
    }
}
