import Foundation
import Testing

/// A peer commits something of the wrong kind where ws generates (red team F1, F2): a symlink or a file where a
/// shard folder goes, a folder or a symlink where a journal goes. ws never reads or writes through it, `ws verify`
/// names it, and the next publish replaces it with what ws generates.
@Suite struct HostilePathTests {
    /// A project in the sharded layout (the flat-600 fixture, upgraded), with a folder outside it.
    static func sharded() throws -> (Scratch, WorkCopy, URL) {
        let (scratch, repo) = try LargeLayoutTests.cloned()
        try repo.ws("sync").check()
        let outside = scratch.base.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        return (scratch, repo, outside)
    }

    /// The shard folder (two hex digits) W001's journal is in.
    static func shard(_ repo: WorkCopy) throws -> String {
        let files = try LargeLayoutTests.tracked(repo)
        let journal = files.first { $0.hasPrefix(".ws/journal/") && $0.hasSuffix("/W001.jsonl") } ?? ""
        return String(journal.split(separator: "/").dropLast().last ?? "")
    }

    /// What HEAD holds at `path`: "tree", "blob" with its mode, or "" when nothing.
    static func headEntry(_ repo: WorkCopy, _ path: String) throws -> String {
        let line = try repo.git("ls-tree", "HEAD", path).stdout
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        return fields.count >= 2 ? "\(fields[1]) \(fields[0])" : ""
    }

    /// The peer's commit: `change` done in the work tree, everything added and committed by git.
    static func peerCommits(_ repo: WorkCopy, _ change: () throws -> Void) throws {
        try change()
        try repo.git("add", "-A").check()
        try repo.git("commit", "-q", "-m", "a peer's commit").check()
    }

    @Test func symlinksWhereShardFoldersGoAreReplacedNeverFollowed() throws {
        let (scratch, repo, outside) = try Self.sharded()
        _ = scratch
        let shard = try Self.shard(repo)
        let manager = FileManager.default
        try Self.peerCommits(repo) {
            for folder in [".ws/journal/\(shard)", "Workstreams/\(shard)"] {
                try manager.removeItem(at: repo.dir.appendingPathComponent(folder))
                try manager.createSymbolicLink(at: repo.dir.appendingPathComponent(folder), withDestinationURL: outside)
            }
        }
        let verify = try repo.ws("verify")
        #expect(verify.code != 0, "verify passed with symlinks at shard folders")
        #expect(verify.stderr.contains(".ws/journal/\(shard) is a symbolic link"), "\(verify.stderr)")
        try repo.ws("sync").check()
        #expect(try Self.headEntry(repo, ".ws/journal/\(shard)") == "tree 040000")
        #expect(try Self.headEntry(repo, "Workstreams/\(shard)") == "tree 040000")
        #expect(try Self.headEntry(repo, ".ws/journal/\(shard)/W001.jsonl") == "blob 100644")
        #expect(try manager.contentsOfDirectory(atPath: outside.path).isEmpty, "ws wrote through a symlink")
        try repo.ws("verify").check()
    }

    @Test func aFolderOrAFileWhereAJournalOrAShardGoesIsReplaced() throws {
        let (scratch, repo, _) = try Self.sharded()
        _ = scratch
        let shard = try Self.shard(repo)
        let manager = FileManager.default
        let journal = ".ws/journal/\(shard)/W001.jsonl"
        let expected = try String(contentsOf: repo.dir.appendingPathComponent(journal), encoding: .utf8)
        let tracked = try LargeLayoutTests.tracked(repo)
        let other = (0..<256).map { String(format: "%02x", $0) }
            .first { name in name != shard && tracked.contains { $0.hasPrefix(".ws/journal/\(name)/") } } ?? "00"
        try Self.peerCommits(repo) {
            try manager.removeItem(at: repo.dir.appendingPathComponent(journal))
            try manager.createDirectory(at: repo.dir.appendingPathComponent(journal), withIntermediateDirectories: true)
            try "x\n".write(to: repo.dir.appendingPathComponent(journal + "/inside"), atomically: true, encoding: .utf8)
            try manager.removeItem(at: repo.dir.appendingPathComponent(".ws/journal/\(other)"))
            try "a file\n".write(to: repo.dir.appendingPathComponent(".ws/journal/\(other)"), atomically: true,
                                 encoding: .utf8)
        }
        let verify = try repo.ws("verify")
        #expect(verify.code != 0 && verify.stderr.contains("\(journal) is a folder"), "\(verify.stderr)")
        try repo.ws("sync").check()
        #expect(try Self.headEntry(repo, journal) == "blob 100644")
        #expect(try repo.git("show", "HEAD:\(journal)").stdout == expected)
        #expect(try Self.headEntry(repo, ".ws/journal/\(other)") == "tree 040000")
        try repo.ws("verify").check()
    }

