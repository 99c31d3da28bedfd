import Foundation
import Spawning

/// The team's remote of `ws serve --push`, reached with git's own command line. libgit2 fetches and pushes too, but
/// knows none of what a team's clone already has for its remote: credential helpers, `~/.ssh/config`, `insteadOf`
/// rules, proxies. Everything else ws writes to git goes through libgit2 (`Repository`).
public struct GitRemote: Sendable {
    public let name: String
    let workTree: URL
    let git: String
    /// A fetch or push that takes longer is killed (its whole process group) and the round fails: a remote that
    /// hangs must not hold the server's publishing for good.
    static let timeout = 120.0

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// What a merge of the remote's branch left.
    public enum MergeOutcome: Equatable, Sendable {
        case upToDate
        case merged
        /// Stopped on conflicts in these paths (the merge is still under way).
        case conflicted([String])
    }

    /// A remote configured in this clone (`git remote add`): a name only, never a URL, so what is pushed where is
    /// what `git remote -v` shows.
    public init(name: String, workTree: URL) throws {
        guard !name.isEmpty, !name.hasPrefix("-"), name.utf8.count <= 200,
              name.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F }) else {
            throw Failure(description: "'\(name.prefix(60))' is not a remote's name (see 'git remote -v')")
        }
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/git" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let path else { throw Failure(description: "git is not on PATH: 'ws serve --push' pushes with it") }
        (self.name, self.workTree, self.git, secrets) = (name, workTree, path, [])
        guard let url = try? run(["remote", "get-url", "--", name]), url.code == 0 else {
            throw Failure(description: "this clone has no remote named '\(name)' (see 'git remote -v'; "
                          + "'git remote add \(name) <url>' adds one)")
        }
        secrets = Self.credentials(in: url.output.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The password of the remote's URL (and its percent-decoded form), masked wherever git's messages repeat it: a
    /// remote may echo it back in its own text (red team).
    private(set) var secrets: [String]

    static func credentials(in url: String) -> [String] {
        guard let scheme = url.range(of: "://") else { return [] }
        let authority = url[scheme.upperBound...].prefix { $0 != "/" }
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else { return [] }
        let password = String(authority[authority.index(after: colon)..<at])
        guard password.count >= 3 else { return [] }
        return [password, password.removingPercentEncoding].compactMap { $0 }
    }

    /// The remote's commit of `branch`, fetched into `refs/remotes/<remote>/<branch>`; nil when it has no such branch.
    public func fetch(branch: String) throws -> String? {
        let listed = try run(["ls-remote", "--exit-code", "--", name, "refs/heads/\(branch)"])
        if listed.code == 2 { return nil }
        try listed.require("list the branches of '\(name)'")
        let tracking = "refs/remotes/\(name)/\(branch)"
        try run(["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--", name,
                 "+refs/heads/\(branch):\(tracking)"]).require("fetch '\(branch)' from '\(name)'")
        let id = try run(["rev-parse", "--verify", "--quiet", "\(tracking)^{commit}"])
        try id.require("read the fetched '\(tracking)'")
        return id.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Merges `commit` into the checked-out branch unless HEAD already holds it; a merge commit names `identity` (git
    /// refuses to commit in a clone without one, and ws's own commits never fail for that).
    public func merge(_ commit: String, as identity: CommitIdentity) throws -> MergeOutcome {
        if try run(["merge-base", "--is-ancestor", commit, "HEAD"]).code == 0 { return .upToDate }
        let merged = try run(["merge", "--no-edit", "--quiet", "--no-stat", commit], as: identity)
        if merged.code == 0 { return .merged }
        let unmerged = try run(["diff", "--name-only", "--diff-filter=U", "-z"])
        try unmerged.require("list the paths the merge left in conflict")
        let paths = unmerged.output.split(separator: "\0").map(String.init)
        guard !paths.isEmpty else { throw Failure(description: "could not merge \(name)'s commit: \(merged.problem)") }
        return .conflicted(paths)
    }

    /// Ends a merge under way with the commit git prepared (after ws staged its files as resolved).
    public func concludeMerge(as identity: CommitIdentity) throws {
        try run(["commit", "--no-edit", "--quiet"], as: identity).require("conclude the merge")
    }

    /// Gives up a merge under way, leaving HEAD and the work tree as they were before it.
    public func abortMerge() throws { try run(["merge", "--abort"]).require("abort the merge") }

    /// Pushes HEAD to `branch`; false when the remote refused it as not a fast-forward (someone pushed first).
    public func push(branch: String) throws -> Bool {
        let pushed = try run(["push", "--quiet", "--porcelain", "--", name, "HEAD:refs/heads/\(branch)"])
        if pushed.code == 0 { return true }
        // --porcelain: "!\tHEAD:refs/heads/main\t[rejected] (fetch first)" when the branch moved since the fetch.
        if pushed.output.contains("\t[rejected]") { return false }
        throw Failure(description: "could not push to '\(name)': \(pushed.problem)")
    }

    /// `text` without the user and password of any URL in it (`https://user:token@host/` -> `https://…@host/`): git
    /// names the remote's URL in its errors, and the server's log is no place for a credential.
    func redacted(_ text: String) -> String {
        secrets.reduce(text.replacingOccurrences(of: #"://[^/@\s]+@"#, with: "://…@", options: .regularExpression)) {
            $0.replacingOccurrences(of: $1, with: "…")
        }
    }

    /// One git command's exit code, standard output and the tail of its standard error.
    struct Run {
        var code: Int32
        var output: String
        var problem: String

        func require(_ what: String) throws {
            guard code == 0 else { throw Failure(description: "could not \(what): \(problem)") }
        }
    }

    /// Runs git in this work tree, never asking for a password (a prompt would hang the server), in the C locale (the
    /// output read above), and without ws's own settings (the store's URL may carry a password).
    @discardableResult
    func run(_ arguments: [String], as identity: CommitIdentity? = nil) throws -> Run {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("WS_") && !$0.key.hasPrefix("PG") }
        if let identity {
            for role in ["AUTHOR", "COMMITTER"] {
                environment["GIT_\(role)_NAME"] = identity.name
                environment["GIT_\(role)_EMAIL"] = identity.email
            }
        }
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_MERGE_AUTOEDIT"] = "no"
        environment["LC_ALL"] = "C"
        var output: [UInt8] = []
        let outcome: ChildProcess.Outcome
        do {
            outcome = try ChildProcess.run(git, arguments: ["-C", workTree.path] + arguments, environment: environment,
                                           stdin: [], timeout: Self.timeout) { output += $0 }
        } catch {
            throw Failure(description: "could not run git: \(error)")
        }
        let problem = redacted(outcome.stderrTail.split(separator: "\n").suffix(3).joined(separator: " "))
        switch outcome.ending {
        case .exited(let code): return Run(code: code, output: String(decoding: output, as: UTF8.self), problem: problem)
        case .signalled(let signal):
            throw Failure(description: "git \(arguments.first ?? "") ended by signal \(signal): \(problem)")
        case .timedOut:
            throw Failure(description: "git \(arguments.first ?? "") took more than \(Int(Self.timeout)) s and was stopped")
        }
    }
}
