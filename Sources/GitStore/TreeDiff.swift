import CLibGit2

/// The paths two trees differ in, entering only subtrees whose ids differ. `git_diff_tree_to_tree` walks
/// every file of both trees: at 26,000 files that was 146 M instructions of each `ws complete` (the
/// evidence of what changed since the start), for a commit that touches a handful of folders.
extension Repository {
    /// Paths added, changed or deleted between two trees (nil: the empty tree), sorted: the paths of
    /// `git_diff_tree_to_tree`'s deltas with its default options (a blob turned into a folder, or back, is
    /// the blob's path and every file of the folder; a mode change alone is a change).
    func changedPaths(from old: Tree?, to new: Tree) throws -> [String] {
        var paths: [String] = []
        try compare(old, new, prefix: "", into: &paths)
        return paths.sorted()
    }

    private struct Entry {
        var id: git_oid
        let mode: git_filemode_t
        var isTree: Bool { mode == GIT_FILEMODE_TREE }
    }

    private func entries(_ tree: Tree?) -> [String: Entry] {
        guard let tree else { return [:] }
        let count = git_tree_entrycount(tree.pointer)
        var found: [String: Entry] = [:]
        found.reserveCapacity(count)
        for i in 0..<count {
            guard let entry = git_tree_entry_byindex(tree.pointer, i), let name = git_tree_entry_name(entry) else {
                continue
            }
            found[String(cString: name)] = Entry(id: git_tree_entry_id(entry).pointee,
                                                 mode: git_tree_entry_filemode(entry))
        }
        return found
    }

    private func compare(_ old: Tree?, _ new: Tree?, prefix: String, into paths: inout [String]) throws {
        let before = entries(old)
        let after = entries(new)
        for name in Set(before.keys).union(after.keys) {
            let a = before[name]
            let b = after[name]
            if var x = a, var y = b, x.mode == y.mode, git_oid_equal(&x.id, &y.id) != 0 { continue }
            let path = prefix + name
            if a.map({ !$0.isTree }) ?? false || b.map({ !$0.isTree }) ?? false { paths.append(path) }
            let oldTree = try a.flatMap { $0.isTree ? try lookupTree(ObjectID($0.id)) : nil }
            let newTree = try b.flatMap { $0.isTree ? try lookupTree(ObjectID($0.id)) : nil }
            if oldTree != nil || newTree != nil { try compare(oldTree, newTree, prefix: path + "/", into: &paths) }
        }
    }

    /// The reference `changedPaths` is checked against: libgit2's own tree-to-tree diff.
    func diffedPaths(from old: Tree?, to new: Tree) throws -> [String] {
        var diff: OpaquePointer?
        try check(git_diff_tree_to_tree(&diff, pointer, old?.pointer, new.pointer, nil), "compare two trees")
        defer { git_diff_free(diff) }
        var paths = Set<String>()
        for i in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, i)?.pointee else { continue }
            if let p = delta.new_file.path { paths.insert(String(cString: p)) }
            if let p = delta.old_file.path { paths.insert(String(cString: p)) }
        }
        return paths.sorted()
    }
}
