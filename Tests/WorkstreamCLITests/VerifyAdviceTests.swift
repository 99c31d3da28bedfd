import Foundation
import TestSupport
import Testing

/// Every piece of advice `ws verify` prints works when followed: each problem is
/// made as a person would make it, the advice is read from verify's own output and
/// run, and verify is sound again.
@Suite struct VerifyAdviceTests {
    func completedA1() throws -> Sandbox {
        let s = try Sandbox.planned()
        try s.ws("start", "A1", "--agent", "alice").check()
        try s.ws(["complete", "A1", "--agent", "alice", "--force", "--reason", "demo", "--summary", "done"]).check()
        try s.ws("verify").check()
        return s
    }

    /// Runs the one `ws …` command verify names after "restores it" / "commits them", then verifies again.
    func followAdvice(_ s: Sandbox, expecting fragment: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let report = try s.ws("verify")
        let text = report.stdout + report.stderr
        #expect(text.contains(fragment), "\(text)", sourceLocation: sourceLocation)
        let advice = try #require(text.range(of: #"'ws [a-z]+'"#, options: .regularExpression).map { String(text[$0].dropFirst(4).dropLast()) },
                                  "no advice in: \(text)", sourceLocation: sourceLocation)
        try s.ws(advice).check(sourceLocation: sourceLocation)
        let again = try s.ws("verify")
        #expect(again.code == 0, "\(again.stderr)", sourceLocation: sourceLocation)
        #expect(!again.stdout.contains("warning"), "\(again.stdout)", sourceLocation: sourceLocation)
    }

    @Test func aHandEditCommittedToADocumentIsRestoredByTheAdvice() throws {
        let s = try completedA1()
        let doc = s.root.appendingPathComponent("Workstreams/A2-backend-api.md")
        try (try String(contentsOf: doc, encoding: .utf8) + "\nedited by hand\n").write(to: doc, atomically: true, encoding: .utf8)
        try s.git("commit", "-q", "-am", "my edit", identity: true)
        try followAdvice(s, expecting: "Workstreams/A2-backend-api.md differs in HEAD")
    }

    @Test func aDeletedJournalIsRestoredByTheAdvice() throws {
        let s = try completedA1()
        try s.git("rm", "-q", ".ws/journal/A1.jsonl", identity: true)
        try s.git("commit", "-q", "-m", "removed a journal", identity: true)
        try followAdvice(s, expecting: ".ws/journal/A1.jsonl is missing from the last commit")
        #expect(FileManager.default.fileExists(atPath: s.root.appendingPathComponent(".ws/journal/A1.jsonl").path))
    }

    @Test func eventsAPullBroughtAreCommittedByTheAdvice() throws {
        let s = try completedA1()
        let clone = s.root.appendingPathComponent("../ws-advice-\(UUID().uuidString.prefix(8))").standardizedFileURL
        defer { try? FileManager.default.removeItem(at: clone) }
        try Sandbox.run(["/usr/bin/env", "git", "clone", "-q", s.root.path, clone.path], cwd: s.root, env: s.environment).check()
        let env = s.environment.merging(Git.identity) { $1 }
        try Sandbox.run([Sandbox.binary.path, "log", "A2", "from the clone"], cwd: clone, env: env).check()
        try Sandbox.run([Sandbox.binary.path, "commit"], cwd: clone, env: env).check()
        try s.ws("log", "A3", "from here").check()
        try s.git("pull", "-q", "--no-rebase", "--no-edit", clone.path, "main", identity: true)
        try followAdvice(s, expecting: "'ws sync' commits them")
    }
}
