import Foundation
import Testing

/// The repository the previous release made (Tests/Fixtures/v1-repo.tar.gz, see its README),
/// unpacked into a fresh directory: A1 completed by alice, A2 started by bob, 16 events, journal
/// lines carrying `seq`/`hash`/`prevHash`/`version`, and its SQLite log (schema 6).
final class V1Fixture {
    static let archive = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/v1-repo.tar.gz")
    static let oldKeys = ["seq", "hash", "prevHash", "version"]

    let scratch: Scratch
    let repo: WorkCopy

    init() throws {
        let s = try Scratch("ws-v1")
        try Sandbox.run(["/usr/bin/env", "tar", "xzf", Self.archive.path, "-C", s.base.path], cwd: s.base, env: WorkCopy.environment).check()
        (scratch, repo) = (s, WorkCopy(dir: s.base.appendingPathComponent("repo")))
    }

    /// The journal lines committed at `rev` in `copy`, parsed, file by file.
    static func journal(_ copy: WorkCopy, at rev: String = "HEAD") throws -> [String: [[String: Any]]] {
        let names = try copy.git("ls-tree", "--name-only", rev, ".ws/journal/").check().stdout.split(separator: "\n").map(String.init)
        var out: [String: [[String: Any]]] = [:]
        for name in names where name.hasSuffix(".jsonl") {
            let text = try copy.git("show", "\(rev):\(name)").check().stdout
            out[name] = try text.split(separator: "\n").map { try #require(try json(String($0)) as? [String: Any], "\(name): \($0)") }
        }
        return out
    }

    static func eventIds(_ journal: [String: [[String: Any]]]) -> Set<String> {
        Set(journal.values.flatMap { $0 }.compactMap { $0["eventId"] as? String })
    }
}

/// A repository written by the previous ws keeps working with this one, is rewritten into the
/// clone-independent journal form once, and rebuilds the same state in a fresh clone.
@Suite struct UpgradeTests {
    func expectFixtureState(_ copy: WorkCopy, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let a1 = try copy.row("A1"), a2 = try copy.row("A2")
        #expect(a1["status"] as? String == "completed", "\(WorkCopy.canonical(a1))", sourceLocation: sourceLocation)
        #expect(a2["status"] as? String == "in_progress" && a2["agent"] as? String == "bob", "\(WorkCopy.canonical(a2))", sourceLocation: sourceLocation)
    }

    func expectNewForm(_ copy: WorkCopy, ids: Set<String>, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let journal = try V1Fixture.journal(copy)
        for (file, lines) in journal.sorted(by: { $0.key < $1.key }) {
            let stale = lines.filter { line in V1Fixture.oldKeys.contains { line[$0] != nil } }
            #expect(stale.isEmpty, "\(file) still holds \(stale.count) old-form lines, e.g. \(WorkCopy.canonical(stale.first ?? [:]).prefix(200))", sourceLocation: sourceLocation)
        }
        #expect(V1Fixture.eventIds(journal).isSuperset(of: ids), "the rewrite lost events", sourceLocation: sourceLocation)
        #expect(try copy.git("status", "--porcelain", "--", ".ws/journal", "Workstreams", "Handoffs", "devlog").check().stdout.isEmpty, sourceLocation: sourceLocation)
    }

    func expectEvents(_ copy: WorkCopy, _ ids: Set<String>, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let exported = try copy.exported()
        #expect(exported.count == ids.count, "\(exported.count) events exported", sourceLocation: sourceLocation)
        #expect(Set(exported.compactMap { $0["eventId"] as? String }) == ids, sourceLocation: sourceLocation)
        #expect(exported.allSatisfy { $0["stream"] is String && $0["type"] is String }, sourceLocation: sourceLocation)
    }

    @Test func theOldRepositoryReadsAsItWasAndReadingCommitsNothing() throws {
        let fixture = try V1Fixture()
        let repo = fixture.repo
        let ids = V1Fixture.eventIds(try V1Fixture.journal(repo))
        #expect(ids.count == 16)
        let head = try repo.head()
        try expectFixtureState(repo)
        try expectEvents(repo, ids)
        for args in [["show", "A1", "--json"], ["ready", "--json"], ["blocked", "--json"], ["conflicts", "--json"], ["history", "--json"]] {
            try repo.ws(args).check()
        }
        try repo.ws("verify").check()
        #expect(try repo.head() == head, "a read-only command committed")
    }

    @Test func syncRewritesTheJournalInOneCommitAndAFreshCloneRebuildsTheSameState() throws {
        let fixture = try V1Fixture()
        let repo = fixture.repo
        let ids = V1Fixture.eventIds(try V1Fixture.journal(repo))
        let before = try repo.commitCount()
        try expectFixtureState(repo)
        try repo.ws("sync").check()
        #expect(try repo.commitCount() == before + 1, "the rewrite is one commit")
        try expectNewForm(repo, ids: ids)
        try expectFixtureState(repo)
        try expectEvents(repo, ids)
        try repo.ws("sync").check()
        try repo.ws("commit").check()
        #expect(try repo.commitCount() == before + 1, "a second sync committed again")
        try repo.ws("verify").check()

        let clone = try fixture.scratch.clone(repo.dir, as: "clone")
        #expect(WorkCopy.canonical(try clone.json("status")) == WorkCopy.canonical(try repo.json("status")))
        try expectEvents(clone, ids)
        try clone.ws("verify").check()
        try clone.ws("sync").check()
        #expect(try clone.head() == repo.head(), "a fresh clone of the upgraded repository had something to commit")
    }

    @Test func theFirstWritingCommandRewritesTheJournalOnce() throws {
        let fixture = try V1Fixture()
        let repo = fixture.repo
        let ids = V1Fixture.eventIds(try V1Fixture.journal(repo))
        let head = try repo.head()
        try repo.ws("complete", "A2", "--agent", "bob", "--summary", "API is up").check()
        try expectNewForm(repo, ids: ids)
        // A1 had no new event: only the rewrite touched its journal, exactly once.
        let touched = try repo.git("rev-list", "--count", "\(head)..HEAD", "--", ".ws/journal/A1.jsonl").check().stdout
        #expect(touched.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        #expect(try repo.row("A2")["status"] as? String == "completed")
        #expect(try repo.row("A1")["status"] as? String == "completed")
        let all = try repo.eventIds()
        #expect(all.count == 17 && all.isSuperset(of: ids))
        try repo.ws("verify").check()

        let clone = try fixture.scratch.clone(repo.dir, as: "clone")
        #expect(WorkCopy.canonical(try clone.json("status")) == WorkCopy.canonical(try repo.json("status")))
        #expect(try clone.eventIds() == all)
        try clone.ws("verify").check()
    }

    @Test func aFreshCloneOfTheOldRepositoryWorks() throws {
        let fixture = try V1Fixture()
        let ids = V1Fixture.eventIds(try V1Fixture.journal(fixture.repo))
        let clone = try fixture.scratch.clone(fixture.repo.dir, as: "clone")
        try expectFixtureState(clone)
        try expectEvents(clone, ids)
        try clone.ws("verify").check()
        try clone.ws("new", "A4", "--title", "Written after the upgrade", "--depends-on", "A1").check()
        try clone.ws("sync").check()
        try expectNewForm(clone, ids: ids)
        try expectFixtureState(clone)
        #expect(try clone.objects("ready").contains { $0["id"] as? String == "A4" })
        try clone.ws("verify").check()
    }
}