    /// A copy of W001's page in another shard is deleted (not kept as a notice); a person's own file in a shard
    /// folder stays, and `ws verify` names it in a warning.
    @Test func aWrongShardCopyIsDeletedAndAStrangerIsNamed() throws {
        let (scratch, repo, _) = try Self.sharded()
        _ = scratch
        let shard = try Self.shard(repo)
        let tracked = try LargeLayoutTests.tracked(repo)
        let page = try #require(tracked.first { $0.hasPrefix("Workstreams/\(shard)/W001-") })
        let other = (0..<256).map { String(format: "%02x", $0) }.first { $0 != shard } ?? "00"
        let copy = "Workstreams/\(other)/" + (page.split(separator: "/").last.map(String.init) ?? "")
        try Self.peerCommits(repo) {
            let manager = FileManager.default
            try manager.copyItem(at: repo.dir.appendingPathComponent(page), to: repo.dir.appendingPathComponent(copy))
            try "mine\n".write(to: repo.dir.appendingPathComponent("Workstreams/\(other)/notes.txt"),
                               atomically: true, encoding: .utf8)
        }
        try repo.ws("rebuild").check()
        #expect(try Self.headEntry(repo, copy) == "", "the wrong-shard copy is still committed")
        #expect(try Self.headEntry(repo, "Workstreams/\(other)/notes.txt") == "blob 100644")
        let verify = try repo.ws("verify").check()
        #expect(verify.stdout.contains("warning: Workstreams/\(other)/notes.txt is in a folder ws generates"),
                "\(verify.stdout)")
    }

    @Test func aSymlinkedJournalIsNeverReadNorShown() throws {
        let s = try Sandbox.planned()
        try s.ws("commit").check()
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("ws-outside-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: outside) }
        let secret = "root:x:0:0:OUTSIDE-SECRET:/root:/bin/bash\n"
        try secret.write(to: outside, atomically: true, encoding: .utf8)
        let link = s.root.appendingPathComponent(".ws/journal/Q.jsonl")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: outside)
        try s.git("add", "-A")
        try s.git("commit", "-q", "-m", "a peer's symlink", identity: true)
        let listed = try s.ws("quarantine")
        #expect(!(listed.stdout + listed.stderr).contains("OUTSIDE-SECRET"), "a file outside was read and shown")
        #expect(listed.stdout.contains(".ws/journal/Q.jsonl") && listed.stdout.contains("symbolic link"),
                "\(listed.stdout)")
        let verify = try s.ws("verify")
        #expect(verify.code != 0 && verify.stderr.contains(".ws/journal/Q.jsonl"), "\(verify.stderr)")
        #expect(!(verify.stdout + verify.stderr).contains("OUTSIDE-SECRET"))
        try s.ws("sync").check()
        #expect(try s.git("ls-tree", "HEAD", ".ws/journal/Q.jsonl").stdout.isEmpty, "the symlink is still committed")
        #expect(try String(contentsOf: outside, encoding: .utf8) == secret)
        try s.ws("verify").check()
    }

    @Test func aFIFOAtAJournalPathIsNeverWaitedOn() throws {
        let s = try Sandbox.planned()
        try s.ws("commit").check()
        let fifo = s.root.appendingPathComponent(".ws/journal/F.jsonl")
        try Sandbox.run(["/usr/bin/env", "mkfifo", fifo.path], cwd: s.root, env: s.environment).check()
        try s.write("notes.txt", "moves HEAD\n")
        try s.git("add", "notes.txt")
        try s.git("commit", "-q", "-m", "a person's commit", identity: true)
        // Killed (and failed) after a generous limit if it blocks opening the FIFO.
        let listed = try Sandbox.run([Sandbox.binary.path, "quarantine"], cwd: s.root, env: s.environment,
                                     killAfter: 120).check()
        #expect(listed.stdout.contains(".ws/journal/F.jsonl") && listed.stdout.contains("FIFO"), "\(listed.stdout)")
    }

    @Test func aSymlinkedConfigIsRefusedNamingItNeverRead() throws {
        let s = try Sandbox.planned()
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("ws-config-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: outside) }
        try #"{"store": "postgres://OUTSIDE-SECRET@127.0.0.1:1/x"}"#.write(to: outside, atomically: true, encoding: .utf8)
        let before = try s.ws("status", "--json").check().stdout
        let config = s.root.appendingPathComponent(".ws/config.json")
        try? FileManager.default.removeItem(at: config)
        try FileManager.default.createSymbolicLink(at: config, withDestinationURL: outside)
        let refused = try s.ws("log", "A1", "after the symlink")
        #expect(refused.code == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains(".ws/config.json is a symbolic link"), "\(refused.stderr)")
        #expect(!(refused.stdout + refused.stderr).contains("OUTSIDE-SECRET"))
        try FileManager.default.removeItem(at: config)
        #expect(try s.ws("status", "--json").check().stdout == before, "the refused command changed the log")
    }
}
