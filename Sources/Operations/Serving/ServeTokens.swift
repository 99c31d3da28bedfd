import Crypto
import EventLog
import Foundation
import PostgresStore
import WorkstreamKit

/// One agent's bearer token for `ws serve`'s MCP endpoint, as kept: never the token itself.
public struct ServeToken: Equatable, Sendable {
    /// The first 12 hex digits of the token's SHA-256: what `token list` shows and `token revoke` takes.
    public var id: String
    public var agent: String
    /// SHA-256 of the token, hex.
    public var digest: String
    public var created: String
    public var revoked: String?
    /// Made with `--may-force`: calls may force (take over a live lease, complete past a refusal).
    public var mayForce = false

    public var json: JSONValue {
        .fields(["id": .string(id), "agent": .string(agent), "created": .string(created),
                 "revoked": revoked.map(JSONValue.string), "mayForce": .bool(mayForce)])
    }
}

/// The agents' bearer tokens for `/mcp` on `ws serve`: over HTTP, the agent a token names is who acts.
/// Kept only as SHA-256 digests (a token is 32 bytes from the system's generator, so there is nothing to guess and
/// a slow hash would buy nothing): on a SQLite store in `<git common dir>/ws/serve-tokens.json` (mode 0600, beside
/// the log, never committed); on a PostgreSQL store in its `serve_tokens` table, so every server on that store
/// accepts the same tokens (`PostgresTokens`). `token add` prints the token once. Every request looks the token up
/// again, so a revocation holds from the next request on, in every server.
public struct ServeTokens: Sendable {
    public let file: URL
    /// The store's table, when the store is PostgreSQL.
    let shared: PostgresTokens?
    /// The file as last parsed, for a server that looks a token up on every request.
    let parsed = TokenFileCache()
    var lockFile: URL { file.deletingLastPathComponent().appendingPathComponent("serve-tokens.lock") }
    /// A token as `token add` prints it: this prefix, then 43 characters of base64url.
    public static let prefix = "wst_"

    public init(directory: URL) { (file, shared) = (directory.appendingPathComponent("serve-tokens.json"), nil) }

    /// The tokens of `ws`'s store: its PostgreSQL table, or this clone's file.
    public init(for ws: Workspace) throws {
        file = ws.location.wsDirectory.appendingPathComponent("serve-tokens.json")
        shared = try Workspace.postgresURL(environment: ws.environment, config: ws.config).map(PostgresTokens.init)
    }

