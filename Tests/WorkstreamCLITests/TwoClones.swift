import Foundation
import Testing

/// One checkout of a repository: ws and git run in it as a person would run them.
struct WorkCopy {
    let dir: URL
    var env: [String: String] = WorkCopy.environment

    static let environment: [String: String] = {
        var env = ProcessInfo.processInfo.environment
        for key in ["WS_STORE", "WS_NOW", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"] { env.removeValue(forKey: key) }
        env["WS_AGENT"] = "tester"
        env["GIT_TERMINAL_PROMPT"] = "0"
        env["GIT_EDITOR"] = "true"
        return env
    }()

    @discardableResult func ws(_ args: String...) throws -> Sandbox.Result { try ws(args) }
    @discardableResult func ws(_ args: [String]) throws -> Sandbox.Result {
        try Sandbox.run([Sandbox.binary.path] + args, cwd: dir, env: env)
    }
    @discardableResult func git(_ args: String...) throws -> Sandbox.Result {
        try Sandbox.run(["/usr/bin/env", "git"] + args, cwd: dir, env: env)
    }

    /// `ws <args> --json`, which must succeed, parsed.
    func json(_ args: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> Any {
        let r = try ws(args + ["--json"])
        #expect(r.code == 0, "ws \(args.joined(separator: " ")) --json: exit \(r.code): \(r.stderr)", sourceLocation: sourceLocation)
        return try WorkstreamCLITests.json(r.stdout)
    }

    func objects(_ args: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        let r = try ws(args + ["--json"])
        #expect(r.code == 0, "ws \(args.joined(separator: " ")) --json: exit \(r.code): \(r.stderr)", sourceLocation: sourceLocation)
        return try #require(try WorkstreamCLITests.json(r.stdout) as? [[String: Any]], "\(args): \(r.stdout)", sourceLocation: sourceLocation)
    }

    func head() throws -> String { try git("rev-parse", "HEAD").check().stdout.trimmingCharacters(in: .whitespacesAndNewlines) }

    func commitCount() throws -> Int { Int(try git("rev-list", "--count", "HEAD").check().stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1 }

    /// Every `ws export` line, parsed.
    func exported() throws -> [[String: Any]] {
        let r = try ws("export").check()
        return try r.stdout.split(separator: "\n").map { try #require(try WorkstreamCLITests.json(String($0)) as? [String: Any]) }
    }

    func eventIds() throws -> Set<String> { Set(try exported().compactMap { $0["eventId"] as? String }) }

    /// One workstream's `status --json` row.
    func row(_ id: String) throws -> [String: Any] {
        try #require(try objects("status").first { $0["id"] as? String == id }, "no \(id) in status")
    }

    /// Commits what ws holds, merges origin, lets ws import and regenerate, pushes.
    func publish(sourceLocation: SourceLocation = #_sourceLocation) throws {
        try ws("commit").check(sourceLocation: sourceLocation)
        try git("-c", "pull.rebase=false", "pull", "-q", "--no-edit", "origin", "main").check(sourceLocation: sourceLocation)
        try ws("sync").check(sourceLocation: sourceLocation)
        try git("push", "-q", "origin", "main").check(sourceLocation: sourceLocation)
    }

    static func canonical(_ value: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes]) else { return "\(value)" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A temporary directory that goes away with the test.
class Scratch {
    let base: URL
    init(_ prefix: String) throws {
        base = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: base) }

    /// `git clone` of `source` into `name`, with its own git identity.
    func clone(_ source: URL, as name: String) throws -> WorkCopy {
        let copy = WorkCopy(dir: base.appendingPathComponent(name))
        try Sandbox.run(["/usr/bin/env", "git", "clone", "-q", source.path, copy.dir.path], cwd: base, env: WorkCopy.environment).check()
        try copy.git("config", "user.name", name).check()
        try copy.git("config", "user.email", "\(name)@example.com").check()
        return copy
    }
}

/// A bare origin and two clones of it: `one` ran `ws init` and the seed and pushed, `two` cloned that.
final class ClonePair {
    let scratch: Scratch
    let one: WorkCopy, two: WorkCopy
    static let seed = [["new", "W", "--title", "Work"], ["new", "H", "--title", "Hub"], ["new", "I", "--title", "Inner"]]

    init(seed extra: [[String]] = []) throws {
        let s = try Scratch("ws-pair")
        let origin = s.base.appendingPathComponent("origin.git")
        try Sandbox.run(["/usr/bin/env", "git", "init", "-q", "--bare", "-b", "main", origin.path], cwd: s.base, env: WorkCopy.environment).check()
        let first = try s.clone(origin, as: "one")
        try first.ws("init").check()
        for args in Self.seed + extra { try first.ws(args).check() }
        try first.ws("commit").check()
        try first.git("add", "-A").check()
        if try !first.git("status", "--porcelain").check().stdout.isEmpty { try first.git("commit", "-q", "-m", "ws config").check() }
        try first.git("push", "-q", "-u", "origin", "main").check()
        let second = try s.clone(origin, as: "two")
        try second.ws("status").check()
        (scratch, one, two) = (s, first, second)
    }

    /// one, two, one, two: each commits, pulls, syncs and pushes; then both are at the same commit.
    func exchange(sourceLocation: SourceLocation = #_sourceLocation) throws {
        for copy in [one, two, one, two] { try copy.publish(sourceLocation: sourceLocation) }
        #expect(try one.head() == two.head(), "the clones did not settle on one commit", sourceLocation: sourceLocation)
    }
}
