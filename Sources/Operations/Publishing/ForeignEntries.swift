import Foundation
import GitStore
import WorkstreamKit

/// Entries at paths ws generates that are not what ws writes there: a symlink or a file where a journal
/// folder or a shard folder goes, a folder or a symlink where a journal or a shard's document goes. A peer
/// can commit them; ws never reads through them (see `OwnedFile`), `ws verify` names them, and the next full
/// publish removes them from the commit (red team F1). A person's own file of the right kind is not one.
enum ForeignEntries {
    /// The folders whose every entry of these shapes is ws's: the journal, and the shard folders of documents.
    static let folders = [Journal.folder] + Documents.folders

    /// Foreign entries in HEAD, path → what is there. `deep`: inside the shard folders too (10,000 entries at
    /// 10,000 workstreams, for `ws verify` and a full publish); otherwise the folders' own entries only (a few
    /// hundred, for every sync after HEAD moved: a foreign journal inside a shard is refused when it is read).
    static func inHead(_ repo: Repository, deep: Bool = true) throws -> [String: String] {
        var found: [String: String] = [:]
        for path in [".ws"] + folders {
            if let kind = try repo.headEntryKind(path), kind != .folder { found[path] = describe(kind) }
        }
        for folder in folders where found[folder] == nil && found[".ws"] == nil {
            for (path, kind) in try repo.headEntries(under: folder, depth: deep ? 1 : 0) {
                if let wanted = wantedKind(path, in: folder), wanted != kind { found[path] = describe(kind) }
            }
        }
        return found
    }

    /// Foreign entries in the work tree, path → what is there (by lstat: nothing is followed).
    static func inWorkTree(_ workTree: URL) -> [String: String] {
        var found: [String: String] = [:]
        let manager = FileManager.default
        for folder in folders {
            if let problem = OwnedFile.folderProblem(folder, in: workTree) {
                found[problem.split(separator: " ").first.map(String.init) ?? folder] = problem
                continue
            }
            let top = (try? manager.contentsOfDirectory(atPath: workTree.appendingPathComponent(folder).path)) ?? []
            for entry in top {
                let path = "\(folder)/\(entry)"
                guard let (kind, what) = lstatKind(path, in: workTree) else { continue }
                if let wanted = wantedKind(path, in: folder), wanted != kind {
                    found[path] = what
                    continue
                }
                guard kind == .folder, wantedKind(path, in: folder) == .folder else { continue }
                let inner = (try? manager.contentsOfDirectory(atPath: workTree.appendingPathComponent(path).path)) ?? []
                for name in inner {
                    let file = "\(path)/\(name)"
                    if let wanted = wantedKind(file, in: folder), let (kind, what) = lstatKind(file, in: workTree),
                       wanted != kind {
                        found[file] = what
                    }
                }
            }
        }
        return found
    }

    /// `ws verify`'s lines: each foreign entry, where, and what settles it.
    static func problems(_ repo: Repository, workTree: URL) throws -> [String] {
        let head = try inHead(repo)
        let tree = inWorkTree(workTree)
        return head.sorted { $0.key < $1.key }.map {
            "\($0.key) is \($0.value) in HEAD where ws generates a \(wantedName($0.key)) (committed by a peer?); "
                + "it is not read, and 'ws sync' (a full publish) replaces it"
        } + tree.filter { head[$0.key] == nil }.sorted { $0.key < $1.key }.map {
            "\($0.key) is \($0.value) in the work tree where ws generates a \(wantedName($0.key)); "
                + "it is not read, and 'ws sync' (a full publish) replaces it"
        }
    }

    /// Files of a shape ws never writes inside a shard folder or the journal folder (`Workstreams/ad/notes.txt`):
    /// a person's, left alone, but `ws verify` says so (red team F6).
    static func strangers(_ repo: Repository) throws -> [String] {
        var found: [String] = []
        for folder in folders {
            for (path, kind) in try repo.headEntries(under: folder, depth: 1) where kind == .file {
                let parts = path.dropFirst(folder.count + 1).split(separator: "/").map(String.init)
                let inShard = parts.count == 2 && isShard(parts[0], folder)
                let inJournal = folder == Journal.folder && parts.count == 1
                if (inShard || inJournal) && wantedKind(path, in: folder) == nil { found.append(path) }
            }
        }
        return found.sorted()
    }

    /// What ws puts at `path` (under `folder`), nil when the path is not one of the shapes ws owns.
    static func wantedKind(_ path: String, in folder: String) -> Repository.EntryKind? {
        let parts = path.dropFirst(folder.count + 1).split(separator: "/").map(String.init)
        let journal = folder == Journal.folder
        let fileSuffix = journal ? ".jsonl" : ".md"
        if parts.count == 2 { return isShard(parts[0], folder) && parts[1].hasSuffix(fileSuffix) ? .file : nil }
        guard parts.count == 1 else { return nil }
        if isShard(parts[0], folder) { return .folder }
        if journal && (parts[0].hasSuffix(".jsonl") || "\(folder)/\(parts[0])" == Journal.sealPath) { return .file }
        return nil
    }

    /// Two hex digits (journals, workstream documents) or a month, YYYY-MM (handoffs, devlogs).
    static func isShard(_ name: String, _ folder: String) -> Bool {
        if folder == Journal.folder || folder == "Workstreams" { return Journal.isShard(name) }
        let bytes = Array(name.utf8)
        return bytes.count == 7 && bytes[4] == UInt8(ascii: "-")
            && bytes.enumerated().allSatisfy { $0.offset == 4 || ($0.element >= 48 && $0.element <= 57) }
    }

    /// What is at `path`, by lstat, and in words (a FIFO or a device counts as not a file, like a symlink).
    private static func lstatKind(_ path: String, in workTree: URL) -> (Repository.EntryKind, String)? {
        var info = stat()
        guard lstat(workTree.appendingPathComponent(path).path, &info) == 0 else { return nil }
        let what = OwnedFile.describe(info.st_mode)
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return (.folder, what)
        case S_IFREG: return (.file, what)
        default: return (.symlink, what)
        }
    }

    private static func describe(_ kind: Repository.EntryKind) -> String {
        switch kind {
        case .file: return "a file"
        case .symlink: return "a symbolic link"
        case .folder: return "a folder"
        case .submodule: return "a submodule"
        }
    }

    private static func wantedName(_ path: String) -> String {
        path.hasSuffix(".jsonl") || path.hasSuffix(".md") || path.hasSuffix(".seal") ? "file" : "folder"
    }
}

extension Workspace {
    /// For `ws verify`: the foreign entries at paths ws generates, in HEAD and in the work tree.
    public func foreignEntryProblems() throws -> [String] {
        try ForeignEntries.problems(Publisher(ws: self).open(), workTree: location.workTree)
    }

    /// For `ws verify`'s warnings: files in folders ws generates that ws did not write (see `strangers`).
    public func strangerFiles() throws -> [String] { try ForeignEntries.strangers(Publisher(ws: self).open()) }
}
