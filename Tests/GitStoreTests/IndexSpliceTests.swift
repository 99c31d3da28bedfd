import Foundation
import GitStore
import TestSupport
import Testing

/// The index spliced in place (`spliceIndex`) against libgit2's whole read and write, the reference:
/// the same repository copied twice, the same changes committed on each, compared with git itself.
@Suite struct IndexSpliceTests {
    let identity = CommitIdentity(name: "agent-a", email: "agent-a@example.invalid")
    /// Taken by libgit2's path only (a drift check over no folders finds nothing to put back).
    let referencePath = GeneratedPaths(ownedFolders: [], markedFolders: [], header: Data())
    let changes = [
        FileChange(path: "Workstreams/A1.md", content: Data("one, changed\n".utf8)),
        FileChange(path: "Workstreams/B/new.md", content: Data("new folder\n".utf8)),
        FileChange(path: "Handoffs/H1.md", content: nil),
        FileChange(path: "zz-last.md", content: Data("after every entry\n".utf8)),
        FileChange(path: "0-first.md", content: Data("before every entry\n".utf8)),
    ]

    func git(_ dir: URL, _ args: String...) throws -> String {
        try Git.output(args, in: dir, environment: Git.isolated(home: dir))
    }

    /// A history git made (so its index has a cache tree), a person's staged and unstaged work beside it.
    func project() throws -> URL {
        let dir = try TemporaryRepository.create(prefix: "ws-splice")
        for (path, text) in [("Workstreams/A1.md", "one\n"), ("Workstreams/A2.md", "two\n"), ("Handoffs/H1.md", "h\n"),
                             ("Handoffs/H2.md", "h2\n"), ("src/main.swift", "print(1)\n"), ("README.md", "r\n")] {
            try TemporaryRepository.write(text, to: path, in: dir)
        }
        _ = try git(dir, "add", "-A")
        _ = try git(dir, "commit", "-q", "-m", "start")
        try TemporaryRepository.write("staged\n", to: "src/staged.swift", in: dir)
        _ = try git(dir, "add", "src/staged.swift")
        try TemporaryRepository.write("print(2)\n", to: "src/main.swift", in: dir)
        return dir
    }

    func copy(_ dir: URL) throws -> URL {
        let twin = dir.deletingLastPathComponent().appendingPathComponent(dir.lastPathComponent + "-reference")
        try FileManager.default.copyItem(at: dir, to: twin)
        return twin
    }

    /// Commits `changes`, answering whether the fast path wrote the index (its trace mark says so).
    func commit(_ changes: [FileChange], in dir: URL, reference: Bool) throws -> Bool {
        var marks: [String] = []
        let outcome = try Repository(discoveringFrom: dir).commitGenerated(
            changes, message: "ws: change", author: identity, generated: reference ? referencePath : nil,
            trace: { marks.append($0) })
        #expect(outcome != .unchanged)
        return marks.contains { $0.hasSuffix(" entries)") }
    }

    /// What git says of a repository: index, status, the tree a commit of the index would make, HEAD's tree.
    func gitView(_ dir: URL) throws -> [String] {
        [try git(dir, "ls-files", "--stage"), try git(dir, "status", "--porcelain"),
         try git(dir, "write-tree"), try git(dir, "rev-parse", "HEAD^{tree}")]
    }

    func expectSameView(_ fast: URL, _ reference: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (spliced, libgit2) = (try gitView(fast), try gitView(reference))
        #expect(spliced == libgit2, "spliced: \(spliced)\nlibgit2: \(libgit2)", sourceLocation: sourceLocation)
    }

    @Test func theSplicedIndexIsTheOneLibgit2Writes() throws {
        let fast = try project()
        let reference = try copy(fast)
        defer { [fast, reference].forEach { try? FileManager.default.removeItem(at: $0) } }
        #expect(try commit(changes, in: fast, reference: false))
        #expect(try !commit(changes, in: reference, reference: true))
        try expectSameView(fast, reference)
        #expect(try git(fast, "status", "--porcelain") == " M src/main.swift\nA  src/staged.swift\n")
        #expect(try git(fast, "fsck", "--strict", "--no-dangling").isEmpty)
        // A second commit splices the index the first one wrote, with its folders' cache marked unknown.
        let again = [FileChange(path: "Workstreams/A2.md", content: Data("two, changed\n".utf8)),
                     FileChange(path: "Workstreams/B/new.md", content: nil)]
        #expect(try commit(again, in: fast, reference: false))
        #expect(try !commit(again, in: reference, reference: true))
        try expectSameView(fast, reference)
        // The person's own commit afterwards takes ws's files and theirs, as it would after libgit2's index.
        _ = try git(fast, "commit", "-q", "-m", "mine")
        _ = try git(reference, "commit", "-q", "-m", "mine")
        #expect(try git(fast, "rev-parse", "HEAD^{tree}") == git(reference, "rev-parse", "HEAD^{tree}"))
        #expect(try git(fast, "fsck", "--strict", "--no-dangling").isEmpty)
    }

