import Foundation
import TestSupport
import Testing

/// The person who works beside ws in the same repository, with git's own command line: what
/// they stage and commit, and what a commit of theirs did to the files ws committed.
struct PersonAtGit {
    let s: Sandbox
    static let generated = ["Workstreams", "Handoffs", "devlog", ".ws/journal"]

    var env: [String: String] { s.environment.merging(Git.identity) { $1 } }

    /// A git command whose failure is an answer, not a test failure.
    @discardableResult
    func git(_ args: String...) throws -> Sandbox.Result { try git(args) }

    func git(_ args: [String]) throws -> Sandbox.Result {
        try Sandbox.run(["/usr/bin/env", "git"] + args, cwd: s.root, env: env)
    }

    func head() throws -> String { try git("rev-parse", "HEAD").stdout.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// `git add -A && git commit -m …`: everything in the work tree, as people do.
    func commitEverything(_ message: String) throws -> Sandbox.Result {
        let add = try git("add", "-A")
        guard add.code == 0 else { return add }
        return try git("commit", "-q", "-m", message)
    }

    /// What `commit` took from ws: journal lines it deleted, generated files it deleted, and
    /// lines it deleted from handoffs (these tests never change a handoff after its completion).
    /// Empty when it took nothing.
    func damage(of commit: String) throws -> [String] {
        var found: [String] = []
        let journal = try git("diff", "--numstat", "\(commit)~", commit, "--", ".ws/journal", "Handoffs").stdout
        for line in journal.split(separator: "\n") {
            let parts = line.split(separator: "\t")
            if parts.count == 3, parts[1] != "0" { found.append("\(parts[2]): \(parts[1]) lines deleted") }
        }
        let deleted = try git(["diff", "--name-only", "--diff-filter=D", "\(commit)~", commit, "--"] + Self.generated).stdout
        found += deleted.split(separator: "\n").map { "\($0): deleted" }
        return found
    }

    /// Generated files that `commit` changed and that a later commit (ws's, catching up) had to
    /// change again: what `commit` put there was not ws's newest version, so it was a revert.
    func reverted(by commit: String, undoneAt later: String) throws -> [String] {
        let changed = try changedFiles(from: "\(commit)~", to: commit)
        return changed.intersection(try changedFiles(from: commit, to: later)).sorted()
    }

    func changedFiles(from a: String, to b: String) throws -> Set<String> {
        Set(try git(["diff", "--name-only", a, b, "--"] + Self.generated).stdout.split(separator: "\n").map(String.init))
    }

    /// The event ids of the journal committed at `rev`.
    func journalEventIDs(at rev: String = "HEAD") throws -> Set<String> {
        let out = try git("grep", "-h", "-o", "-E", "\"eventId\":\"[0-9A-Fa-f-]+\"", rev, "--", ".ws/journal").stdout
        return Set(out.split(separator: "\n").map(String.init))
    }

    /// The event ids of the whole log, in the same form.
    func loggedEventIDs() throws -> Set<String> {
        let export = try s.ws("export").check().stdout
        return Set(export.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: #""eventId":"[0-9A-Fa-f-]+""#, options: .regularExpression) else { return nil }
            return String(line[range])
        })
    }

    /// Generated paths that differ between the index and HEAD, or the work tree and the index.
    func generatedStatus() throws -> [String] {
        try git(["status", "--porcelain", "--"] + Self.generated).stdout.split(separator: "\n").map(String.init)
    }
}

/// Many workstreams declared and started in one go, ready for `ws complete`.
func startedWorkstreams(_ s: Sandbox, prefix: String, count: Int) throws {
    let lines = (1...count).map { "  - {id: \(prefix)\($0), title: \(prefix) number \($0)}" }
    try s.write("plans/\(prefix).yaml", "workstreams:\n" + lines.joined(separator: "\n") + "\n")
    try s.ws("plan", "apply", "plans/\(prefix).yaml").check()
    for n in 1...count { try s.ws("start", "\(prefix)\(n)", "--agent", "agent-\(n % 5)").check() }
}
