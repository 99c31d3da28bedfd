import Foundation
import Testing

/// A repository on a file system ws may not write (a read-only mount of a CI cache, a
/// shared checkout): the commands that only read still answer, from the log opened read-only,
/// and a command that must write fails with the cause named. The read-only mount is made in
/// a mount namespace of its own (`unshare`), so it holds for root as well.
@Suite struct ReadOnlyFileSystemTests {
    /// Runs `ws args…` with the whole repository (its `.git` and the log in it) mounted read-only.
    func readOnly(_ s: Sandbox, _ args: [String], stdin: String? = nil, at folder: URL? = nil) throws -> Sandbox.Result {
        let unshare = getuid() == 0 ? ["unshare", "-m"] : ["unshare", "-r", "-m"]
        let script = #"mount --bind -o ro "$1" "$1" && cd "$1" && touch .ws-probe 2>/dev/null && exit 99; shift; exec "$@""#
        let root = (folder ?? s.root).path
        return try Sandbox.run(["/usr/bin/env"] + unshare + ["/bin/bash", "-c", script, "ro", root, Sandbox.binary.path] + args,
                               cwd: s.root, env: s.environment, stdin: stdin)
    }

    @Test func commandsThatOnlyReadAnswerOnAReadOnlyFileSystem() throws {
        let s = try Sandbox.planned()
        try s.ws("start", "A1").check()
        let export = try s.snapshot()
        let show = try s.ws("show", "A1").check().stdout
        let mounted = try readOnly(s, ["status"])
        #expect(mounted.code != 99, "the mount is not read-only")
        for args in [["status"], ["show", "A1"], ["export"], ["verify"], ["ready", "--json"], ["history", "A1"]] {
            let r = try readOnly(s, args)
            #expect(r.code == 0, "ws \(args.joined(separator: " ")) on a read-only file system: exit \(r.code): \(r.stderr)")
            #expect(!r.stderr.contains("unable to open database file"), "\(r.stderr)")
        }
        #expect(mounted.stderr.isEmpty, "nothing to warn of: \(mounted.stderr)")
        #expect(try readOnly(s, ["export"]).stdout == export)
        #expect(try readOnly(s, ["show", "A1"]).stdout == show)
        let ready = #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"ready","arguments":{}}}"# + "\n"
        let mcp = try readOnly(s, ["mcp"], stdin: ready)
        let answer = try #require(try json(mcp.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) as? [String: Any], "\(mcp.stderr)")
        let result = try #require(answer["result"] as? [String: Any], "\(answer)")
        #expect(result["isError"] as? Bool != true, "\(result)")
        #expect(mcp.stdout == (try s.ws(["mcp"], stdin: ready).check().stdout), "MCP ready answers as on a writable file system")
    }

    @Test func aCommandThatMustWriteNamesTheCauseAndChangesNothing() throws {
        let s = try Sandbox.planned()
        let before = try s.snapshot()
        let r = try readOnly(s, ["new", "Z1", "--title", "Written"])
        #expect(r.code == 1, "exit \(r.code): \(r.stderr)")
        #expect(r.stderr.contains("cannot be written") && r.stderr.contains("Read-only file system"), "\(r.stderr)")
        #expect(try s.snapshot() == before)
    }

    /// What git brought since the log was last written cannot be imported into a log that cannot be written: said, not hidden.
    @Test func journalEventsThatCannotBeImportedAreNamed() throws {
        let s = try Sandbox.planned()
        let git = ["/usr/bin/env", "git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
        try Sandbox.run(git + ["commit", "-q", "--allow-empty", "-m", "moved on"], cwd: s.root, env: s.environment).check()
        let r = try readOnly(s, ["status"])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stderr.contains("warning") && r.stderr.contains("not imported"), "\(r.stderr)")
    }

    /// A fresh clone has no log yet, and cannot build one from the journal where nothing can be written: the cause is named.
    @Test func aFreshCloneWithNoLogSaysWhyItCannotBuildOne() throws {
        let s = try Sandbox.planned()
        try s.ws("commit").check()
        let clone = s.root.appendingPathComponent("clone")
        try Sandbox.run(["/usr/bin/env", "git", "clone", "-q", s.root.path, clone.path], cwd: s.root, env: s.environment).check()
        #expect(FileManager.default.fileExists(atPath: clone.appendingPathComponent(".ws/journal").path), "the plan's journal is committed")
        let r = try readOnly(s, ["status"], at: clone)
        #expect(r.code == 1, "\(r.stderr)")
        #expect(r.stderr.contains("no log") && r.stderr.contains("Read-only file system"), "\(r.stderr)")
        #expect(!r.stderr.contains("NSCocoaErrorDomain") && !r.stderr.contains("Error Domain"), "\(r.stderr)")
    }
}
