import Foundation
import Testing

/// Text that could break a document, a commit or a terminal is refused at the door
/// (exit 1, a message that says why), and a refusal changes nothing in the log.
@Suite struct HostileInputTests {
    /// A1 held by tester with one open task (so a valid --force --reason or --next would
    /// succeed), A2 ready: each refusal below comes from the text alone.
    func project() throws -> Sandbox {
        let s = try Sandbox()
        try s.ws("init").check()
        try s.ws("new", "A1", "--title", "Infrastructure").check()
        try s.ws("new", "A2", "--title", "Backend").check()
        try s.ws("start", "A1", "--agent", "tester").check()
        try s.ws("task", "add", "A1", "Create the VPC", "--task-id", "1.1").check()
        return s
    }

    /// Line breaks, C0, DEL, C1, the Unicode line and paragraph separators, bidi overrides and isolates.
    static let controls: [String] = ["\n", "\r", "\r\n", "\t", "\u{1}", "\u{7}", "\u{1B}[31m", "\u{7F}", "\u{85}", "\u{9B}2J",
                                     "\u{2028}", "\u{2029}", "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}",
                                     "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}"]

    /// Each one-line field, as the command that sets it; `X` stands for the hostile text.
    static let oneLineFields: [(String, [String], [String: String])] = [
        ("title", ["new", "N1", "--title", "X"], [:]),
        ("phase", ["new", "N1", "--title", "t", "--phase", "X"], [:]),
        ("owner", ["new", "N1", "--title", "t", "--owner", "X"], [:]),
        ("agent", ["start", "A2", "--agent", "X"], [:]),
        ("agent", ["new", "N1", "--title", "t"], ["WS_AGENT": "X"]),
        ("block reason", ["block", "A2", "--reason", "X"], [:]),
        ("cancel reason", ["cancel", "A2", "--reason", "X"], [:]),
        ("--force reason", ["complete", "A1", "--force", "--reason", "X"], [:]),
        ("next step", ["complete", "A1", "--force", "--reason", "ok", "--next", "X"], [:]),
        ("task text", ["task", "add", "A1", "X"], [:]),
    ]

    @Test(arguments: 0..<oneLineFields.count)
    func oneLineFieldsRefuseLineBreaksAndControlCharacters(field: Int) throws {
        let (name, template, envTemplate) = Self.oneLineFields[field]
        let s = try project()
        let before = try s.snapshot()
        for c in Self.controls {
            let hostile = "before\(c)after"
            let args = template.map { $0 == "X" ? hostile : $0 }
            let env = envTemplate.mapValues { $0 == "X" ? hostile : $0 }
            let r = try s.ws(args, env: env)
            let shown = c.unicodeScalars.map { String($0.value, radix: 16) }
            #expect(r.code == 1, "\(name) with U+\(shown): exit \(r.code) \(r.stderr)")
            #expect(r.stderr.contains("must be one line"), "\(name) with U+\(shown): \(r.stderr)")
            #expect(r.stderr.contains(name), "\(name): \(r.stderr)")
            #expect(!r.stderr.contains("\u{1B}") && !r.stdout.contains("\u{1B}"), "the refusal echoes the escape")
        }
        #expect(try s.snapshot() == before)
        // The same command with plain text goes through: the refusals were about the text.
        try s.ws(template.map { $0 == "X" ? "plain text" : $0 }, env: envTemplate.mapValues { $0 == "X" ? "plain" : $0 }).check()
    }

    @Test(arguments: ["a<b", "x>y", "Eve <eve@example.com>", "<", ">"])
    func agentNamesRefuseAngleBrackets(name: String) throws {
        let s = try project()
        let before = try s.snapshot()
        for r in [try s.ws("start", "A2", "--agent", name), try s.ws(["log", "A2", "note"], env: ["WS_AGENT": name])] {
            #expect(r.code == 1, "\(name): exit \(r.code) \(r.stderr)")
            #expect(r.stderr.contains("'<' or '>'"), "\(r.stderr)")
        }
        #expect(try s.snapshot() == before)
    }

