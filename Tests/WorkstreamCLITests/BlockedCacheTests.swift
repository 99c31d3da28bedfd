import Foundation
import TestSupport
import Testing

/// `ws blocked --json` answers from a copy kept while no event since can change it (`.git/ws/cache/blocked.json`):
/// held to a fresh computation after every kind of write, and trusted no further than its key and digest.
@Suite struct BlockedCacheTests {
    static func cacheFile(_ dir: URL) -> URL { dir.appendingPathComponent(".git/ws/cache/blocked.json") }

    /// The answer now (from the copy when the head has not moved since it was stored), again (surely from
    /// the copy), and with the copy removed (computed): all three the same bytes, and the copy stored.
    static func expectCachedEqualsFresh(_ ws: ([String]) throws -> Sandbox.Result, dir: URL, _ step: String,
                                        sourceLocation: SourceLocation = #_sourceLocation) throws {
        let first = try ws(["blocked", "--json"]).check(sourceLocation: sourceLocation).stdout
        #expect(FileManager.default.fileExists(atPath: cacheFile(dir).path), "no copy stored after \(step)",
                sourceLocation: sourceLocation)
        let again = try ws(["blocked", "--json"]).check(sourceLocation: sourceLocation).stdout
        try FileManager.default.removeItem(at: cacheFile(dir))
        let fresh = try ws(["blocked", "--json"]).check(sourceLocation: sourceLocation).stdout
        #expect(first == fresh, "after \(step): the first answer is not a fresh one", sourceLocation: sourceLocation)
        #expect(again == fresh, "after \(step): the stored answer is not a fresh one", sourceLocation: sourceLocation)
    }

    @Test func theStoredAnswerEqualsAFreshOneAfterRandomWritesSyncAndRebuild() throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        var rng = SeededGenerator(seed: seed)
        let pair = try ClonePair(seed: [["new", "A", "--title", "Alpha", "--depends-on", "W,H"],
                                        ["new", "B", "--title", "Beta", "--depends-on", "A"],
                                        ["new", "C", "--title", "Gamma", "--depends-on", "B,I"]])
        try pair.one.ws("commit").check()
        var ids = ["W", "H", "I", "A", "B", "C"]
        func any() -> String { ids.randomElement(using: &rng) ?? "W" }
        try Self.expectCachedEqualsFresh({ try pair.one.ws($0) }, dir: pair.one.dir, "the seed (seed \(seed))")
        for step in 0..<24 {
            let roll = Int.random(in: 0..<14, using: &rng)
            var (a, b) = (any(), any())
            let args: [String]
            switch roll {
            case 0:
                ids.append("N\(step)")
                a = "N\(step)"
                args = ["new", a, "--title", "New \(step)", "--depends-on", b]
            case 1, 2: args = ["dep", "add", a, b]
            case 3: args = ["dep", "rm", a, b]
            case 4: args = ["start", a]
            case 5: args = ["complete", a, "--summary", "done", "--force", "--reason", "test"]
            case 6: args = ["cancel", a, "--reason", "dropped"]
            case 7: args = ["block", a, "--reason", "waiting on a vendor"]
            case 8: args = ["unblock", a]
            case 9: args = ["rebuild"]
            // Writes that change no one's blocking: the copy outlives them, and must still be the answer.
            case 11: args = ["log", a, "a note \(step)"]
            case 12: args = ["task", "add", a, "Task \(step)"]
            case 13: args = ["artifact", a, "ENDPOINT_\(step)=https://example.com/\(step)"]
            default: args = ["dep", "add", a, b]
            }
            if roll == 10 {
                // The other clone writes; this one imports its journal through git and `ws sync`.
                try pair.two.ws(args)
                try pair.exchange()
            } else {
                try pair.one.ws(args) // a refused write changes nothing, and must still answer alike
            }
            let step = "step \(step): \(roll == 10 ? "two: " : "")\(args.joined(separator: " ")) (seed \(seed))"
            try Self.expectCachedEqualsFresh({ try pair.one.ws($0) }, dir: pair.one.dir, step)
        }
    }

    @Test func aDamagedOrForeignCopyIsRecomputedAndReplaced() throws {
        let s = try Sandbox.planned()
        let fresh = try s.ws("blocked", "--json").check().stdout
        let file = Self.cacheFile(s.root)
        let good = try Data(contentsOf: file)
        let newline = try #require(good.firstIndex(of: 0x0A))
        var flipped = good
        flipped[good.count - 2] ^= 0x01
        let damaged: [(String, Data)] = [
            ("truncated", good.prefix(good.count - 7)), ("one byte changed", flipped), ("empty", Data()),
            ("no header", good.suffix(from: newline + 1)), ("only the header", good.prefix(newline + 1)),
            ("another format", Data("ws-blocked-json/0 ".utf8) + good),
            ("not ours", Data(repeating: 0x41, count: 5000)),
            // A declared length that overflowed the size check crashed the read.
            ("declaring a length near Int.max", Data(String(decoding: good, as: UTF8.self).replacingOccurrences(
                of: #"length=\d+"#, with: "length=9223372036854775800", options: .regularExpression).utf8)),
        ]
        for (what, bytes) in damaged {
            try bytes.write(to: file)
            #expect(try s.ws("blocked", "--json").check().stdout == fresh, "a copy \(what) was trusted")
            #expect(try Data(contentsOf: file) == good, "a copy \(what) was not replaced")
        }
    }

    /// A copy far larger than its header declares is never read into memory (a planted 1.5 GB file was, whole):
    /// under an address-space limit below its size, the answer is still computed and the copy replaced.
    @Test func aCopyLargerThanItDeclaresIsNotRead() throws {
        let s = try Sandbox.planned()
        let fresh = try s.ws("blocked", "--json").check().stdout
        let file = Self.cacheFile(s.root)
        let header = try Data(contentsOf: file).prefix { $0 != 0x0A } + Data([0x0A])
        try header.write(to: file)
        let handle = try FileHandle(forWritingTo: file)
        try handle.truncate(atOffset: 1_900_000_000)
        try handle.close()
        let limited = try Sandbox.run(["/bin/sh", "-c", "ulimit -v 1500000; exec \"$0\" blocked --json",
                                       Sandbox.binary.path], cwd: s.root, env: s.environment)
        #expect(limited.code == 0 && limited.stdout == fresh, "exit \(limited.code): \(limited.stderr)")
        #expect(try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int ?? 0 < 1_000_000)
    }

    /// Something that is not a file at the copy's path is ignored, never waited on or followed (a FIFO hung the read).
    @Test func aFIFOOrASymlinkedFolderIsNeverUsed() throws {
        let s = try Sandbox.planned()
        let fresh = try s.ws("blocked", "--json").check().stdout
        let file = Self.cacheFile(s.root)
        try FileManager.default.removeItem(at: file)
        try Sandbox.run(["/usr/bin/env", "mkfifo", file.path], cwd: s.root, env: s.environment).check()
        // Killed (and failed) if it waits on the FIFO: `timeout`'s SIGTERM is blocked in a child of a test thread.
        let bounded = try Sandbox.run([Sandbox.binary.path, "blocked", "--json"], cwd: s.root, env: s.environment,
                                      killAfter: 60).check()
        #expect(bounded.stdout == fresh)
        let folder = file.deletingLastPathComponent()
        try FileManager.default.removeItem(at: folder)
        let outside = s.root.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: folder, withDestinationURL: outside)
        #expect(try s.ws("blocked", "--json").check().stdout == fresh)
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty,
                "the copy was written through a symlinked folder")
    }

    /// The stored bytes are what a hit prints: a copy under the current key with a matching digest is served as it is.
    @Test func aCopyUnderTheCurrentKeyIsServedAsStored() throws {
        let s = try Sandbox.planned()
        try s.ws("blocked", "--json").check()
        let file = Self.cacheFile(s.root)
        let header = String(decoding: try Data(contentsOf: file).prefix { $0 != 0x0A }, as: UTF8.self)
        let key = try #require(header.components(separatedBy: " length=").first)
        let body = "[]"
        try s.write("body", body)
        let sum = try Sandbox.run(["/usr/bin/env", "sha256sum", "body"], cwd: s.root, env: s.environment).check().stdout
        let digest = try #require(sum.split(separator: " ").first)
        try Data("\(key) length=\(body.utf8.count) sha256=\(digest)\n\(body)".utf8).write(to: file)
        #expect(try s.ws("blocked", "--json").check().stdout == "[]\n")
        // A note, a task and an artifact change no one's blocking: the copy is still the answer (not recomputed).
        try s.ws("log", "A1", "a note").check()
        try s.ws("task", "add", "A1", "Another task").check()
        #expect(try s.ws("blocked", "--json").check().stdout == "[]\n", "a note or a task discarded the copy")
        try s.ws("start", "A1").check()
        #expect(try s.ws("blocked", "--json").check().stdout != "[]\n",
                "a write moved the head: the copy is not the answer")
    }

    /// A copy forged under the current key, its digest right, that is not JSON (terminal escapes) is never printed:
    /// the answer is computed and the copy rewritten.
    @Test func aForgedCopyThatIsNotJSONIsRecomputed() throws {
        let s = try Sandbox.planned()
        let fresh = try s.ws("blocked", "--json").check().stdout
        let file = Self.cacheFile(s.root)
        let header = String(decoding: try Data(contentsOf: file).prefix { $0 != 0x0A }, as: UTF8.self)
        let key = try #require(header.components(separatedBy: " length=").first)
        for body in ["\u{1B}]0;owned\u{07}[]", "[\"\u{1B}[2J\"]", "[] and then some", "{}"] {
            try s.write("body", body)
            let sum = try Sandbox.run(["/usr/bin/env", "sha256sum", "body"], cwd: s.root, env: s.environment).check()
            let digest = try #require(sum.stdout.split(separator: " ").first)
            try Data("\(key) length=\(body.utf8.count) sha256=\(digest)\n\(body)".utf8).write(to: file)
            #expect(try s.ws("blocked", "--json").check().stdout == fresh,
                    "served a forged copy: \(body.debugDescription)")
            #expect(!(try Data(contentsOf: file)).contains(0x1B), "the forged copy was not rewritten")
        }
    }

    @Test func aReadOnlyRepositoryStillAnswersWithoutAWord() throws {
        let s = try Sandbox.planned()
        let stale = try s.ws("blocked", "--json").check().stdout
        try s.ws("start", "A1").check()
        try s.ws("complete", "A1", "--summary", "done", "--force", "--reason", "test").check()
        let mounted = try ReadOnlyFileSystemTests().readOnly(s, ["blocked", "--json"])
        #expect(mounted.code == 0, "\(mounted.stderr)")
        #expect(mounted.stderr.isEmpty, "nothing to warn of: \(mounted.stderr)")
        #expect(mounted.stdout != stale, "the copy of an older head was served")
        try FileManager.default.removeItem(at: Self.cacheFile(s.root))
        let bare = try ReadOnlyFileSystemTests().readOnly(s, ["blocked", "--json"])
        #expect(bare.code == 0 && bare.stderr.isEmpty, "\(bare.stderr)")
        #expect(!FileManager.default.fileExists(atPath: Self.cacheFile(s.root).path))
        #expect(try s.ws("blocked", "--json").check().stdout == mounted.stdout)
        #expect(bare.stdout == mounted.stdout)
    }
}

/// The same copy over the shared PostgreSQL log: its head keys the copy as SQLite's does.
@Suite struct BlockedCachePostgresTests {
    @Test func theStoredAnswerFollowsThePostgresHead() throws {
        let s = try Sandbox()
        s.environment["WS_STORE"] = try TestPostgres.freshDatabase()
        try s.ws("init").check()
        try s.ws("new", "A", "--title", "Alpha").check()
        try s.ws("new", "B", "--title", "Beta", "--depends-on", "A").check()
        try s.ws("new", "C", "--title", "Gamma", "--depends-on", "B").check()
        try BlockedCacheTests.expectCachedEqualsFresh({ try s.ws($0) }, dir: s.root, "the plan")
        for args in [["start", "A"], ["complete", "A", "--summary", "done"], ["block", "C", "--reason", "vendor"],
                     ["dep", "rm", "C", "B"], ["rebuild"]] {
            try s.ws(args).check()
            try BlockedCacheTests.expectCachedEqualsFresh({ try s.ws($0) }, dir: s.root, args.joined(separator: " "))
        }
    }
}
