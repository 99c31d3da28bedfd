import Crypto
import Foundation
import WorkstreamKit

/// The approvals a person gave, on this machine, to provider executables
/// that came with the repository (`.ws/providers/ws-provider-<name>`): a file
/// that arrived with `git clone` or `git pull` runs only once someone here has
/// approved its exact contents, as direnv's `allow` does for `.envrc`.
///
/// The approvals live outside git (in the clone's git directory, beside the
/// log), so a commit can never approve itself. Each is keyed by the file's
/// absolute path — linked worktrees share the file but not their plugin
/// folders — and holds the SHA-256 of the contents approved; any other
/// contents need a new approval.
public struct ProviderTrust: Sendable {
    public static let fileName = "trusted-providers.json"
    public let file: URL
    /// What the file is, for messages: the same store keeps the approvals of check commands (`trusted-checks.json`).
    public let listName: String
    /// How to approve again, for a message about a damaged file.
    public let retrust: String

    public init(file: URL, listName: String = "the list of trusted providers",
                retrust: String = "trust the providers again with 'ws providers trust <name>'") {
        self.file = file; self.listName = listName; self.retrust = retrust
    }

    public struct Approval: Equatable, Sendable {
        public var name: String
        public var sha256: String
        public var trustedAt: String
    }

    /// The approvals by absolute path. No file means nothing is approved; a
    /// damaged one is an error (never read as "nothing approved and start
    /// over", which would hide what happened to it).
    public func approvals() throws(ProviderFailure) -> [String: Approval] {
        guard FileManager.default.fileExists(atPath: file.path) else { return [:] }
        guard let data = try? Data(contentsOf: file) else {
            throw ProviderFailure("cannot read \(file.path), \(listName): \(String(cString: strerror(errno))); nothing was run")
        }
        guard let root = try? JSONParser.parse(bytes: Array(data)), case .object(let entries)? = root["trusted"] else {
            throw ProviderFailure("\(file.path), \(listName), is damaged; remove it and \(retrust)")
        }
        var result: [String: Approval] = [:]
        for (path, value) in entries {
            guard let name = value["name"]?.string, let sha = value["sha256"]?.string else {
                throw ProviderFailure("\(file.path), \(listName), has a damaged entry for \(path); remove it and \(retrust)")
            }
            result[path] = Approval(name: name, sha256: sha, trustedAt: value["trustedAt"]?.string ?? "")
        }
        return result
    }

    /// Approves the contents with this digest for the file at `path`, replacing an earlier approval of that file.
    public func approve(name: String, path: String, sha256: String, at date: Date = Date()) throws(ProviderFailure) {
        try update { $0[path] = Approval(name: name, sha256: sha256, trustedAt: ISO8601DateFormatter().string(from: date)) }
    }

    /// Withdraws every approval of a plugin with this name; returns how many there were.
    @discardableResult
    public func revoke(name: String) throws(ProviderFailure) -> Int {
        var removed = 0
        try update { all in
            for (path, a) in all where a.name == name { all[path] = nil; removed += 1 }
        }
        return removed
    }

    /// The SHA-256 of a file's contents, read in chunks (a plugin may be a large binary).
    public static func sha256(ofFile path: String) throws(ProviderFailure) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ProviderFailure("cannot read \(path) to check it: \(String(cString: strerror(errno)))")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        } catch {
            throw ProviderFailure("cannot read \(path) to check it: \(error.localizedDescription)")
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The SHA-256 of a text (a check's command), as lowercase hex.
    public static func sha256(of text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Read, change, write back — under a lock, so two `ws providers trust` at once both count.
    func update(_ change: (inout [String: Approval]) -> Void) throws(ProviderFailure) {
        let dir = file.deletingLastPathComponent()
        do { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) } catch {
            throw ProviderFailure("cannot create \(dir.path): \(error.localizedDescription)")
        }
        let lockPath = file.path + ".lock"
        let lock = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0 else { throw ProviderFailure("cannot open the lock \(lockPath): \(String(cString: strerror(errno)))") }
        defer { close(lock) }
        guard flock(lock, LOCK_EX) == 0 else { throw ProviderFailure("cannot lock \(lockPath): \(String(cString: strerror(errno)))") }
        var all = try approvals()
        change(&all)
        let entries = all.mapValues { a -> JSONValue in
            .object(["name": .string(a.name), "sha256": .string(a.sha256), "trustedAt": .string(a.trustedAt)])
        }
        // Laid out as JSONSerialization wrote it (pretty, slashes escaped), so the list keeps its bytes.
        let text = JSONValue.object(["version": .int(1), "trusted": .object(entries)]).foundationText(pretty: true)
        try writePrivately(Data((text + "\n").utf8))
    }

    /// Through a fresh temporary file made with mode 0600, synced and renamed
    /// over the old one: a crash leaves the old list or the new one, never half
    /// of either, and no one else can read or swap it at any moment.
    func writePrivately(_ data: Data) throws(ProviderFailure) {
        let tmp = file.path + ".tmp-\(getpid())"
        unlink(tmp)  // a leftover of a crashed run with the same pid; O_EXCL below refuses anything else
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ProviderFailure("cannot write \(tmp): \(String(cString: strerror(errno)))") }
        let written = data.withUnsafeBytes { buf in write(fd, buf.baseAddress, buf.count) == buf.count } && fsync(fd) == 0
        close(fd)
        guard written, rename(tmp, file.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(tmp)
            throw ProviderFailure("cannot write \(file.path): \(reason); \(listName) is as it was")
        }
        let dir = open(file.deletingLastPathComponent().path, O_RDONLY | O_CLOEXEC)
        if dir >= 0 { fsync(dir); close(dir) }
    }
}
