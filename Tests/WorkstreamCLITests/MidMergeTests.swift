import Foundation
import Testing

/// A `git merge` that stops on conflicts in ws's generated files, in a clone where ws never ran
/// (no merge driver) and where the journals merge as text: ws settles what is its own, stages it
/// as resolved, never commits, and leaves an index git accepts and a merge git can finish or abort.
@Suite struct MidMergeTests {
    /// `one` completed W and pushed main; `two` set an artifact of W, completed H and pushed `side`;
    /// `three`, a fresh clone where ws never ran, merges `side` into main and stops on conflicts.
    final class Diverged {
        let pair: ClonePair
        let three: WorkCopy
        let before: String

        init(personConflict: Bool = false) throws {
            pair = try ClonePair()
            let (one, two) = (pair.one, pair.two)
            if personConflict {
                for (copy, text) in [(one, "one\n"), (two, "two\n")] {
                    try Data(text.utf8).write(to: copy.dir.appendingPathComponent("app.txt"))
                    try copy.git("add", "app.txt").check()
                    try copy.git("commit", "-q", "-m", "app").check()
                }
            }
            try two.ws("artifact", "W", "URL=https://two.example").check()
            try two.ws("start", "H", "--agent", "bob").check()
            try two.ws("complete", "H", "--agent", "bob", "--force", "--reason", "test", "--summary", "Hub done").check()
            try two.git("push", "-q", "origin", "main:side").check()
            try one.ws("start", "W", "--agent", "ann").check()
            try one.ws("complete", "W", "--agent", "ann", "--force", "--reason", "test", "--summary", "Work done").check()
            try one.git("push", "-q", "origin", "main").check()
            three = try pair.scratch.clone(pair.scratch.base.appendingPathComponent("origin.git"), as: "three")
            // Journals merge as text here (as without ws's .gitattributes), so they conflict too.
            try Data(".ws/journal/*.jsonl merge=text\n".utf8).write(to: three.dir.appendingPathComponent(".git/info/attributes"))
            try three.git("fetch", "-q", "origin", "side").check()
            before = try three.head()
            let merge = try three.git("merge", "--no-edit", "origin/side")
            #expect(merge.code == 1, "the merge should stop on conflicts: \(merge.stdout)")
            let unmerged = try three.git("ls-files", "-u").check().stdout
            #expect(unmerged.contains(".ws/journal/W.jsonl") && unmerged.contains("Workstreams/README.md"), "\(unmerged)")
        }

        func unmergedPaths() throws -> Set<String> {
            let lines = try three.git("ls-files", "-u").check().stdout.split(separator: "\n")
            return Set(lines.compactMap { $0.split(separator: "\t").last.map(String.init) })
        }

        func expectSoundIndex(sourceLocation: SourceLocation = #_sourceLocation) throws {
            let fsck = try three.git("fsck", "--no-dangling")
            #expect(fsck.code == 0 && !fsck.stderr.contains("multiple stage"), "git fsck: \(fsck.stderr)",
                    sourceLocation: sourceLocation)
            #expect(try three.head() == before, "ws committed during the merge", sourceLocation: sourceLocation)
            #expect(FileManager.default.fileExists(atPath: three.dir.appendingPathComponent(".git/MERGE_HEAD").path),
                    "the merge is no longer in progress", sourceLocation: sourceLocation)
        }
    }

    @Test func syncSettlesTheGeneratedFilesAndTheMergeEndsWithTheirCommit() throws {
        let d = try Diverged()
        let sync = try d.three.ws("sync")
        #expect(sync.code == 0, "\(sync.stderr)")
        #expect(sync.stderr.contains("a merge is in progress") && sync.stderr.contains("git commit"), "\(sync.stderr)")
        try d.expectSoundIndex()
        #expect(try d.unmergedPaths().isEmpty)
        // No conflict marker is left in a journal or a document.
        let markers = try d.three.git("grep", "-l", "-e", "^<<<<<<<", "--cached", "--",
                                      ".ws/journal", "Workstreams", "Handoffs", "devlog")
        #expect(markers.stdout.isEmpty, "\(markers.stdout)")
        let verify = try d.three.ws("verify")
        #expect(verify.code == 0 && (verify.stdout + verify.stderr).contains("a merge is in progress"), "\(verify.stdout)")

        try d.three.git("commit", "--no-edit", "-q").check()
        let parents = try d.three.git("rev-list", "--parents", "-n", "1", "HEAD").check().stdout.split(separator: " ")
        #expect(parents.count == 3, "not a two-parent merge commit: \(parents)")
        let committed = try d.three.git("show", "HEAD:.ws/journal/W.jsonl").check().stdout
        #expect(committed.contains("https://two.example") && committed.contains("WorkstreamCompleted"))
        // The merge commit holds what ws would commit: the next command has nothing to add, and all is clean.
        try d.three.ws("commit").check()
        try d.three.ws("verify").check()
        #expect(try d.three.git("status", "--porcelain").check().stdout.isEmpty)
        let ids = try d.pair.one.eventIds().union(d.pair.two.eventIds())
        #expect(try d.three.eventIds() == ids)
    }

    @Test func aWritingCommandMidMergeAppendsAndItsEventGoesInTheMergeCommit() throws {
        let d = try Diverged()
        let complete = try d.three.ws("complete", "I", "--agent", "cleo", "--force", "--reason", "test",
                                      "--summary", "Inner done")
        #expect(complete.code == 0, "\(complete.stderr)")
        #expect(complete.stderr.contains("commits nothing until it is finished"), "\(complete.stderr)")
        try d.expectSoundIndex()
        #expect(try d.unmergedPaths().isEmpty)
        try d.three.git("commit", "--no-edit", "-q").check()
        #expect(try d.three.git("show", "HEAD:.ws/journal/I.jsonl").check().stdout.contains("Inner done"))
        let head = try d.three.head()
        try d.three.ws("commit").check()
        #expect(try d.three.head() == head, "the merge commit already held every event")
        #expect(try d.three.git("status", "--porcelain").check().stdout.isEmpty)
    }

    @Test func aPersonsOwnConflictStaysTheirsAndTheMergeCanBeAborted() throws {
        let d = try Diverged(personConflict: true)
        let sync = try d.three.ws("sync")
        #expect(sync.code == 0, "\(sync.stderr)")
        #expect(sync.stderr.contains("still conflicted, for you to resolve: app.txt"), "\(sync.stderr)")
        try d.expectSoundIndex()
        #expect(try d.unmergedPaths() == ["app.txt"])
        try d.three.git("merge", "--abort").check()
        #expect(try d.three.head() == d.before)
        #expect(try d.three.git("status", "--porcelain").check().stdout.isEmpty)
        try d.three.ws("verify").check()
    }

    @Test func aStashAfterWsSettledTheMergeWorks() throws {
        let d = try Diverged()
        try d.three.ws("sync").check()
        try d.expectSoundIndex()
        try d.three.git("stash").check()
        #expect(try d.three.git("stash", "list").check().stdout.contains("stash@{0}"))
    }
}
