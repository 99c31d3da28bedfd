import Crypto
import Foundation

/// Where the generated files of a project go: a pure function of the log (how
/// many workstreams it declares), so `ws rebuild` reproduces it byte for byte.
///
/// Up to `flatLimit` workstreams (cancelled included) every folder is flat, as
/// it always was. Above it, one completion at 10,000 workstreams would rewrite
/// two 10,000-entry trees and a 1.5 MB index; so journals and workstream
/// documents go into 256 folders named by the first two hex digits of SHA-256
/// of the id (about 40 files each), handoffs and devlogs into one folder a
/// month, and the index pages by the same folders. Measured on the 10,000-
/// workstream plan (26,000 files, `git diff-tree` and `git cat-file -s`), one
/// `ws complete` commits 25 files in 22 trees (the two top folders of 257
/// entries, the others of about 40): 292,717 bytes of new blobs and trees,
/// against 18 files in 5 trees (two of 10,000 entries) and 3,056,051 bytes flat.
public enum DocumentLayout: Sendable, Equatable {
    case flat
    case sharded

    /// The most workstreams a project keeps the flat folders for.
    public static let flatLimit = 500

    public init(workstreamCount: Int) { self = workstreamCount > Self.flatLimit ? .sharded : .flat }

    /// The folder of a workstream's journal, document and index row: two hex digits of SHA-256 of its id.
    public static func shard(_ id: String) -> String { shards[shardNumber(id)] }

    /// The shard as a number (0-255: the first byte of the digest). The index hashes every id on each
    /// completion, so this hashes the string's own bytes (no `Data` copy) and makes no string.
    public static func shardNumber(_ id: String) -> Int {
        var id = id
        var hasher = SHA256()
        id.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        return Int(hasher.finalize().withUnsafeBytes { $0.first ?? 0 })
    }

    /// Every shard folder name, in order.
    public static let shards: [String] = (0..<256).map { String(format: "%02x", $0) }

    public func workstreamPath(id: String, title: String) -> String {
        let name = "\(id)-\(Doc.slug(title)).md"
        return self == .flat ? "Workstreams/\(name)" : "Workstreams/\(Self.shard(id))/\(name)"
    }

    /// `date` is YYYY-MM-DD; the month folder is its first seven characters.
    public func datedPath(folder: String, date: String, id: String, title: String) -> String {
        let name = "\(date)-\(id)-\(Doc.slug(title)).md"
        return self == .flat ? "\(folder)/\(name)" : "\(folder)/\(date.prefix(7))/\(name)"
    }

    /// Relative to `.ws/journal`.
    public func journalName(_ stream: String) -> String {
        self == .flat ? "\(stream).jsonl" : "\(Self.shard(stream))/\(stream).jsonl"
    }

    /// The index page of a shard folder (sharded layout only).
    public static func indexPagePath(_ shard: String) -> String { "Workstreams/\(shard)/README.md" }

    /// The relative link from the document at `from` to the file at `to` (both repository paths).
    public static func link(from: String, to: String) -> String {
        let source = from.split(separator: "/").dropLast()
        let target = to.split(separator: "/")
        var common = 0
        while common < source.count, common < target.count - 1, source[source.startIndex + common] == target[common] {
            common += 1
        }
        let ups = Array(repeating: "..", count: source.count - common)
        return (ups + target[common...].map(String.init)).joined(separator: "/")
    }
}