    @Test func aConflictedPathIsSettledAsLibgit2SettlesIt() throws {
        let fast = try project()
        defer { try? FileManager.default.removeItem(at: fast) }
        // Stages 1-3 of a path, as a merge leaves them, without the merge itself under way.
        let blob = try git(fast, "rev-parse", "HEAD:Workstreams/A1.md").trimmingCharacters(in: .whitespacesAndNewlines)
        let stages = (1...3).map { "100644 \(blob) \($0)\tWorkstreams/A1.md" }.joined(separator: "\n") + "\n"
        _ = try git(fast, "update-index", "--force-remove", "Workstreams/A1.md")
        _ = try Spawn.run(["/usr/bin/env", "git", "update-index", "--index-info"], cwd: fast,
                          env: Git.isolated(home: fast), stdin: stages).check()
        let reference = try copy(fast)
        defer { try? FileManager.default.removeItem(at: reference) }
        #expect(try commit(changes, in: fast, reference: false))
        #expect(try !commit(changes, in: reference, reference: true))
        #expect(try git(fast, "ls-files", "--stage") == git(reference, "ls-files", "--stage"))
        #expect(try git(fast, "ls-files", "--unmerged").isEmpty)
    }

    @Test(arguments: [
        ["update-index", "--index-version", "4"],
        ["update-index", "--untracked-cache"],
        ["gc", "-q"],
    ])
    func anIndexItDoesNotEditFallsBackToLibgit2(_ setup: [String]) throws {
        let dir = try project()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try Git.output(setup, in: dir, environment: Git.isolated(home: dir))
        _ = try git(dir, "status", "--porcelain") // writes the untracked cache where one is asked for
        let spliced = try commit(changes, in: dir, reference: false)
        // Packed objects leave the index as git wrote it, which the fast path edits.
        #expect(spliced == (setup.first == "gc"))
        #expect(try git(dir, "ls-files", "--stage", "Workstreams/A1.md").contains(
            git(dir, "rev-parse", "HEAD:Workstreams/A1.md").trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(try git(dir, "status", "--porcelain") == " M src/main.swift\nA  src/staged.swift\n")
        #expect(try git(dir, "fsck", "--strict", "--no-dangling").isEmpty)
    }

    /// libgit2 reads no split index ("unsupported mandatory extension"): neither path writes one; nothing is committed.
    @Test func aSplitIndexIsLeftToLibgit2WhichRefusesIt() throws {
        let dir = try project()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try git(dir, "update-index", "--split-index")
        let before = try git(dir, "rev-parse", "HEAD")
        #expect(throws: GitError.self) { try commit(changes, in: dir, reference: false) }
        #expect(try git(dir, "rev-parse", "HEAD") == before)
        #expect(try git(dir, "status", "--porcelain") == " M src/main.swift\nA  src/staged.swift\n")
    }

    /// A file changed in the same second as the index that staged it, its size and mtime (what git
    /// compares with `core.checkStat=minimal`, in whole seconds) unchanged: git tells the change
    /// only by its content while the index is as old as the file; the index ws writes is later,
    /// so the entry must be smudged (size 0) or git would take the file for clean.
    @Test func aRacilyCleanChangeStaysVisibleAfterTheSplice() throws {
        let dir = try project()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try git(dir, "config", "core.checkStat", "minimal")
        let sameSecond = ["/usr/bin/env", "touch", "-m", "-d", "@1700000000"]
        try TemporaryRepository.write("racy 1\n", to: "src/racy.swift", in: dir)
        _ = try Spawn.run(sameSecond + ["src/racy.swift"], cwd: dir, env: [:]).check()
        _ = try git(dir, "add", "src/racy.swift")
        try TemporaryRepository.write("racy 2\n", to: "src/racy.swift", in: dir)
        _ = try Spawn.run(sameSecond + ["src/racy.swift", ".git/index"], cwd: dir, env: [:]).check()
        // Without optional locks git status leaves the index as it is (it would smudge the entry itself).
        let before = try git(dir, "--no-optional-locks", "status", "--porcelain")
        #expect(before.contains("AM src/racy.swift"))
        #expect(try commit(changes, in: dir, reference: false))
        #expect(try git(dir, "--no-optional-locks", "status", "--porcelain") == before)
    }
}
