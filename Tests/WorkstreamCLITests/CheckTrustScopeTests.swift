import Foundation
import Testing

/// A check's trust is for one check of one workstream: the command's environment is that workstream's
/// artifacts (and its dependencies'), which any clone can record, so the same command elsewhere is not trusted.
@Suite struct CheckTrustScopeTests {
    static let command = "touch ran-by-check.txt"

    func marker(_ copy: WorkCopy) -> Bool {
        FileManager.default.fileExists(atPath: copy.dir.appendingPathComponent("ran-by-check.txt").path)
    }

    @Test func aCommandTrustedForOneWorkstreamIsNotTrustedForAnother() throws {
        let pair = try ClonePair()
        let (one, two) = (pair.one, pair.two)
        try two.ws("check", "add", "W", "build", "--run", Self.command).check()
        try pair.exchange()
        try one.ws("check", "add", "H", "build", "--run", Self.command).check()
        try one.ws("check", "add", "W", "again", "--run", Self.command).check()
        try pair.exchange()
        for (id, name) in [("H", "build"), ("W", "again")] {
            let r = try two.ws("check", "run", id)
            #expect(r.code == 3, "\(id) \(name): exit \(r.code) \(r.stderr)")
            #expect(r.stderr.contains("ws check trust \(id) \(name)"), "\(r.stderr)")
            #expect(!marker(two), "a command trusted for W/build ran as \(id)/\(name)")
        }
        try two.ws("check", "trust", "H", "build").check()
        let h = try two.ws("check", "run", "H")
        #expect(h.code == 0, "exit \(h.code) \(h.stderr)")
        #expect(marker(two))
    }

    /// An entry of an older ws, keyed by the command's digest alone, no longer grants trust.
    @Test func anOldTrustEntryKeyedByTheCommandAloneGrantsNothing() throws {
        let pair = try ClonePair()
        try pair.one.ws("check", "add", "W", "build", "--run", Self.command).check()
        try pair.exchange()
        let two = pair.two
        let sum = try Sandbox.run(["/usr/bin/env", "sha256sum"], cwd: two.dir, env: two.env, stdin: Self.command).check()
        let digest = String(sum.stdout.prefix(64))
        let old = #"{"trusted":{"\#(digest)":{"name":"W: build","sha256":"\#(digest)","trustedAt":""}},"version":1}"#
        let file = two.dir.appendingPathComponent(".git/ws/trusted-checks.json")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try old.write(to: file, atomically: true, encoding: .utf8)
        let r = try two.ws("check", "run", "W")
        #expect(r.code == 3, "exit \(r.code) \(r.stderr)")
        #expect(r.stderr.contains("ws check trust W build"), "\(r.stderr)")
        #expect(!marker(two), "an old entry made the command run")
        try two.ws("check", "trust", "W").check()
        try two.ws("check", "run", "W").check()
        #expect(marker(two))
    }
}

/// `ws plan apply` trusts no check command by itself, not even one it records: another clone can edit plan.yaml.
@Suite struct PlanApplyTrustTests {
    @Test func aRunChangedInThePlanByAnotherCloneIsRecordedButNotTrusted() throws {
        let pair = try ClonePair()
        let (one, two) = (pair.one, pair.two)
        func plan(_ run: String) -> String {
            "workstreams:\n  - id: W\n    title: Work\n    checks:\n      - {name: build, run: \"\(run)\"}\n"
        }
        try plan("true").write(to: one.dir.appendingPathComponent("plan.yaml"), atomically: true, encoding: .utf8)
        try one.ws("plan", "apply", "plan.yaml", "--trust-checks").check()
        try one.ws("check", "run", "W").check()
        try one.git("add", "plan.yaml").check()
        try one.git("commit", "-q", "-m", "plan").check()
        try pair.exchange()
        try plan(CheckTrustScopeTests.command).write(to: two.dir.appendingPathComponent("plan.yaml"),
                                                     atomically: true, encoding: .utf8)
        try two.git("commit", "-q", "-am", "a better check").check()
        try two.git("push", "-q", "origin", "main").check()
        try one.git("-c", "pull.rebase=false", "pull", "-q", "--no-edit", "origin", "main").check()
        let applied = try one.ws("plan", "apply", "plan.yaml").check()
        #expect(applied.stdout.contains("W check 'build' runs: \(CheckTrustScopeTests.command)"), "\(applied.stdout)")
        #expect(applied.stdout.contains("trust with: ws check trust W build"), "\(applied.stdout)")
        let run = try one.ws("check", "run", "W")
        #expect(run.code == 3, "exit \(run.code) \(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: one.dir.appendingPathComponent("ran-by-check.txt").path),
                "the command the other clone put in plan.yaml ran here without trust")
    }
}
