import Foundation
import Testing

/// git itself, run the way every test target runs it (through `Spawn`).
public enum Git {
    /// A person's identity for the commits tests make with git, so no test depends on the machine's.
    public static let identity = ["GIT_AUTHOR_NAME": "Person", "GIT_AUTHOR_EMAIL": "person@example.com",
                                  "GIT_COMMITTER_NAME": "Person", "GIT_COMMITTER_EMAIL": "person@example.com"]

    /// A bare environment for git on its own (no HOME config, no editor), with `identity`.
    public static func isolated(home: URL) -> [String: String] {
        identity.merging(["HOME": home.path, "PATH": "/usr/bin:/bin", "GIT_EDITOR": "true"]) { $1 }
    }

    /// `git args…` in `dir`: its result whatever the exit code (a failure is an answer for some tests).
    public static func run(_ args: [String], in dir: URL, environment: [String: String]) throws -> ProcessResult {
        try Spawn.run(["/usr/bin/env", "git"] + args, cwd: dir, env: environment)
    }

    /// `git args…` in `dir`, which must succeed; its standard output.
    @discardableResult
    public static func output(_ args: [String], in dir: URL, environment: [String: String],
                              sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try run(args, in: dir, environment: environment).check(sourceLocation: sourceLocation).stdout
    }
}
