import CLibGit2
import Foundation
@testable import GitStore
import TestSupport
import Testing

/// `changedPaths` enters only subtrees whose ids differ; the reference is libgit2's tree-to-tree diff of
/// the same two trees, on commits that edit, add, delete, turn a file into a folder (and back), change a
/// mode only, and leave a sibling folder alone.
@Suite struct TreeDiffTests {
    @discardableResult
    func git(_ dir: URL, _ args: String...) throws -> String {
        try Git.output(args, in: dir, environment: Git.isolated(home: dir))
    }

    func tree(_ repo: Repository, _ dir: URL, _ revision: String) throws -> Tree {
        var oid = git_oid()
        let hex = try git(dir, "rev-parse", revision + "^{tree}").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(git_oid_fromstr(&oid, hex) == 0)
        return try repo.lookupTree(ObjectID(oid))
    }

    @Test func theChangedPathsAreThoseOfLibgit2sDiff() throws {
        let dir = try TemporaryRepository.create(prefix: "ws-treediff")
        defer { try? FileManager.default.removeItem(at: dir) }
        let steps: [(String, [String: String?])] = [
            ("base", ["a/b/c.md": "1", "a/d.md": "2", "e.md": "3", "f/g.md": "4", "quiet/h.md": "5"]),
            ("edit deep", ["a/b/c.md": "1 again"]),
            ("add and delete", ["a/b/new.md": "6", "a/d.md": nil, "n/o/p.md": "7"]),
            ("file to folder", ["e.md": nil, "e.md/inside.md": "8"]),
            ("folder to file", ["f/g.md": nil, "f": "9"]),
            ("nothing but quiet", ["quiet/h.md": "5 changed"]),
        ]
        for (message, files) in steps {
            // Deletions first (with the folder they leave empty), so a path can change from file to folder.
            let ordered = files.sorted { ($0.value == nil ? 0 : 1, $0.key) < ($1.value == nil ? 0 : 1, $1.key) }
            for (path, content) in ordered {
                let url = dir.appendingPathComponent(path)
                if let content {
                    try TemporaryRepository.write(content + "\n", to: path, in: dir)
                } else {
                    try FileManager.default.removeItem(at: url)
                    let folder = url.deletingLastPathComponent()
                    if try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty {
                        try FileManager.default.removeItem(at: folder)
                    }
                }
            }
            try git(dir, "add", "-A")
            try git(dir, "commit", "-q", "-m", message)
        }
        try git(dir, "update-index", "--chmod=+x", "a/b/c.md")
        try git(dir, "commit", "-q", "-m", "mode only")
        let repo = try Repository(discoveringFrom: dir)
        let count = steps.count + 1
        var compared = 0
        for older in 0..<count {
            for newer in older..<count {
                let old = try tree(repo, dir, "HEAD~\(count - 1 - older)")
                let new = try tree(repo, dir, "HEAD~\(count - 1 - newer)")
                let fast = try repo.changedPaths(from: old, to: new)
                #expect(fast == (try repo.diffedPaths(from: old, to: new)), "commit \(older) to \(newer)")
                #expect(fast == (try repo.changedPaths(from: new, to: old)), "commit \(newer) to \(older)")
                compared += fast.isEmpty ? 0 : 1
            }
            let whole = try tree(repo, dir, "HEAD~\(count - 1 - older)")
            #expect(try repo.changedPaths(from: nil, to: whole) == (try repo.diffedPaths(from: nil, to: whole)))
        }
        #expect(compared == count * (count - 1) / 2, "every pair of different commits differs in some path")
        let last = try tree(repo, dir, "HEAD")
        #expect(try repo.changedPaths(from: try tree(repo, dir, "HEAD~1"), to: last) == ["a/b/c.md"])
    }
}
