import Foundation
import Testing

/// What a person types on the command line, held to what the docs promise (docs/limits.md): numbers as plain
/// decimals, paths that are folders or special files named as such, agent names checked by every command.
extension HostileInputTests {
    /// Swift reads "0x10" as 16 and "0x1p-1074" as 5e-324: hours are typed as plain decimals, and inf is not
    /// "less than zero", it is not a finite number.
    @Test func hoursAndEstimatesArePlainDecimalNumbers() throws {
        let s = try project()
        let before = try s.snapshot()
        for bad in ["0x10", "0x1p-1074", "1e3", "inf", "nan", "1.", ".5", "١"] {
            for args in [["new", "N1", "--title", "t", "--estimate", bad], ["log", "A1", "spent", "--hours", bad]] {
                let r = try s.ws(args)
                #expect(r.code == 1, "\(args): exit \(r.code) \(r.stderr)")
                #expect(r.stderr.contains("plain decimal number") && r.stderr.contains("a finite number"),
                        "\(r.stderr)")
            }
        }
        #expect(try s.snapshot() == before, "a refused number changed the log")
        try s.ws("new", "N1", "--title", "t", "--estimate", "1.5").check()
        try s.ws("log", "A1", "spent", "--hours", "2").check()
        let output = try s.ws("show", "N1", "--json").check().stdout
        let shown = try #require(try WorkstreamCLITests.json(output) as? [String: Any])
        #expect(shown["estimate"] as? Double == 1.5, "\(shown)")
    }

    @Test func foldersAndSpecialFilesAreNamedAsSuch() throws {
        let s = try project()
        let folder = s.root.appendingPathComponent("notes").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for args in [["new", "N1", "--title", "t", "--brief-file", folder], ["import", folder],
                     ["export", "--output", folder]] {
            let r = try s.ws(args)
            #expect(r.code == 1, "\(args): exit \(r.code)")
            #expect(r.stderr.contains(folder) && r.stderr.contains("is a folder"), "\(args): \(r.stderr)")
            #expect(!r.stderr.contains("NSCocoaErrorDomain"), "\(r.stderr)")
        }
        let r = try s.ws("export", "--output", "/proc/self/mem")
        #expect(r.code == 1 && r.stderr.contains("/proc/self/mem"), "exit \(r.code): \(r.stderr)")
        #expect(!r.stderr.contains("doesn't exist") && r.stderr.contains("renames it over"), "\(r.stderr)")
    }

    /// `ws prime` checks an agent name as every writing command does.
    @Test func primeRefusesAnAgentNameOverTheLimit() throws {
        let s = try project()
        let r = try s.ws("prime", "--agent", String(repeating: "a", count: 120_000))
        #expect(r.code == 1, "exit \(r.code)")
        #expect(r.stderr.contains("agent name") && r.stderr.contains("100 bytes"), "\(r.stderr.prefix(300))")
        #expect(r.stderr.count < 400, "the message repeats the name: \(r.stderr.count) characters")
    }

    /// `--agent ""` (an unset variable in a script) is a usage error, not a request to act as someone else.
    @Test func anEmptyAgentIsAUsageError() throws {
        let s = try project()
        let before = try s.snapshot()
        for args in [["start", "A2", "--agent", ""], ["log", "A1", "note", "--agent", ""], ["prime", "--agent", ""],
                     ["task", "done", "A1", "1", "--agent", ""]] {
            let r = try s.ws(args)
            #expect(r.code == 64 && r.stderr.contains("--agent is empty"), "\(args): exit \(r.code) \(r.stderr)")
        }
        #expect(try s.snapshot() == before, "an empty --agent changed the log")
    }

    /// A name of spaces is no name either: every command refuses it as `ws start` does (`ws log` recorded an
    /// actor " ", found by a red team).
    @Test func aBlankAgentIsRefusedByEveryCommand() throws {
        let s = try project()
        let before = try s.snapshot()
        for args in [["start", "A2", "--agent", " "], ["log", "A1", "note", "--agent", "  "],
                     ["task", "add", "A1", "more", "--agent", "\t"]] {
            let r = try s.ws(args)
            #expect(r.code == 1 && r.stderr.contains("an agent name is needed"), "\(args): exit \(r.code) \(r.stderr)")
        }
        #expect(try s.snapshot() == before, "a blank --agent changed the log")
    }

    /// An artifact's name becomes an environment variable: one of 200,000 letters made every later check fail to
    /// start (red team). Refused at 101 bytes; 100 is accepted.
    @Test func anArtifactNameIsAtMostALabelLong() throws {
        let s = try project()
        let before = try s.snapshot()
        let r = try s.ws("artifact", "A1", String(repeating: "A", count: 101) + "=x")
        #expect(r.code == 1 && r.stderr.contains("at most 100 bytes"), "exit \(r.code): \(r.stderr.prefix(300))")
        #expect(try s.snapshot() == before)
        try s.ws("artifact", "A1", String(repeating: "B", count: 100) + "=x").check()
    }
}
