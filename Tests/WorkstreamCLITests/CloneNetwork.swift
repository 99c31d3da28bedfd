import Foundation
import TestSupport
import Testing

/// A bare origin and clones of it, each a separate repository with its own ws log (or one shared
/// PostgreSQL store), driven by real `git` and `ws` processes. Every command is kept in a
/// transcript; on failure the folder is kept and the transcript written beside the clones, so a
/// run can be read command by command. Start one with `CloneNetwork.planned`.
final class CloneNetwork {
    let root: URL
    let origin: URL
    let seed: UInt64
    /// The shared PostgreSQL store (WS_STORE) every ws call of every clone uses; nil for each clone's own SQLite log.
    let store: String?
    private(set) var clones: [URL] = []
    /// Environment of every git and ws call (ws calls add WS_STORE and the caller's extras).
    var environment: [String: String]
    private(set) var transcript: [String] = []
    private(set) var failed = false
    /// Commands run one at a time, so a refusal that only a concurrent writer explains is a bug.
    var sequential = true
    static let raceMessages = ["changed while this command ran", "already stored with different content"]

    init(seed: UInt64, store: String? = nil) throws {
        self.seed = seed
        self.store = store
        root = FileManager.default.temporaryDirectory.appendingPathComponent("ws-net-\(UUID().uuidString.prefix(8))")
        origin = root.appendingPathComponent("origin.git")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        var env = ProcessInfo.processInfo.environment
        for key in ["WS_STORE", "WS_NOW", "WS_TEST_CRASH", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"] { env.removeValue(forKey: key) }
        env["WS_AGENT"] = "tester"
        environment = env
        try Self.requireTools()
        try mustGit(root, "init", "-q", "--bare", "-b", "main", origin.path)
    }

    deinit {
        if failed { try? Data(transcriptText.utf8).write(to: root.appendingPathComponent("transcript.sh")) }
        else { try? FileManager.default.removeItem(at: root) }
    }

    /// A missing tool is a failure that says how to install it, never a skip.
    static func requireTools() throws {
        let probe = try? Spawn.run(["/usr/bin/env", "git", "--version"], cwd: URL(fileURLWithPath: "/"), env: ProcessInfo.processInfo.environment)
        guard let probe, probe.code == 0 else {
            throw NetworkFailure(description: "git is not installed: run scripts/install-deps.sh (or apt-get install git)")
        }
        guard FileManager.default.isExecutableFile(atPath: Sandbox.binary.path) else {
            throw NetworkFailure(description: "no ws binary at \(Sandbox.binary.path): run 'swift build' first (or set WS_BIN)")
        }
    }

    // MARK: Clones

    /// Clones origin as the next clone (A, B, C…) with its own git identity.
    @discardableResult
    func addClone() throws -> URL {
        let name = String(UnicodeScalar(UInt8(65 + clones.count)))
        let clone = root.appendingPathComponent(name)
        try mustGit(root, "clone", "-q", origin.path, clone.path)
        try mustGit(clone, "config", "user.name", "person-\(name.lowercased())")
        try mustGit(clone, "config", "user.email", "person-\(name.lowercased())@example.com")
        clones.append(clone)
        return clone
    }

    /// `count` clones of an origin whose first commit holds `plan` applied by ws in clone A;
    /// every other clone has run `ws status` once (building its log from the journal).
    static func planned(seed: UInt64, store: String? = nil, count: Int = 3, plan: String) throws -> CloneNetwork {
        let net = try CloneNetwork(seed: seed, store: store)
        let a = try net.addClone()
        try Data(plan.utf8).write(to: a.appendingPathComponent("plan.yaml"))
        try net.ws(a, "init", allowed: [0])
        try net.ws(a, "plan", "apply", "plan.yaml", allowed: [0])
        try net.ws(a, "commit", allowed: [0])
        try net.mustGit(a, "add", "-A")
        if try net.git(a, "diff", "--cached", "--quiet").code != 0 { try net.mustGit(a, "commit", "-q", "-m", "plan") }
        guard try net.push(a) else { throw net.fail("the first push from A was rejected") }
        for _ in 1..<count {
            let c = try net.addClone()
            try net.read(c, "status")
        }
        return net
    }

    func name(_ clone: URL) -> String { clone.lastPathComponent }

    // MARK: Running git and ws

    /// Runs git in `clone`; the caller judges the exit code.
    @discardableResult
    func git(_ clone: URL, _ args: String...) throws -> Sandbox.Result { try git(clone, args) }

    @discardableResult
    func git(_ clone: URL, _ args: [String]) throws -> Sandbox.Result {
        let r = try Spawn.run(["/usr/bin/env", "git"] + args, cwd: clone, env: environment)
        note(clone, "git", args, [:], r.code)
        return r
    }

    /// Runs git in `clone` and fails the run on a non-zero exit; returns stdout without its last newline.
    @discardableResult
    func mustGit(_ clone: URL, _ args: String...) throws -> String {
        let r = try git(clone, args)
        guard r.code == 0 else { throw fail("git \(args.joined(separator: " ")) in \(name(clone)) exited \(r.code):\n\(r.stdout)\(r.stderr)") }
        return r.stdout.hasSuffix("\n") ? String(r.stdout.dropLast()) : r.stdout
    }

    /// Runs ws in `clone`. An exit outside `allowed` (by default ok, refused, not found) fails the run.
    @discardableResult
    func ws(_ clone: URL, _ args: String..., env extra: [String: String] = [:], stdin: String? = nil,
            allowed: Set<Int32> = [0, 3, 4]) throws -> Sandbox.Result {
        try ws(clone, args, env: extra, stdin: stdin, allowed: allowed)
    }

    @discardableResult
    func ws(_ clone: URL, _ args: [String], env extra: [String: String] = [:], stdin: String? = nil,
            allowed: Set<Int32> = [0, 3, 4]) throws -> Sandbox.Result {
        var env = environment.merging(extra) { $1 }
        if let store { env["WS_STORE"] = store }
        let r = try Spawn.run([Sandbox.binary.path] + args, cwd: clone, env: env, stdin: stdin)
        note(clone, "ws", args, extra, r.code)
        if sequential, r.code == 3, let lost = Self.raceMessages.first(where: r.stderr.contains) {
            throw fail("ws \(args.joined(separator: " ")) in \(name(clone)) was refused with '\(lost)' although no other command ran:\n\(r.stderr)")
        }
        guard allowed.contains(r.code) else {
            throw fail("ws \(args.joined(separator: " ")) in \(name(clone)) exited \(r.code) (allowed: \(allowed.sorted())):\nstderr: \(r.stderr)\nstdout: \(r.stdout.prefix(2000))")
        }
        return r
    }

    /// A read-only ws command: it must neither commit nor move HEAD.
    @discardableResult
    func read(_ clone: URL, _ args: String..., allowed: Set<Int32> = [0, 3, 4]) throws -> Sandbox.Result {
        try read(clone, args, allowed: allowed)
    }

    @discardableResult
    func read(_ clone: URL, _ args: [String], allowed: Set<Int32> = [0, 3, 4]) throws -> Sandbox.Result {
        let before = try head(clone)
        let r = try ws(clone, args, allowed: allowed)
        let after = try head(clone)
        guard before == after else { throw fail("read-only 'ws \(args.joined(separator: " "))' in \(name(clone)) moved HEAD from \(before) to \(after)") }
        return r
    }

    /// HEAD's commit id (not written to the transcript: it is asked around every read-only command).
    func head(_ clone: URL) throws -> String {
        let r = try Spawn.run(["/usr/bin/env", "git", "rev-parse", "HEAD"], cwd: clone, env: environment)
        guard r.code == 0 else { throw fail("git rev-parse HEAD in \(name(clone)) exited \(r.code): \(r.stderr)") }
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
    func heads() throws -> [String] { try clones.map(head) }

    // MARK: Moving commits between clones

    /// `git pull --no-rebase` (or `--rebase`) from origin. A pull that stops (a conflict in
    /// generated files or journals, above all) fails the run with git's output.
    func pull(_ clone: URL, rebase: Bool = false) throws {
        let args = rebase ? ["pull", "-q", "--rebase", "origin", "main"]
                          : ["-c", "pull.rebase=false", "pull", "-q", "--no-rebase", "--no-edit", "origin", "main"]
        let r = try git(clone, args)
        guard r.code != 0 else { return }
        let status = try git(clone, "status", "--short").stdout
        throw fail("git \(args.joined(separator: " ")) in \(name(clone)) exited \(r.code):\n\(r.stdout)\(r.stderr)\ngit status:\n\(status)")
    }

    /// Pushes HEAD to origin's main; returns false when origin has moved on (a rejected non-fast-forward).
    @discardableResult
    func push(_ clone: URL) throws -> Bool {
        let r = try git(clone, "push", "-q", "origin", "HEAD:main")
        if r.code == 0 { return true }
        if r.stderr.contains("rejected") || r.stderr.contains("non-fast-forward") || r.stderr.contains("fetch first") { return false }
        throw fail("git push in \(name(clone)) exited \(r.code):\n\(r.stderr)")
    }

    /// Rounds of pull, `ws sync`, push over every clone until a whole round moves no HEAD and
    /// every clone has the same one. Returns the number of rounds.
    @discardableResult
    func settle(maxRounds: Int = 10) throws -> Int {
        var last: [String] = []
        for round in 1...maxRounds {
            let before = try heads()
            for clone in clones {
                try pull(clone)
                try ws(clone, "sync", allowed: [0])
                try push(clone)
            }
            last = try heads()
            if last == before && Set(last).count == 1 { return round }
        }
        let lastCommits = try clones.map { clone in
            let verify = try ws(clone, ["verify"], allowed: Set(0...255))
            return "\(name(clone)): " + (try git(clone, "show", "--stat", "--format=%h %an: %s", "HEAD").stdout.prefix(1500)) + "ws verify: \(verify.stdout)\(verify.stderr)"
        }
        throw fail("the clones did not settle in \(maxRounds) rounds of pull, ws sync, push; HEADs: \(zip(clones.map(name), last).map { "\($0)=\($1.prefix(12))" })\nthe last commit of each:\n\(lastCommits.joined(separator: "\n"))")
    }

    // MARK: Failures and the transcript

    /// The seed and where to look, for every failure message.
    var context: String {
        "[seed \(seed): rerun with WS_CONVERGENCE_SEED=\(seed); clones and transcript.sh kept in \(root.path)]"
    }

    /// Marks the run failed (keeping its folder) and returns an error carrying the message, the seed and the last commands.
    func fail(_ message: String) -> NetworkFailure {
        failed = true
        try? Data(transcriptText.utf8).write(to: root.appendingPathComponent("transcript.sh"))
        let tail = transcript.suffix(25).joined(separator: "\n")
        return NetworkFailure(description: "\(message)\n\(context)\nlast commands:\n\(tail)")
    }

    /// Records an issue (the run goes on) with the seed; keeps the folder.
    func expect(_ condition: Bool, _ message: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard !condition else { return }
        failed = true
        Issue.record(Comment(rawValue: "\(message())\n\(context)"), sourceLocation: sourceLocation)
    }

    private func note(_ clone: URL, _ tool: String, _ args: [String], _ env: [String: String], _ code: Int32) {
        let prefix = env.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quote($0.value)) " }.joined()
        let dir = clone == root ? "." : Self.quote(clone.lastPathComponent)
        transcript.append("(cd \(dir) && \(prefix)\(tool) \(args.map(Self.quote).joined(separator: " "))) # exit \(code)")
    }

    var transcriptText: String {
        var head = "#!/usr/bin/env bash\n# seed \(seed)\nws() { \(Self.quote(Sandbox.binary.path)) \"$@\"; }\ncd \(Self.quote(root.path))\nexport WS_AGENT=tester\n"
        if let store { head += "export WS_STORE=\(Self.quote(store))\n" }
        return head + transcript.joined(separator: "\n") + "\n"
    }

    static func quote(_ s: String) -> String {
        s.allSatisfy({ $0.isLetter || $0.isNumber || "-_./=:,@".contains($0) }) && !s.isEmpty ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

struct NetworkFailure: Error, CustomStringConvertible { var description: String }

