import Foundation
import Testing

/// After a history rewrite (an amend, a `git pull --rebase` that replays ws commits), the next publish renders
/// only the generated files whose blobs differ from the commit ws last published, with the new events'
/// neighbourhood; a stale copy is repaired, and the result equals a full render (`ws rebuild` finds nothing).
@Suite struct RewriteRepairTests {
    /// Fifteen workstreams: a full render writes well over thirty files.
    static let extra = (1...12).map { ["new", "S\($0)", "--title", "Side \($0)"] }

    /// `ws sync` with WS_TRACE=1, which must succeed, and how many files its publish rendered.
    func tracedSync(_ copy: WorkCopy, sourceLocation: SourceLocation = #_sourceLocation) throws -> (Int, String) {
        var traced = copy
        traced.env["WS_TRACE"] = "1"
        let r = try traced.ws("sync").check(sourceLocation: sourceLocation)
        let counts = r.stderr.split(separator: "\n").compactMap { line -> Int? in
            guard let range = line.range(of: "  render ") else { return nil }
            return Int(line[range.upperBound...].prefix { $0.isNumber })
        }
        return (try #require(counts.last, "no render count in the trace: \(r.stderr)", sourceLocation: sourceLocation), r.stderr)
    }

    /// The reference: a full render (`ws rebuild`) changes nothing, and `ws verify` compares every document.
    func matchesFullRender(_ copy: WorkCopy, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try copy.ws("verify").check(sourceLocation: sourceLocation)
        let before = try copy.head()
        let rebuilt = try copy.ws("rebuild").check(sourceLocation: sourceLocation)
        #expect(rebuilt.stdout.contains("documents already match the log"), "\(rebuilt.stdout)", sourceLocation: sourceLocation)
        #expect(try copy.head() == before, "a full render found more to commit", sourceLocation: sourceLocation)
    }

    func document(_ copy: WorkCopy, of id: String) throws -> String {
        let folder = copy.dir.appendingPathComponent("Workstreams")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasPrefix("\(id)-") })
        return "Workstreams/\(name)"
    }

    @Test func anAmendThatPutsAnOldDocumentBackIsRepairedAlone() throws {
        let pair = try ClonePair(seed: Self.extra)
        let one = pair.one
        let path = try document(one, of: "S3")
        try one.ws("log", "S3", "a note after the seed").check()
        try one.ws("commit").check()
        let rendered = try String(contentsOf: one.dir.appendingPathComponent(path), encoding: .utf8)
        // A person amends ws's commit with the document as it was before it (an older copy, git's or a merge's).
        let old = try one.git("show", "HEAD~1:\(path)").check().stdout
        try old.write(to: one.dir.appendingPathComponent(path), atomically: true, encoding: .utf8)
        try one.git("commit", "-q", "-a", "--amend", "--no-edit").check()
        #expect(try one.git("show", "HEAD:\(path)").check().stdout == old)

        let (count, trace) = try tracedSync(one)
        #expect(count <= 4, "rendered \(count) files: more than the amended document's workstream and the index\n\(trace)")
        #expect(try one.git("show", "HEAD:\(path)").check().stdout == rendered)
        #expect(try String(contentsOf: one.dir.appendingPathComponent(path), encoding: .utf8) == rendered)
        try matchesFullRender(one)
    }

    @Test func aRebaseThatReplaysAWsCommitOverTheOtherClonesRendersWhatDiffers() throws {
        let pair = try ClonePair(seed: Self.extra)
        let (one, two) = (pair.one, pair.two)
        // Both clones change S5: its document conflicts, and git's generated-files driver keeps one side whole.
        try two.ws("log", "S5", "from two").check()
        try two.ws("commit").check()
        try two.git("push", "-q", "origin", "main").check()
        try one.ws("log", "S5", "from one").check()
        try one.ws("start", "S5").check()
        try one.ws("commit").check()
        try one.git("pull", "-q", "--rebase", "origin", "main").check()

        let (count, trace) = try tracedSync(one)
        #expect(count <= 6, "rendered \(count) files after the rebase\n\(trace)")
        try matchesFullRender(one)
        try one.git("push", "-q", "origin", "main").check()
        try two.git("-c", "pull.rebase=false", "pull", "-q", "--no-edit", "origin", "main").check()
        try two.ws("sync").check()
        try matchesFullRender(two)
        #expect(try one.exported().count == two.exported().count)
    }

    @Test func anAmendOfTheMessageOnlyRendersNoDocument() throws {
        let pair = try ClonePair(seed: Self.extra)
        let one = pair.one
        try one.ws("log", "S4", "a note").check()
        try one.ws("commit").check()
        try one.git("commit", "-q", "--amend", "-m", "reworded by a person").check()
        let (count, trace) = try tracedSync(one)
        #expect(count <= 1, "rendered \(count) files after an amend that changed no file\n\(trace)")
        try matchesFullRender(one)
    }

    /// An amend that left every generated file as ws published it has nothing to repair: the events not committed
    /// yet (a start) go with the completion's commit, as without the amend, not in a catch-up commit before it.
    @Test func anAmendThatLeftTheDocumentsAloneAddsNoCatchUpCommit() throws {
        let pair = try ClonePair(seed: Self.extra)
        let one = pair.one
        try one.ws("start", "S3").check()
        try one.git("commit", "-q", "--amend", "--allow-empty", "-m", "amended by a person").check()
        let before = try one.commitCount()
        try one.ws("complete", "S3").check()
        #expect(try one.commitCount() == before + 1, "a catch-up commit came before the completion's")
        let messages = try one.git("log", "-1", "--format=%B").check().stdout
        #expect(messages.hasPrefix("ws: complete S3"), "\(messages)")
        try matchesFullRender(one)
        try pair.exchange()
        try matchesFullRender(pair.two)
    }

    /// Without the commit ws last published (never recorded, or gone from the repository), every document is rendered.
    @Test func aRewriteWithoutThePublishedCommitRendersEverything() throws {
        let pair = try ClonePair(seed: Self.extra)
        let one = pair.one
        try one.ws("log", "S2", "a note").check()
        try one.ws("commit").check()
        let database = one.dir.appendingPathComponent(".git/ws/log.sqlite").path
        try Sandbox.run(["/usr/bin/env", "sqlite3", database, "DELETE FROM meta WHERE key = 'published_commit'"],
                        cwd: one.dir, env: one.env).check()
        try one.git("commit", "-q", "--amend", "-m", "amended by a person").check()
        let (count, trace) = try tracedSync(one)
        #expect(count > 30, "rendered only \(count) files with nothing to compare HEAD with\n\(trace)")
        try matchesFullRender(one)
    }
}
