import Foundation
import WorkstreamKit

/// The journal files of a work tree, by name relative to `.ws/journal`: `<id>.jsonl` in the flat layout,
/// `<xx>/<id>.jsonl` in a large project's (see `DocumentLayout`). Both are read wherever they are: a clone
/// still running a ws from before the sharded layout may append to a flat file after this one moved them,
/// and the next full publish folds that file into the sharded one.
extension Journal {
    /// Every journal file name, flat ones and those in two-hex-digit folders, sorted.
    static func names(workTree: URL) -> [String] {
        let dir = workTree.appendingPathComponent(folder)
        let manager = FileManager.default
        guard let top = try? manager.contentsOfDirectory(atPath: dir.path) else { return [] }
        var names: [String] = []
        for entry in top {
            if entry.hasSuffix(".jsonl") { names.append(entry); continue }
            guard isShard(entry),
                  let inner = try? manager.contentsOfDirectory(atPath: dir.appendingPathComponent(entry).path)
            else { continue }
            names += inner.filter { $0.hasSuffix(".jsonl") }.map { "\(entry)/\($0)" }
        }
        return names.sorted()
    }

    /// The workstream a journal file name is for: its last component without `.jsonl`.
    static func stream(ofName name: String) -> String {
        String((name.split(separator: "/").last ?? Substring(name)).dropLast(".jsonl".count))
    }

    /// Whether `name` (relative to the journal folder) is where a journal file can be: flat or in a shard.
    static func isName(_ name: String) -> Bool {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard let file = parts.last, file.hasSuffix(".jsonl"), !file.hasPrefix(".") else { return false }
        return parts.count == 1 || (parts.count == 2 && isShard(String(parts[0])))
    }

    /// Whether a flat journal file is in the work tree (left by the upgrade's other side, or not upgraded yet).
    static func hasFlatFiles(workTree: URL) -> Bool {
        names(workTree: workTree).contains { !$0.contains("/") }
    }

    static func isShard(_ entry: String) -> Bool {
        entry.utf8.count == 2 && entry.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }
}
