import Crypto
import Foundation
import WorkstreamKit

/// Secret artifact values, kept beside the log (never in git, the log or a
/// document) in a file only its owner can read. Events carry a fingerprint:
/// an HMAC under a local key, so equal values are recognisable without the
/// fingerprint revealing a guessable value.
public final class SecretStore {
    public let directory: URL
    var valuesURL: URL { directory.appendingPathComponent("secrets.json") }
    var keyURL: URL { directory.appendingPathComponent("secrets.key") }
    var lockURL: URL { directory.appendingPathComponent("secrets.lock") }

    public init(directory: URL) { self.directory = directory }

    public func fingerprint(of value: String) throws -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(value.utf8), using: SymmetricKey(data: try key()))
        return "hmac-sha256:" + mac.prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    public func store(workstream: String, name: String, value: String) throws {
        try withLock {
            var all = try readAll()
            all[workstream, default: [:]][name] = value
            // Written as JSONSerialization wrote it (slashes escaped), so the file keeps its bytes.
            let text = JSONValue.object(all.mapValues { .object($0.mapValues(JSONValue.string)) }).foundationText()
            try PrivateFile.write(Data(text.utf8), to: valuesURL)
        }
    }

    public func value(workstream: String, name: String) throws -> String? {
        try readAll()[workstream]?[name]
    }

    /// Every value kept for the workstream: its secret artifacts and its provisioning slots
    /// (`provision:<provider>/<type>/<name>:<param>`, generated passwords among them), for masks.
    public func values(workstream: String) throws -> [String] {
        Array((try readAll()[workstream] ?? [:]).values)
    }

    /// Every value kept for every workstream: the mask of everything this clone could leak.
    public func allValues() throws -> [String] {
        try readAll().values.flatMap(\.values)
    }

    func readAll() throws -> [String: [String: String]] {
        guard FileManager.default.fileExists(atPath: valuesURL.path) else { return [:] }
        guard let data = try? Data(contentsOf: valuesURL) else {
            throw EventStoreError.io("cannot read the secret store \(valuesURL.path); nothing was changed")
        }
        // A damaged file gets this message, not Foundation's error codes (and never its content: it holds secrets).
        guard let all = Self.values(in: data) else {
            throw EventStoreError.io("the secret store \(valuesURL.path) is damaged (not the JSON ws writes); restore it from a backup, or move it away and record the secrets again with 'ws artifact <id> NAME=- --secret'")
        }
        return all
    }

    /// An object of objects of texts, or nil.
    private static func values(in data: Data) -> [String: [String: String]]? {
        guard case .object(let streams)? = try? JSONParser.parse(bytes: Array(data)) else { return nil }
        let all = streams.compactMapValues(\.texts)
        return all.count == streams.count ? all : nil
    }

    func key() throws -> Data {
        if let k = try? Data(contentsOf: keyURL), k.count == 32 { return k }
        return try withLock {
            if let k = try? Data(contentsOf: keyURL), k.count == 32 { return k }
            let k = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
            try PrivateFile.write(k, to: keyURL)
            return k
        }
    }

    func withLock<T>(_ body: () throws -> T) throws -> T {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let fd = open(lockURL.path, O_RDWR | O_CREAT, 0o600)
        guard fd >= 0 else { throw EventStoreError.io("cannot open \(lockURL.path)") }
        defer { close(fd) }
        flock(fd, LOCK_EX)
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}

/// A file only its owner can read: the secret store, its key, `ws serve`'s agent tokens.
public enum PrivateFile {
    /// Writes through a temporary file created with mode 0600 and renamed into place,
    /// so the value is never readable by others, not even for an instant.
    public static func write(_ data: Data, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let tmp = url.path + ".tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw EventStoreError.io("cannot write \(tmp): \(String(cString: strerror(errno)))") }
        let ok = data.withUnsafeBytes { buf in Foundation.write(fd, buf.baseAddress, buf.count) == buf.count } && fsync(fd) == 0
        close(fd)
        guard ok, rename(tmp, url.path) == 0 else {
            unlink(tmp)
            throw EventStoreError.io("cannot write \(url.path): \(String(cString: strerror(errno)))")
        }
    }
}
