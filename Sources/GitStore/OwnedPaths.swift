import CLibGit2
import Foundation

/// The paths of generated files are ws's: what a peer commits there that is not what ws writes (a symlink or
/// a file where a folder goes, a folder or a symlink where a file goes) is replaced, never followed. A symlink
/// at `Workstreams/ad` made every publish fail on a file/folder conflict, and writes went through it to
/// wherever it pointed (red team F1).
extension Repository {
    /// What a tree entry is, by its mode.
    public enum EntryKind: String, Sendable {
        case file, symlink, folder, submodule
    }

    /// HEAD's entries under `folder`, `depth` folders down (1: the folder's entries and those of its subfolders).
    public func headEntries(under folder: String, depth: Int) throws -> [(path: String, kind: EntryKind)] {
        guard let id = try headCommit()?.tree().entryID(folder, type: GIT_OBJECT_TREE) else { return [] }
        var result: [(path: String, kind: EntryKind)] = []
        try entries(in: lookupTree(id), prefix: folder + "/", depth: depth, into: &result)
        return result
    }

    /// What `path` is in HEAD's tree (nil: nothing there, or a non-folder on the way).
    public func headEntryKind(_ path: String) throws -> EntryKind? {
        guard let tree = try headCommit()?.tree() else { return nil }
        return try kind(of: path, in: tree)
    }

    private func entries(in tree: Tree, prefix: String, depth: Int,
                         into result: inout [(path: String, kind: EntryKind)]) throws {
        for i in 0..<git_tree_entrycount(tree.pointer) {
            guard let e = git_tree_entry_byindex(tree.pointer, i) else { continue }
            let path = prefix + String(cString: git_tree_entry_name(e))
            let kind = Self.kind(git_tree_entry_filemode(e))
            result.append((path, kind))
            if kind == .folder && depth > 0 {
                try entries(in: lookupTree(ObjectID(git_tree_entry_id(e).pointee)), prefix: path + "/",
                            depth: depth - 1, into: &result)
            }
        }
    }

    static func kind(_ mode: git_filemode_t) -> EntryKind {
        switch mode {
        case GIT_FILEMODE_TREE: return .folder
        case GIT_FILEMODE_LINK: return .symlink
        case GIT_FILEMODE_COMMIT: return .submodule
        default: return .file
        }
    }

    func kind(of path: String, in tree: Tree) throws -> EntryKind? {
        var entry: OpaquePointer?
        let rc = git_tree_entry_bypath(&entry, tree.pointer, path)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "find \(path)")
        defer { git_tree_entry_free(entry) }
        return Self.kind(git_tree_entry_filemode(entry))
    }

    /// Entries of `base` in the way of the files `changes` write: a non-folder where a folder on the way is, or
    /// anything but a plain file at the file's own path. Removed from the tree before the files go in.
    func obstacles(in base: Tree, for changes: [FileChange]) throws -> [String] {
        var found = Set<String>()
        for change in changes where change.content != nil {
            switch try kind(of: change.path, in: base) {
            case .file: continue
            case .folder, .submodule: found.insert(change.path); continue
            case .symlink, nil: break
            }
            var prefix = ""
            for part in change.path.split(separator: "/").dropLast() {
                prefix += prefix.isEmpty ? String(part) : "/\(part)"
                guard let kind = try kind(of: prefix, in: base) else { break }
                if kind != .folder { found.insert(prefix); break }
            }
        }
        return found.sorted()
    }

    /// Makes `relative`'s folders real folders in the work tree (a symlink, a file or a FIFO on the way is
    /// removed, never followed) and clears a folder at the file's own path, so the file written next is
    /// inside the repository at the path git records.
    func makeRoom(for relative: String, in workdir: URL) throws {
        var place = workdir.path
        var info = stat()
        for part in relative.split(separator: "/").dropLast() {
            place += "/\(part)"
            if lstat(place, &info) == 0 {
                if info.st_mode & S_IFMT == S_IFDIR { continue }
                unlink(place)
            }
            guard mkdir(place, 0o755) == 0 || errno == EEXIST else {
                throw GitError(code: -1, operation: "write \(relative)",
                               message: "cannot create \(place): \(String(cString: strerror(errno)))")
            }
        }
        let target = workdir.appendingPathComponent(relative).path
        if lstat(target, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR {
            try? FileManager.default.removeItem(atPath: target)
        }
    }

    /// Removes the work tree entry at `relative` (a symlink itself, never its target), unless a folder on the
    /// way is not a real folder: then the path is not in the work tree at all, and what the symlink reaches stays.
    func removeOwned(_ relative: String, in workdir: URL) {
        guard !hasForeignFolder(relative, in: workdir) else { return }
        let path = workdir.appendingPathComponent(relative).path
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        // Only a real folder is removed with what is in it; anything else is unlinked, a symlink never followed.
        if info.st_mode & S_IFMT == S_IFDIR { try? FileManager.default.removeItem(atPath: path) } else { unlink(path) }
    }

    /// Whether a folder on the way to `relative` is not a real folder (or is missing).
    func hasForeignFolder(_ relative: String, in workdir: URL) -> Bool {
        var place = workdir.path
        var info = stat()
        for part in relative.split(separator: "/").dropLast() {
            place += "/\(part)"
            guard lstat(place, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return true }
        }
        return false
    }
}
