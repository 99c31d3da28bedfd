import CLibGit2
import Foundation

/// Which files ws generated: every file of `ownedFolders` (the journal), and the files of
/// `markedFolders` that start with `header` (a person's own file there is theirs).
public struct GeneratedPaths: Equatable, Sendable {
    public var ownedFolders: [String]
    public var markedFolders: [String]
    public var header: Data

    public init(ownedFolders: [String], markedFolders: [String], header: Data) {
        self.ownedFolders = ownedFolders
        self.markedFolders = markedFolders
        self.header = header
    }

    var folders: [String] { ownedFolders + markedFolders }

    func isGenerated(_ path: String, content: () throws -> Data) rethrows -> Bool {
        if ownedFolders.contains(where: { path.hasPrefix($0 + "/") }) { return true }
        guard markedFolders.contains(where: { path.hasPrefix($0 + "/") }) else { return false }
        return try content().starts(with: header)
    }
}

/// A generated file whose index entry would undo what HEAD holds if a person committed the
/// index now: the entry is an older committed version of it, or missing (a commit deletes it).
public struct IndexDrift: Equatable, Sendable {
    public var path: String
    public var missing: Bool
}

/// A drifted entry with what putting it back needs.
struct DriftedEntry {
    var drift: IndexDrift
    var wanted: git_oid
    var mode: UInt32
    var staged: git_oid?
}

extension Repository {
    /// Generated files whose index entries differ from HEAD in a way a `git commit` would undo
    /// (for `ws verify`; reads only).
    public func indexDrift(_ generated: GeneratedPaths) throws -> [IndexDrift] {
        guard let head = try headCommit() else { return [] }
        let index = Index(try made("open index") { git_repository_index(&$0, pointer) })
        try check(git_index_read(index.pointer, 0), "read index")
        return try drift(in: index, against: head.tree(), history: head, generated: generated).map(\.drift)
    }

    /// Puts every drifted generated entry back as HEAD has it, and its work tree file where that
    /// is the same old version (or gone); other entries, and a person's edits, stay as they are.
    /// Nothing is touched while a merge or rebase is under way: that index is the person's.
    public func repairIndexDrift(_ generated: GeneratedPaths) throws -> [IndexDrift] {
        // Read first: ws's lock, and the index lock, are taken only when there is something to put back.
        guard !isBare, !isMidOperation, let workdir, try !indexDrift(generated).isEmpty else { return [] }
        let work = try GitWork(commonDir: commonDir)
        removedStaleLocks += work.removed
        guard let head = try headCommit() else { return [] }
        let lock = try IndexLock(gitDir: gitDir, work: work)
        let repaired = try updateIndex([], blobIDs: [:], target: head.tree(), history: head, generated: generated,
                                       workdir: workdir, lock: lock, trace: { _ in })
        lock.release()
        return repaired
    }

    /// The generated entries of `index` that differ from `target` and hold a version committed
    /// earlier on `history`'s first-parent line. A staged version never committed is a person's
    /// change, or a ws commit cut off after its index write and before the branch moved: the next
    /// ws command commits that one, and a person's commit of it loses nothing of ws's.
    func drift(in index: Index, against target: Tree, history: Commit?, generated: GeneratedPaths) throws -> [DriftedEntry] {
        var options = git_diff_options()
        try check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "diff options")
        options.flags = GIT_DIFF_DISABLE_PATHSPEC_MATCH.rawValue
        let specs = generated.folders.compactMap { strdup($0 + "/") }
        defer { specs.forEach { free($0) } }
        var pointers: [UnsafeMutablePointer<CChar>?] = specs
        var diff: OpaquePointer?
        try pointers.withUnsafeMutableBufferPointer { buffer in
            options.pathspec = git_strarray(strings: buffer.baseAddress, count: buffer.count)
            try check(git_diff_tree_to_index(&diff, pointer, target.pointer, index.pointer, &options), "compare the index with HEAD")
        }
        defer { git_diff_free(diff) }
        var candidates: [DriftedEntry] = []
        for i in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, i)?.pointee, let cPath = delta.old_file.path else { continue }
            let staged: git_oid?
            switch delta.status {
            case GIT_DELTA_DELETED: staged = nil
            case GIT_DELTA_MODIFIED, GIT_DELTA_TYPECHANGE: staged = delta.new_file.id
            default: continue // added (a person's, or a cut-off ws commit's), conflicted (a merge in progress)
            }
            let path = String(cString: cPath)
            guard try generated.isGenerated(path, content: { try blob(delta.old_file.id) }) else { continue }
            candidates.append(DriftedEntry(drift: IndexDrift(path: path, missing: staged == nil), wanted: delta.old_file.id,
                                           mode: UInt32(delta.old_file.mode), staged: staged))
        }
        return try committedEarlier(candidates, from: history)
    }

    /// The candidates that are missing, or whose staged version one of the 20 commits before
    /// `history` (first parents) had at that path. A ws commit cut off before its index write
    /// leaves the version of the commit just before; 20 covers a run of such commits.
    private func committedEarlier(_ candidates: [DriftedEntry], from history: Commit?) throws -> [DriftedEntry] {
        var confirmed = candidates.filter { $0.staged == nil }
        var open = candidates.filter { $0.staged != nil }
        guard !open.isEmpty, let history else { return confirmed }
        var seen = 0
        try walkFirstParents(from: history) { oid in
            guard seen < 20, !open.isEmpty else { return false }
            seen += 1
            let tree = try lookupCommit(ObjectID(oid)).tree()
            let found = try open.filter { candidate in
                guard let staged = candidate.staged else { return false }
                return try tree.entryID(candidate.drift.path) == ObjectID(staged)
            }
            confirmed += found
            let paths = Set(found.map(\.drift.path))
            open.removeAll { paths.contains($0.drift.path) }
            return true
        }
        return confirmed.sorted { $0.drift.path < $1.drift.path }
    }

    /// A blob's content.
    func blob(_ id: git_oid) throws -> Data {
        var oid = id
        let blob = try made("read blob \(ObjectID(id))") { git_blob_lookup(&$0, pointer, &oid) }
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let raw = git_blob_rawcontent(blob) else { return Data() }
        return Data(bytes: raw, count: size)
    }
}
