import Foundation
import Testing

/// An index that drifted from HEAD anyway (left by a ws from before commit and index were one
/// step: the branch moved, then `kill -9` before the index and work tree were written) is
/// reported by `ws verify` and put back by the next writing command; a person's own staged and
/// unstaged work stays exactly as it was.
@Suite struct IndexDriftTests {
    /// Leaves the repository as a ws killed between moving the branch and writing the index did:
    /// HEAD has the last commit's files, the index and the work tree the ones before.
    func driftAsAnOlderWsLeftIt(_ person: PersonAtGit) throws -> [String] {
        let paths = try person.changedFiles(from: "HEAD~", to: "HEAD").sorted()
        try person.git(["reset", "-q", "HEAD~", "--"] + paths).check()
        for path in paths {
            if try person.git("cat-file", "-e", "HEAD~:\(path)").code == 0 {
                try person.git("checkout", "HEAD~", "--", path).check()
            } else {
                try FileManager.default.removeItem(at: person.s.root.appendingPathComponent(path))
            }
        }
        return paths
    }

    func personsOwnWork(_ s: Sandbox, _ person: PersonAtGit) throws {
        try s.write("app.txt", "version 1\n")
        try person.git("add", "app.txt", "plan.yaml", ".gitignore", ".gitattributes", ".ws/config.json").check()
        try person.git("commit", "-q", "-m", "project").check()
        // Staged: a new file, and a file of their own in a generated folder (no generated header).
        try s.write("notes.txt", "staged, not committed\n")
        try s.write("Workstreams/NOTES.md", "# Our own notes\n")
        try person.git("add", "notes.txt", "Workstreams/NOTES.md").check()
        // Unstaged: an edit.
        try s.write("app.txt", "version 2 (unstaged)\n")
    }

    @Test func theNextWritingCommandPutsBackWhatAnOlderWsLeftAndVerifySaysSo() throws {
        let s = try Sandbox.planned()
        let person = PersonAtGit(s: s)
        try personsOwnWork(s, person)
        try s.ws("start", "A1", "--agent", "alice").check()
        try s.ws("complete", "A1", "--force", "--reason", "demo", "--agent", "alice").check()
        try s.ws("start", "A2", "--agent", "bob").check()
        try s.ws("complete", "A2", "--force", "--reason", "demo", "--summary", "API up", "--agent", "bob").check()
        let drifted = try driftAsAnOlderWsLeftIt(person)
        let handoff = try #require(drifted.first { $0.hasPrefix("Handoffs/") })
        #expect(drifted.contains(".ws/journal/A2.jsonl"))

        // ws verify names each file and what puts it back.
        let verify = try s.ws("verify")
        #expect(verify.code == 1)
        #expect(verify.stderr.contains("\(handoff): the git index has no entry for it although HEAD has one, so a 'git commit' now would delete it; 'ws commit' stages it again"), "\(verify.stderr)")
        #expect(verify.stderr.contains(".ws/journal/A2.jsonl: the git index holds an older committed version than HEAD's"), "\(verify.stderr)")
        // A read-only command changes nothing.
        try s.ws("status").check()
        #expect(try !person.generatedStatus().isEmpty)

        // The next writing command (no commit of its own) puts back exactly those entries and files.
        let next = try s.ws("log", "A3", "looked at the API")
        try next.check()
        #expect(next.stderr.contains("ws: note: the git index held older versions of \(drifted.count) files ws committed"), "\(next.stderr)")
        #expect(try person.generatedStatus() == ["A  Workstreams/NOTES.md"])
        let status = try person.git("status", "--porcelain").stdout
        #expect(status.contains("A  notes.txt") && status.contains(" M app.txt"), "\(status)")
        #expect(try String(contentsOf: s.root.appendingPathComponent("app.txt"), encoding: .utf8) == "version 2 (unstaged)\n")
        try s.ws("verify").check()

        // The person's commit of everything now takes nothing from ws.
        let before = try person.head()
        try person.commitEverything("my files").check()
        let theirs = try person.head()
        #expect(try person.damage(of: theirs).isEmpty)
        #expect(try person.changedFiles(from: before, to: theirs) == ["Workstreams/NOTES.md"])
        #expect(try person.loggedEventIDs().subtracting(person.journalEventIDs()).count <= 1) // the note is not committed yet
        try s.ws("verify").check()
    }

    @Test func wsCommitPutsItBackAndAVersionThePersonStagedIsLeftAlone() throws {
        let s = try Sandbox.planned()
        let person = PersonAtGit(s: s)
        try personsOwnWork(s, person)
        for id in ["A1", "C1"] {
            try s.ws("start", id, "--agent", "alice").check()
            try s.ws("complete", id, "--force", "--reason", "demo", "--agent", "alice").check()
        }
        let drifted = try driftAsAnOlderWsLeftIt(person)
        #expect(!drifted.isEmpty)
        // 'ws commit' is what verify advises: it puts the entries back even with nothing to commit.
        let commit = try s.ws("commit").check()
        #expect(commit.stdout.contains("documents are up to date"))
        #expect(commit.stderr.contains("ws: note: the git index held older versions"), "\(commit.stderr)")
        #expect(try person.generatedStatus() == ["A  Workstreams/NOTES.md"])
        try s.ws("verify").check()

        // A version the person staged that was never committed is theirs to commit, not drift.
        let readme = s.root.appendingPathComponent("Workstreams/README.md")
        let original = try String(contentsOf: readme, encoding: .utf8)
        try s.write("Workstreams/README.md", original + "\nA line of the person's.\n")
        try person.git("add", "Workstreams/README.md").check()
        try s.ws("log", "A2", "a note").check()
        #expect(try person.generatedStatus().contains("M  Workstreams/README.md"))
        #expect(try String(contentsOf: readme, encoding: .utf8).hasSuffix("A line of the person's.\n"))
    }
}
