/// The index's `TREE` extension (git's cache tree): for each folder, how many index entries it
/// covers and, while that is still true of the index, the id of its tree object. A commit of a few
/// files marks the folders along their paths unknown (entry count -1, no id), as git's
/// `cache_tree_invalidate_path` and libgit2's `git_tree_cache_invalidate_path` do; the rest stays,
/// so a person's next `git commit` rebuilds only those folders.
final class CacheTree {
    let name: [UInt8]
    var entryCount: Int
    var id: ArraySlice<UInt8>?
    var children: [CacheTree]

    init(name: [UInt8], entryCount: Int, id: ArraySlice<UInt8>?, children: [CacheTree]) {
        self.name = name
        self.entryCount = entryCount
        self.id = id
        self.children = children
    }

    /// Nil for bytes that are not a cache tree: the caller leaves the index to libgit2.
    static func parse(_ bytes: ArraySlice<UInt8>) -> CacheTree? {
        var offset = bytes.startIndex
        guard let root = parseNode(bytes, &offset), offset == bytes.endIndex else { return nil }
        return root
    }

    /// One folder: `name NUL entry-count SP subtree-count LF [20-byte id]`, then its subtrees.
    private static func parseNode(_ bytes: ArraySlice<UInt8>, _ offset: inout Int) -> CacheTree? {
        guard let nul = bytes[offset...].firstIndex(of: 0) else { return nil }
        let name = Array(bytes[offset..<nul])
        offset = nul + 1
        guard let space = bytes[offset...].firstIndex(of: 0x20),
              let newline = bytes[space...].firstIndex(of: 0x0A),
              let entryCount = Int(String(decoding: bytes[offset..<space], as: UTF8.self)),
              let subtrees = Int(String(decoding: bytes[(space + 1)..<newline], as: UTF8.self)),
              subtrees >= 0 else { return nil }
        offset = newline + 1
        var id: ArraySlice<UInt8>?
        if entryCount >= 0 {
            guard offset + 20 <= bytes.endIndex else { return nil }
            id = bytes[offset..<offset + 20]
            offset += 20
        }
        var children: [CacheTree] = []
        for _ in 0..<subtrees {
            guard let child = parseNode(bytes, &offset) else { return nil }
            children.append(child)
        }
        return CacheTree(name: name, entryCount: entryCount, id: id, children: children)
    }

    /// Marks this folder and every folder on the way to `path`'s file unknown.
    func invalidate(along path: [UInt8]) {
        entryCount = -1
        id = nil
        var node = self
        for folder in path.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).dropLast() {
            guard let child = node.children.first(where: { $0.name.elementsEqual(folder) }) else { return }
            child.entryCount = -1
            child.id = nil
            node = child
        }
    }

    func serialized() -> [UInt8] {
        var out: [UInt8] = []
        append(to: &out)
        return out
    }

    private func append(to out: inout [UInt8]) {
        out.append(contentsOf: name)
        out.append(0)
        out.append(contentsOf: "\(entryCount) \(children.count)\n".utf8)
        if entryCount >= 0, let id { out.append(contentsOf: id) }
        for child in children { child.append(to: &out) }
    }
}
