import Foundation
import Testing
@testable import Operations

/// `Journal.read` reads the seal for the legacy lines it meets alone (none after most rewrites: the first
/// command after an amend parsed all 180,000 digests of the 10,000-workstream plan for nothing). The reference
/// reads it whole, as before. Both must import and quarantine the same lines whatever history git brings.
@Suite struct SealedReadingParityTests {
    /// Fast and reference readings of every file, of none, and of each file alone.
    static func expectSameReadings(_ copy: WorkCopy, _ stage: String,
                                   sourceLocation: SourceLocation = #_sourceLocation) {
        let names = Journal.names(workTree: copy.dir)
        let selections: [Set<String>?] = [nil, []] + names.map { Set([$0]) }
        for only in selections {
            let fast = summary(Journal.read(workTree: copy.dir, only: only))
            let reference = summary(Journal.read(workTree: copy.dir, only: only, wholeSeal: true))
            #expect(fast == reference, "\(stage), files \(only.map { $0.sorted() } ?? ["all"])",
                    sourceLocation: sourceLocation)
        }
    }

    static func summary(_ r: Journal.Reading) -> String {
        let events = r.events.map { "\($0.eventId) \($0.stream) \($0.clock)" }
        let quarantined = r.quarantined.map { "\($0.file):\($0.line) \($0.reason)" }
        let places = r.places.map { "\($0.key)@\($0.value.file):\($0.value.line)" }.sorted()
        return "\(events)\n\(quarantined)\n\(places)\nlegacy \(r.legacyLines) canonical \(r.canonical)"
    }

    @Test func anAmendAResetARebaseAndAForgeryReadAlikeWithTheWholeSeal() throws {
        let fixture = try V2Fixture()
        let repo = fixture.repo
        try repo.ws("sync").check()
        let sealed = try repo.head()
        let peer = try fixture.scratch.clone(repo.dir, as: "peer")
        Self.expectSameReadings(repo, "sealed")

        try repo.ws("log", "A2", "before the amend").check()
        try repo.ws("commit").check()
        try repo.git("commit", "-q", "--amend", "--no-edit", "--allow-empty", "-m", "Amended").check()
        Self.expectSameReadings(repo, "amended")
        try repo.ws("log", "A2", "the first command after the amend").check()
        try repo.ws("commit").check()
        try repo.ws("verify").check()

        try peer.ws("log", "A3", "from the peer").check()
        try peer.ws("commit").check()
        try repo.git("-c", "pull.rebase=true", "pull", "-q", peer.dir.path, "HEAD").check()
        Self.expectSameReadings(repo, "rebased onto the peer's commit")
        try repo.ws("sync").check()
        try repo.ws("verify").check()
        #expect(try repo.ws("export").check().stdout.contains("from the peer"), "the peer's event was not imported")

        try repo.git("reset", "-q", "--hard", sealed).check()
        Self.expectSameReadings(repo, "reset to the sealed commit")
        try repo.ws("sync").check()
        try repo.ws("verify").check()

        // A legacy line edited in place and a new line posing as legacy, brought in by an amend.
        try JournalForgery.edit(repo, "A2", containing: "api.example.test") { line in
            line.replacingOccurrences(of: "https://api.example.test", with: "https://evil.example")
        }
        try JournalForgery.appendPosingAsLegacy(repo, "A3")
        try repo.git("commit", "-q", "--amend", "--no-edit", "--allow-empty", "-m", "Forged, amended").check()
        Self.expectSameReadings(repo, "forged lines in an amend")
        try repo.ws("status").check()
        let export = try repo.ws("export").check().stdout
        #expect(!export.contains("evil.example") && !export.contains("Posing as legacy"), "a forgery was imported")
        #expect(try JournalForgery.quarantined(repo).count == 2)
    }
}
