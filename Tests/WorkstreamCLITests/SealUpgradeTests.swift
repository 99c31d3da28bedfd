import Foundation
import Testing

/// The repository the release before content ids made (Tests/Fixtures/v2-repo.tar.gz, see its
/// README): journal lines with clocks and UUID event ids, 10 events, all committed.
final class V2Fixture {
    static let archive = V1Fixture.archive.deletingLastPathComponent().appendingPathComponent("v2-repo.tar.gz")
    static let seal = ".ws/journal/legacy.seal"

    let scratch: Scratch
    let repo: WorkCopy

    init() throws {
        let s = try Scratch("ws-v2")
        try Sandbox.run(["/usr/bin/env", "tar", "xzf", Self.archive.path, "-C", s.base.path], cwd: s.base,
                        env: WorkCopy.environment).check()
        (scratch, repo) = (s, WorkCopy(dir: s.base.appendingPathComponent("repo")))
    }

    /// The seal committed at HEAD: event id → digest.
    static func seal(_ copy: WorkCopy) throws -> [String: String] {
        let text = try copy.git("show", "HEAD:\(seal)").check().stdout
        var out: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ").map(String.init)
            if parts.count == 2 { out[parts[0]] = parts[1] }
        }
        return out
    }
}

/// The upgrade to content ids, done once by ws and alike on every clone: legacy events keep their
/// UUIDs and the journal gains a seal (one digest per legacy line); after it, an edited legacy line,
/// or a new line posing as legacy, is quarantined by every clone, one cloned later included.
@Suite struct SealUpgradeTests {
    static func isUUID(_ id: String) -> Bool { id.count == 36 && id.split(separator: "-").count == 5 }

    @Test func theFirstSyncSealsTheJournalOnceAndNewEventsGetContentIds() throws {
        let fixture = try V2Fixture()
        let repo = fixture.repo
        let ids = V1Fixture.eventIds(try V1Fixture.journal(repo))
        #expect(ids.count == 10 && ids.allSatisfy(Self.isUUID))
        let before = try repo.commitCount()
        try repo.ws("sync").check()
        #expect(try repo.commitCount() == before + 1, "the upgrade is one commit")
        #expect(Set(try V2Fixture.seal(repo).keys) == ids, "the seal does not hold exactly the legacy events")
        #expect(V1Fixture.eventIds(try V1Fixture.journal(repo)) == ids, "legacy events lost their ids")
        let quiet = try repo.ws("sync").check()
        #expect(try repo.commitCount() == before + 1 && quiet.stdout.hasPrefix("in sync"), "again: \(quiet.stdout)")

        try repo.ws("log", "A2", "written after the upgrade", "--agent", "bob").check()
        try repo.ws("commit").check()
        let fresh = try #require(try V1Fixture.eventIds(V1Fixture.journal(repo)).subtracting(ids).first)
        #expect(fresh.count == 64 && fresh.allSatisfy(\.isHexDigit), "a new event has id \(fresh)")
        try repo.ws("verify").check()

        // A clone made now computes the same: nothing quarantined, nothing to commit.
        let clone = try fixture.scratch.clone(repo.dir, as: "clone")
        #expect(WorkCopy.canonical(try clone.json("status")) == WorkCopy.canonical(try repo.json("status")))
        #expect(try clone.eventIds() == repo.eventIds())
        #expect(try JournalForgery.quarantined(clone).isEmpty)
        try clone.ws("verify").check()
        try clone.ws("sync").check()
        #expect(try clone.head() == repo.head(), "a fresh clone of the upgraded repository had something to commit")
    }

    @Test func anEditedLegacyLineIsQuarantinedByTheHolderAndByACloneMadeAfterTheEdit() throws {
        let fixture = try V2Fixture()
        let repo = fixture.repo
        try repo.ws("sync").check()
        // Edited in place, UUID kept: the holder knows the id; a later clone only has the seal to go by.
        try JournalForgery.edit(repo, "A2", containing: "api.example.test") { line in
            line.replacingOccurrences(of: "https://api.example.test", with: "https://evil.example")
        }
        let edited = try JournalForgery.number(repo, "A2", containing: "evil.example")
        // A new line posing as legacy: a fresh UUID, well formed otherwise.
        try JournalForgery.appendPosingAsLegacy(repo, "A3")
        let posing = JournalForgery.lines(repo, "A3").count
        let clone = try fixture.scratch.clone(repo.dir, as: "clone")
        let expected: Set = [".ws/journal/A2.jsonl:\(edited)", ".ws/journal/A3.jsonl:\(posing)"]
        for copy in [repo, clone] {
            try copy.ws("status").check()
            let export = try copy.ws("export").check().stdout
            let name = copy.dir.lastPathComponent
            #expect(!export.contains("evil.example") && !export.contains("Posing as legacy"), "\(name) imported a forgery")
            #expect(try JournalForgery.quarantined(copy) == expected, "\(name) quarantined other lines")
        }
        // The holder's sync writes the original back; the clone pulls it; both end up alike, quietly.
        try repo.ws("sync").check()
        try clone.git("-c", "pull.rebase=false", "pull", "-q", "--no-edit", "origin", "main").check()
        try clone.ws("sync").check()
        #expect(try clone.eventIds() == repo.eventIds())
        #expect(WorkCopy.canonical(try clone.json("status")) == WorkCopy.canonical(try repo.json("status")))
        #expect(try clone.ws("env", "A2").check().stdout == repo.ws("env", "A2").check().stdout)
        for copy in [repo, clone] {
            try copy.ws("verify").check()
            let head = try copy.head()
            let again = try copy.ws("sync").check()
            #expect(try copy.head() == head && again.stderr.isEmpty, "\(copy.dir.path): \(again.stdout)\(again.stderr)")
        }
    }
}