    /// Brief, log message and summary keep line breaks and tabs, and refuse every other control character.
    @Test func multiLineFieldsAcceptBreaksAndTabsButNoOtherControls() throws {
        let s = try project()
        try s.ws("task", "done", "A1", "1.1").check()
        let before = try s.snapshot()
        for c in ["\u{1B}[2J", "\u{7}", "\u{7F}", "\u{9B}31m", "\u{8}", "\u{1}"] {
            let text = "line one\n\tline two \(c) end"
            try s.write("brief.md", text)
            for r in [try s.ws("brief", "A2", "--file", "brief.md"), try s.ws("log", "A1", text),
                      try s.ws("complete", "A1", "--summary", text), try s.ws("artifact", "A1", "VALUE=\(text)")] {
                #expect(r.code == 1, "\(c.unicodeScalars.map { $0.value }): exit \(r.code) \(r.stderr)")
                #expect(r.stderr.contains("control character"), "\(r.stderr)")
            }
        }
        try s.write("nul.md", "brief\u{0}with a NUL\n")
        let nul = try s.ws("brief", "A2", "--file", "nul.md")
        #expect(nul.code == 1, "a NUL in a brief: exit \(nul.code) \(nul.stderr)")
        #expect(try s.snapshot() == before)

        let text = "line one\n\tline two\n\nline four"
        try s.write("brief.md", text)
        try s.ws("brief", "A2", "--file", "brief.md").check()
        try s.ws("log", "A1", text).check()
        try s.ws("complete", "A1", "--summary", text).check()
        let shown = try json(try s.ws("show", "A2", "--json").check().stdout) as? [String: Any]
        #expect(shown?["brief"] as? String == text)
    }

    @Test(arguments: [["new", "N1", "--title", "t", "--estimate", "nan"], ["new", "N1", "--title", "t", "--estimate", "inf"],
                      ["new", "N1", "--title", "t", "--estimate=-1"], ["new", "N1", "--title", "t", "--estimate", "-1"],
                      ["log", "A1", "worked", "--hours", "inf"], ["log", "A1", "worked", "--hours", "nan"],
                      ["log", "A1", "worked", "--hours=-1"], ["log", "A1", "worked", "--hours", "1e300"]])
    func numbersMustBeFiniteAndNotNegative(args: [String]) throws {
        let s = try project()
        let before = try s.snapshot()
        let r = try s.ws(args)
        // "--estimate -1" may be read as a missing value (usage, 64); every other form is invalid input (1).
        #expect(args.last == "-1" ? [1, 64].contains(r.code) : r.code == 1, "\(args): exit \(r.code) \(r.stderr)")
        #expect(r.stderr.contains(args[0] == "new" ? "estimate" : "hours"), "\(r.stderr)")
        #expect(try s.snapshot() == before)
    }

    @Test func aClosedWorkstreamKeepsItsDependenciesButTakesLogEntries() throws {
        let s = try project()
        try s.ws("task", "done", "A1", "1.1").check()
        try s.ws("complete", "A1").check()
        let before = try s.snapshot()
        for args in [["dep", "add", "A1", "A2"], ["task", "add", "A1", "one more"]] {
            let r = try s.ws(args)
            #expect(r.code == 3, "\(args): exit \(r.code) \(r.stderr)")
            #expect(r.stderr.contains("A1 is completed"), "\(r.stderr)")
        }
        #expect(try s.snapshot() == before)
        try s.ws("log", "A1", "a note after the handoff").check()
    }

    @Test func idsWhoseDocumentsWouldCollideAreRefused() throws {
        let s = try Sandbox()
        try s.ws("init").check()
        try s.ws("new", "a", "--title", "b c").check()
        try s.ws("new", "Case1", "--title", "X").check()
        let before = try s.snapshot()
        let share = try s.ws("new", "a-b", "--title", "c")
        #expect(share.code == 1)
        #expect(share.stderr.contains("would share its documents"), "\(share.stderr)")
        let cased = try s.ws("new", "case1", "--title", "Y")
        #expect(cased.code == 1)
        #expect(cased.stderr.contains("only in case"), "\(cased.stderr)")
        #expect(try s.snapshot() == before)

        // A plan declaring both of a pair is refused whole.
        let fresh = try Sandbox()
        try fresh.ws("init").check()
        let empty = try fresh.snapshot()
        for (plan, fragment) in [("workstreams:\n  - {id: a, title: b c}\n  - {id: a-b, title: c}\n  - {id: z, title: fine}\n", "would share"),
                                 ("workstreams:\n  - {id: z, title: fine}\n  - {id: Case1, title: X}\n  - {id: case1, title: Y}\n", "only in case")] {
            try fresh.write("plan.yaml", plan)
            let r = try fresh.ws("plan", "apply", "plan.yaml")
            #expect(r.code == 1, "exit \(r.code) \(r.stderr)")
            #expect(r.stderr.contains(fragment), "\(r.stderr)")
            #expect(try fresh.snapshot() == empty)
        }
    }