    public func add(agent: String, now: String, mayForce: Bool = false) throws -> (token: String, record: ServeToken) {
        try EventValidation.actor(agent)
        // "alice " would list as alice and act as another agent: a name is refused rather than trimmed.
        guard agent.trimmingCharacters(in: .whitespacesAndNewlines) == agent, !agent.isEmpty else {
            throw CLIError(code: ExitCodes.usage,
                           message: "an agent name has no spaces at its ends: \(Text.printable(agent, 80))")
        }
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255, using: &generator) }
        let token = Self.prefix + Self.base64url(bytes)
        let digest = Self.digest(token)
        let record = ServeToken(id: String(digest.prefix(12)), agent: agent, digest: digest, created: now, revoked: nil,
                                mayForce: mayForce)
        if let shared {
            try shared.add(SharedTokenRow(id: record.id, agent: agent, digest: digest, created: now, revoked: nil,
                                          mayForce: mayForce))
            return (token, record)
        }
        try FileLock.withLock(at: lockFile) {
            let all = try read()
            try write(all + [record])
        }
        return (token, record)
    }

    public func list() throws -> [ServeToken] { try shared.map { try $0.all().map(Self.token) } ?? read() }

    static func token(_ row: SharedTokenRow) -> ServeToken {
        ServeToken(id: row.id, agent: row.agent, digest: row.digest, created: row.created, revoked: row.revoked,
                   mayForce: row.mayForce)
    }

    /// Revokes the token whose id is `id`; revoking one already revoked changes nothing.
    public func revoke(id: String, now: String) throws -> ServeToken {
        if let shared {
            guard let row = try shared.revoke(id: id, at: now) else { throw unknown(id) }
            return Self.token(row)
        }
        return try FileLock.withLock(at: lockFile) {
            var all = try read()
            guard let at = all.firstIndex(where: { $0.id == id }) else { throw unknown(id) }
            if all[at].revoked == nil {
                all[at].revoked = now
                try write(all)
            }
            return all[at]
        }
    }

    /// The token a presented one is, when it is known and not revoked; nil for one unknown, revoked or malformed.
    public func record(presenting token: String) throws -> ServeToken? {
        guard token.hasPrefix(Self.prefix), token.utf8.count == Self.prefix.utf8.count + 43 else { return nil }
        let digest = Self.digest(token)
        if let shared {
            // Looked up by its digest's index: the digest of a guessed token says nothing about a real one.
            guard let row = try shared.find(digest: digest), row.revoked == nil else { return nil }
            return Self.token(row)
        }
        // Every digest is compared in full, in time that does not depend on where they differ.
        var found: ServeToken?
        for record in try read() where Self.constantTimeEqual(record.digest, digest) { found = record }
        guard let found, found.revoked == nil else { return nil }
        return found
    }

    static func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Compares every byte whatever the first difference, so timing tells nothing about a token.
    public static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func base64url(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    func read() throws -> [ServeToken] {
        var info = stat()
        guard stat(file.path, &info) == 0 else { return try parse() }
        let signature = TokenFileCache.Signature(info)
        if let tokens = parsed.tokens(for: signature) { return tokens }
        let tokens = try parse()
        parsed.keep(tokens, for: signature)
        return tokens
    }

    private func parse() throws -> [ServeToken] {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            if FileManager.default.fileExists(atPath: file.path) { throw damaged("cannot be read") }
            return []
        }
        guard case .object(let top)? = try? JSONParser.parse(bytes: Array(data)),
              case .array(let entries)? = top["tokens"] else { throw damaged("is not the JSON ws writes") }
        return try entries.map { entry in
            guard let fields = entry.object, let id = fields["id"]?.string, let agent = fields["agent"]?.string,
                  let digest = fields["digest"]?.string, let created = fields["created"]?.string else {
                throw damaged("holds an entry ws did not write")
            }
            return ServeToken(id: id, agent: agent, digest: digest, created: created,
                              revoked: fields["revoked"]?.string,
                              mayForce: fields["mayForce"]?.bool ?? false)
        }
    }

    private func write(_ all: [ServeToken]) throws {
        let entries = all.map { t -> JSONValue in
            .fields(["id": .string(t.id), "agent": .string(t.agent), "digest": .string(t.digest),
                     "created": .string(t.created), "revoked": t.revoked.map(JSONValue.string),
                     "mayForce": .bool(t.mayForce)])
        }
        try PrivateFile.write(Data((JSONValue.object(["tokens": .array(entries)]).canonical + "\n").utf8), to: file)
    }

    private func unknown(_ id: String) -> CLIError {
        CLIError(code: ExitCodes.notFound,
                 message: "no token has the id \(Text.printable(id, 40)); 'ws serve token list' shows them")
    }

    private func damaged(_ what: String) -> CLIError {
        CLIError(code: ExitCodes.error, message: "the token file \(file.path) \(what): no token is accepted until "
                 + "it is fixed; move it away and add the tokens again with 'ws serve token add <agent>'")
    }
}

/// The token file's entries as last parsed, with the file's identity and times when it was: `token add` and
/// `revoke` replace the file (a new inode), and an edit in place changes its size or times, so a lookup whose `stat`
/// still matches reads what the file holds. Stat comes before the read: a file replaced in between is cached under
/// the old signature and parsed again at the next lookup. At 50 tokens, parsing on every request was 4 % of a
/// loaded server's CPU (perf, the bench's 50-agent run).
final class TokenFileCache: @unchecked Sendable {
    struct Signature: Equatable {
        var device, inode, size: UInt64
        var modified, changed: timespec

        init(_ info: stat) {
            (device, inode, size) = (UInt64(info.st_dev), UInt64(info.st_ino), UInt64(info.st_size))
            (modified, changed) = (info.st_mtim, info.st_ctim)
        }

        static func == (a: Signature, b: Signature) -> Bool {
            (a.device, a.inode, a.size) == (b.device, b.inode, b.size)
                && (a.modified.tv_sec, a.modified.tv_nsec, a.changed.tv_sec, a.changed.tv_nsec)
                == (b.modified.tv_sec, b.modified.tv_nsec, b.changed.tv_sec, b.changed.tv_nsec)
        }
    }

    private let lock = NSLock()
    private var kept: (Signature, [ServeToken])?

    func tokens(for signature: Signature) -> [ServeToken]? {
        lock.withLock { kept.flatMap { $0.0 == signature ? $0.1 : nil } }
    }

    func keep(_ tokens: [ServeToken], for signature: Signature) { lock.withLock { kept = (signature, tokens) } }
}
