import EventLog
import Foundation
import Testing
import WorkstreamKit

/// A secret artifact's fingerprint is printed by `ws env` (in a comment line), `ws show` and the documents:
/// one that arrives with line breaks must never become lines of its own, whichever way it arrives.
@Suite struct HostileFingerprintTests {
    static let injected = "hmac-sha256:1f2e\nPATH=/tmp/evil:$PATH\ntouch /tmp/PWN\n#"

    static func payload() -> String {
        var fingerprint = ""
        JSONValue.writeString(injected, into: &fingerprint)
        return #"{"fingerprint":\#(fingerprint),"name":"DB_PASSWORD","secret":true,"seen":""}"#
    }

    static func expectClean(_ text: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let lines = text.split(separator: "\n")
        #expect(!lines.contains { $0.hasPrefix("PATH=") || $0.hasPrefix("touch ") || $0.contains("/tmp/evil") },
                "\(what) printed the injected lines: \(text)", sourceLocation: sourceLocation)
    }

    @Test func aJournalLineWithAMultiLineFingerprintIsQuarantined() throws {
        let pair = try ClonePair()
        let (one, two) = (pair.one, pair.two)
        let line = #"{"actor":"Hal","clock":500,"data":\#(Self.payload()),"eventId":"\#(UUID().uuidString.lowercased())","#
            + #""schemaVersion":1,"stream":"W","time":"2026-12-05T16:45:00.000Z","type":"ArtifactRecorded"}"#
        try HostileJournalTests.append(line, to: one.dir.appendingPathComponent(".ws/journal/W.jsonl"))
        try one.git("commit", "-q", "-am", "Journal edited by hand").check()
        try one.git("push", "-q", "origin", "main").check()
        try two.git("-c", "pull.rebase=false", "pull", "-q", "--no-edit", "origin", "main").check()
        let sync = try two.ws("sync")
        #expect(sync.code == 0 && sync.stderr.contains("W.jsonl") && sync.stderr.contains("fingerprint"),
                "not quarantined: \(sync.stderr)")
        for format in ["shell", "env-file"] {
            Self.expectClean(try two.ws("env", "W", "--format", format).check().stdout, "ws env --format \(format)")
        }
        Self.expectClean(try two.ws("show", "W").check().stdout, "ws show")
        #expect(!(try two.ws("export").check().stdout.contains("/tmp/evil")), "the event reached the log")
        let documents = try two.git("grep", "-l", "/tmp/evil", "--", "Workstreams", "Handoffs")
        #expect(documents.stdout.isEmpty, "a document holds the injected text: \(documents.stdout)")
    }

    /// A `ws export` file made by hand, its hashes right: the same checks as a journal line.
    @Test func anExportWithAMultiLineFingerprintIsRefusedByImport() throws {
        let s = try Sandbox.withWorkstream()
        let export = try s.ws("export").check().stdout
        let last = try ExportFormat.parse(try #require(export.split(separator: "\n").last), number: 1)
        let versions = try export.split(separator: "\n").enumerated().map { try ExportFormat.parse($1, number: $0 + 1) }
        let version = (versions.filter { $0.stream == "A1" }.map(\.version).max() ?? 0) + 1
        let payload = try JSONParser.parse(bytes: Array(Self.payload().utf8)).canonical
        var event = RecordedEvent(seq: last.seq + 1, eventId: UUID().uuidString.lowercased(), stream: "A1", version: version,
                                  type: "ArtifactRecorded", schemaVersion: 1, payload: payload, actor: "Hal",
                                  time: "2026-12-05T16:45:00.000Z", prevHash: last.hash, hash: "")
        event.hash = HashChain.hash(of: event)
        try s.write("hostile.jsonl", export + ExportFormat.line(event) + "\n")
        let before = try s.snapshot()
        let imported = try s.ws("import", "hostile.jsonl")
        #expect(imported.code != 0 && imported.stderr.contains("fingerprint"), "exit \(imported.code): \(imported.stdout)")
        #expect(try s.snapshot() == before, "a refused import changed the log")
        Self.expectClean(try s.ws("env", "A1").check().stdout, "ws env")
    }
}