    /// Runs a shell script in the sandbox with "$WS" naming the binary.
    func shell(_ s: Sandbox, _ script: String, stdin: String? = nil) throws -> Sandbox.Result {
        try Sandbox.run(["/bin/bash", "-c", script], cwd: s.root, env: s.environment.merging(["WS": Sandbox.binary.path]) { $1 }, stdin: stdin)
    }

    @Test func clearMessagesForBadArguments() throws {
        let s = try project()
        let before = try s.snapshot()
        let unknown = try s.ws("frobnicate", "--help")
        #expect(unknown.code == 64)
        #expect(unknown.stderr.contains("unknown command"), "\(unknown.stderr)")
        let invalid = try shell(s, #""$WS" status "$(printf '\377')""#)
        #expect(invalid.code == 1, "exit \(invalid.code) \(invalid.stderr)")
        #expect(invalid.stderr.contains("argument") && invalid.stderr.contains("UTF-8"), "\(invalid.stderr)")
        let invalidTitle = try shell(s, #""$WS" new N1 --title "ok$(printf '\303\050')""#)
        #expect(invalidTitle.code == 1 && invalidTitle.stderr.contains("UTF-8"), "\(invalidTitle.stderr)")
        let long = try s.ws("show", String(repeating: "a", count: 10_000))
        #expect(long.code == 4 || long.code == 1, "exit \(long.code)")
        #expect(long.stderr.count < 300, "\(long.stderr.count) characters of stderr")
        let longTitle = try s.ws("new", "N1", "--title", String(repeating: "é", count: 5_000))
        #expect(longTitle.code == 1 && longTitle.stderr.count < 300, "\(longTitle.stderr.count) characters: \(longTitle.stderr.prefix(300))")
        #expect(try s.snapshot() == before)
    }

    @Test func briefsAndPlansReadFromPipes() throws {
        let s = try project()
        try shell(s, #""$WS" new F1 --title t --brief-file <(printf '# Brief\n- [ ] one\n- [ ] two\n')"#).check()
        let f1 = try json(try s.ws("show", "F1", "--json").check().stdout) as? [String: Any]
        #expect((f1?["tasks"] as? [Any])?.count == 2)
        try s.ws(["plan", "apply", "/dev/stdin"], stdin: "workstreams:\n  - {id: P1, title: piped, depends_on: [A2]}\n").check()
        try shell(s, #"printf 'workstreams:\n  - {id: P2, title: through a pipe}\n' | "$WS" plan apply /dev/stdin"#).check()
        try s.ws("show", "P1").check()
        try s.ws("show", "P2").check()
        let before = try s.snapshot()
        let bad = try shell(s, #""$WS" new F2 --title t --brief-file <(printf 'bad \377 byte\n')"#)
        #expect(bad.code == 1 && bad.stderr.contains("UTF-8"), "exit \(bad.code) \(bad.stderr)")
        #expect(try s.snapshot() == before)
    }

    @Test func aDamagedSecretStoreIsNamed() throws {
        let s = try project()
        try s.ws("artifact", "A1", "DB_PASSWORD=hunter2", "--secret").check()
        try s.write(".git/ws/secrets.json", "garbage{{ not json")
        let r = try s.ws("env", "A1")
        #expect(r.code == 1, "exit \(r.code) \(r.stderr)")
        #expect(r.stderr.contains("damaged"), "\(r.stderr)")
        #expect(!r.stderr.contains("NSCocoaErrorDomain") && !r.stderr.contains("garbage"), "\(r.stderr)")
    }

    @Test(arguments: ["nan", "inf", "-5", "0", "soon"])
    func aBadProviderTimeoutRecordsNothing(value: String) throws {
        let s = try project()
        let before = try s.snapshot()
        let r = try s.ws(["provision", "A1", "postgres", "db", "--provider", "local"], env: ["WS_PROVIDER_TIMEOUT": value])
        #expect(r.code == 1, "\(value): exit \(r.code) \(r.stderr)")
        #expect(r.stderr.contains("WS_PROVIDER_TIMEOUT"), "\(r.stderr)")
        #expect(try s.snapshot() == before)
    }
}
