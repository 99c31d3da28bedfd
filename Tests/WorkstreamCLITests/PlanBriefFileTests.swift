import Foundation
import TestSupport
import Testing

/// A plan arrives from other clones and pull requests, so its `brief_file` may name only a file of the
/// work tree: an absolute path, an escape (`..` or a symlink) or a file in the git directory, where ws
/// keeps its secrets, is refused with exit 1 and nothing is recorded.
@Suite struct PlanBriefFileTests {
    static func plan(_ briefFile: String) -> String {
        "workstreams:\n  - id: X1\n    title: innocent\n    brief_file: \(briefFile)\n"
    }

    @Test func aBriefFileOutsideTheWorkTreeIsRefusedAndNothingRecorded() throws {
        let s = try Sandbox()
        try s.ws("init").check()
        try s.ws("new", "D1", "--title", "Deploy").check()
        let secret = "supersecretvalue"
        try s.ws(["artifact", "D1", "PW=-", "--secret"], stdin: secret + "\n").check()
        try FileManager.default.createSymbolicLink(atPath: s.root.appendingPathComponent("passwd.md").path,
                                                   withDestinationPath: "/etc/passwd")
        let before = try s.snapshot()
        for (file, why) in [(".git/ws/secrets.json", "git directory"), ("/etc/passwd", "absolute path"),
                            ("../../../../../../etc/passwd", "outside the work tree"),
                            ("passwd.md", "outside the work tree")] {
            try s.write("evil.yaml", Self.plan(file))
            let r = try s.ws("plan", "apply", "evil.yaml")
            #expect(r.code == 1 && r.stderr.contains(why), "\(file): exit \(r.code) \(r.stderr)")
            #expect(!r.stdout.contains(secret) && !r.stderr.contains(secret), "\(file): \(r)")
        }
        #expect(try s.snapshot() == before)
        try s.ws("commit").check()
        let grep = try Git.run(["grep", "-c", secret, "HEAD"], in: s.root, environment: s.environment)
        #expect(grep.code == 1, "the secret reached git: \(grep.stdout)")
    }

    @Test func aBriefFileInTheWorkTreeIsReadRelativeToThePlan() throws {
        let s = try Sandbox()
        try s.ws("init").check()
        try s.write("plans/briefs/X1.md", "Build it.\n\n- [ ] First step\n")
        try s.write("plans/plan.yaml", Self.plan("briefs/../briefs/X1.md"))
        try s.ws("plan", "apply", "plans/plan.yaml").check()
        let shown = try s.ws("show", "X1").check()
        #expect(shown.stdout.contains("First step"), "\(shown.stdout)")
    }
}
