import Foundation
import WorkstreamKit

/// The journal files of a work tree, by name relative to `.ws/journal`: `<id>.jsonl` in the flat layout,
/// `<xx>/<id>.jsonl` in a large project's (see `DocumentLayout`). Both are read wherever they are: a clone
/// still running a ws from before the sharded layout may append to a flat file after this one moved them,
/// and the next full publish folds that file into the sharded one.
extension Journal {
    /// Every journal file name, flat ones and those in two-hex-digit folders, sorted.
    static func names(workTree: URL) -> [String] {
        let dir = workTree.appendingPathComponent(folder).path
        // Never listed through a symlink: its target is outside what ws owns (see `foreignEntries`).
        guard OwnedFile.folderProblem(folder, in: workTree) == nil, let top = entries(of: dir) else { return [] }
        var names: [String] = []
        for entry in top {
            if entry.hasSuffix(".jsonl") { names.append(entry); continue }
            guard isShard(entry), OwnedFile.folderProblem("\(folder)/\(entry)", in: workTree) == nil,
                  let inner = entries(of: dir + "/" + entry)
            else { continue }
            names += inner.filter { $0.hasSuffix(".jsonl") }.map { "\(entry)/\($0)" }
        }
        return names.sorted()
    }

    /// The names in a folder (not `.` and `..`), with readdir(3): `FileManager.contentsOfDirectory` took most of
    /// the 13 ms that listing 10,289 journal files in 256 shards cost the first `ws complete` after a rewrite.
    static func entries(of path: String) -> [String]? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Of `names`, in order, those `names(workTree:)` would list: a syncing clone reads only the journal files that
    /// changed, and listing all of them to find those (10,289 at 10,000 workstreams) took 11 ms of the first
    /// `ws complete` after a rewritten history. Present or not is for the reader (`OwnedFile.read`).
    static func listable(_ names: Set<String>, workTree: URL) -> [String] {
        guard OwnedFile.folderProblem(folder, in: workTree) == nil else { return [] }
        var shardReadable: [Substring: Bool] = [:]
        return names.filter { name in
            let parts = name.split(separator: "/", omittingEmptySubsequences: false)
            guard let file = parts.last, file.hasSuffix(".jsonl") else { return false }
            if parts.count == 1 { return true }
            guard parts.count == 2, isShard(String(parts[0])) else { return false }
            if let known = shardReadable[parts[0]] { return known }
            // Never through a symlinked or otherwise foreign shard: `foreignEntries` reports it once.
            let readable = OwnedFile.folderProblem("\(folder)/\(parts[0])", in: workTree) == nil
            shardReadable[parts[0]] = readable
            return readable
        }.sorted()
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

    /// Whether a generated file is at a flat-layout path in the work tree: a journal, or a document with the
    /// generated header (the repository is not upgraded yet, or a clone running an older ws added one since).
    /// A person's own file there stays and does not count.
    static func hasFlatFiles(workTree: URL) -> Bool {
        // The top of each folder only: the shards (10,000 files at 10,000 workstreams) are not listed.
        let manager = FileManager.default
        let journals = (try? manager.contentsOfDirectory(atPath: workTree.appendingPathComponent(folder).path)) ?? []
        if journals.contains(where: { $0.hasSuffix(".jsonl") }) { return true }
        let header = Data(Documents.header.utf8)
        for folder in Documents.folders {
            let dir = workTree.appendingPathComponent(folder)
            let entries = (try? manager.contentsOfDirectory(atPath: dir.path)) ?? []
            for name in entries where name.hasSuffix(".md") && "\(folder)/\(name)" != Documents.indexPath {
                // Never through a symlink, nor waiting on a FIFO (see `OwnedFile`).
                if OwnedFile.contents("\(folder)/\(name)", in: workTree, limit: header.count) == header { return true }
            }
        }
        return false
    }

    /// What is at a journal path and is neither a journal file nor a shard folder: a symlink or a file for
    /// `.ws/journal` or a shard. Reported as refused input, never followed (red team F1, F2).
    static func foreignEntries(workTree: URL) -> [Quarantined] {
        if let problem = OwnedFile.folderProblem(folder, in: workTree) {
            return [Quarantined(file: folder, line: 0, reason: "\(problem): nothing under it is read")]
        }
        let path = workTree.appendingPathComponent(folder).path
        let top = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return top.filter(isShard).sorted().compactMap { entry in
            OwnedFile.folderProblem("\(folder)/\(entry)", in: workTree).map {
                Quarantined(file: "\(folder)/\(entry)", line: 0, reason: "\($0): nothing under it is read")
            }
        }
    }

    static func isShard(_ entry: String) -> Bool {
        entry.utf8.count == 2 && entry.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }
}
