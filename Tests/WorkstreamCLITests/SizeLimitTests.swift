import Foundation
import Testing

/// The documented limits (Limits.swift, docs/limits.md): the limit itself is accepted, one
/// byte more is refused with exit 1 and a message naming the limit, and the log is unchanged.
@Suite struct SizeLimitTests {
    /// A1 held by tester with one open task, A2 ready.
    func project() throws -> Sandbox {
        let s = try Sandbox()
        try s.ws("init").check()
        try s.ws("new", "A1", "--title", "Infrastructure").check()
        try s.ws("new", "A2", "--title", "Backend").check()
        try s.ws("start", "A1").check()
        try s.ws("task", "add", "A1", "Create the VPC", "--task-id", "1.1").check()
        return s
    }

    /// `bytes` UTF-8 bytes of text, two-byte characters where they fit (limits count bytes, not characters).
    static func text(_ bytes: Int) -> String { String(repeating: "é", count: bytes / 2) + String(repeating: "a", count: bytes % 2) }

    static func time<T>(_ what: String, _ body: () throws -> T) rethrows -> T {
        let start = Date()
        defer { print("\(what): \(String(format: "%.2f", Date().timeIntervalSince(start))) s") }
        return try body()
    }

    /// Each limited field: its limit, its name in the message, and the command that sets it (`X` is the text).
    static let fields: [(Int, String, [String])] = [
        (300, "title", ["new", "N1", "--title", "X"]),
        (100, "phase", ["new", "N1", "--title", "t", "--phase", "X"]),
        (100, "owner", ["new", "N1", "--title", "t", "--owner", "X"]),
        (100, "agent", ["start", "A2", "--agent", "X"]),
        (1_000, "task text", ["task", "add", "A1", "X"]),
        (2_000, "block reason", ["block", "A2", "--reason", "X"]),
        (2_000, "cancel reason", ["cancel", "A2", "--reason", "X"]),
        (2_000, "--force reason", ["complete", "A1", "--force", "--reason", "X"]),
        (2_000, "next step", ["complete", "A1", "--force", "--reason", "r", "--next", "X"]),
        (65_536, "log message", ["log", "A1", "X"]),
        (65_536, "summary", ["complete", "A1", "--force", "--reason", "r", "--summary", "X"]),
        (65_536, "artifact value", ["artifact", "A1", "URL=X"]),
    ]

    @Test(arguments: 0..<fields.count)
    func fieldsAtTheirLimitAreAcceptedAndOneByteMoreIsRefused(field: Int) throws {
        let (limit, name, template) = Self.fields[field]
        let s = try project()
        let before = try s.snapshot()
        for over in [limit + 1, limit + limit / 2] {   // an argument holds at most 128 KiB
            let r = try s.ws(Self.fill(template, Self.text(over)))
            #expect(r.code == 1, "\(name) of \(over) bytes: exit \(r.code) \(r.stderr.prefix(300))")
            #expect(r.stderr.contains(name) && r.stderr.contains(Self.describe(limit)), "\(r.stderr.prefix(300))")
            #expect(r.stderr.count < 400, "the message repeats the text: \(r.stderr.count) characters")
        }
        #expect(try s.snapshot() == before)
        try s.ws(Self.fill(template, Self.text(limit))).check()
    }

    static func fill(_ template: [String], _ text: String) -> [String] {
        template.map { $0 == "X" ? text : $0 == "URL=X" ? "URL=" + text : $0 }
    }

    /// "300 bytes", "64 KiB", "1 MiB", as the messages name them.
    static func describe(_ bytes: Int) -> String {
        bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : bytes % 1024 == 0 ? "\(bytes >> 10) KiB" : "\(bytes) bytes"
    }

    /// A secret is an artifact value too: the same limit, though only its fingerprint reaches the log.
    @Test(arguments: [false, true])
    func aSecretOverTheArtifactLimitIsRefused(fromStdin: Bool) throws {
        let s = try project()
        let before = try s.snapshot()
        let value = Self.text(65_537)
        let r = fromStdin ? try s.ws(["artifact", "A1", "TOKEN=-", "--secret"], stdin: value) : try s.ws("artifact", "A1", "TOKEN=\(value)", "--secret")
        #expect(r.code == 1, "a secret of 65,537 bytes: exit \(r.code) \(r.stderr.prefix(300))")
        #expect(r.stderr.contains("64 KiB"), "\(r.stderr.prefix(300))")
        #expect(try s.snapshot() == before)
        #expect(!(try s.ws("env", "A1").stdout.contains("TOKEN=")))
    }

    @Test func briefsUpToOneMebibyte() throws {
        let s = try project()
        let before = try s.snapshot()
        for over in [(1 << 20) + 1, 3 << 20] {
            try s.write("big.md", Self.text(over))
            for args in [["brief", "A2", "--file", "big.md"], ["new", "N1", "--title", "t", "--brief-file", "big.md"]] {
                let r = try s.ws(args)
                #expect(r.code == 1, "\(args) with \(over) bytes: exit \(r.code) \(r.stderr)")
                #expect(r.stderr.contains("1 MiB"), "\(r.stderr)")
            }
            let piped = try shell(s, "head -c \(over) /dev/zero | tr '\\0' a | \"$WS\" brief A2 --file -")
            #expect(piped.code == 1 && piped.stderr.contains("1 MiB"), "exit \(piped.code) \(piped.stderr)")
        }
        #expect(try s.snapshot() == before)
        try s.write("big.md", Self.text(1 << 20))
        _ = try Self.time("a brief of 1 MiB") { try s.ws("brief", "A2", "--file", "big.md").check() }
    }

    /// Runs a shell script in the sandbox with "$WS" naming the binary (a pipe the reader may close early).
    func shell(_ s: Sandbox, _ script: String) throws -> Sandbox.Result {
        try Sandbox.run(["/bin/bash", "-c", script], cwd: s.root, env: s.environment.merging(["WS": Sandbox.binary.path]) { $1 })
    }

    static func tasks(_ count: Int, from first: Int = 1) -> String {
        (first..<(first + count)).map { "- [ ] \($0) Task number \($0)\n" }.joined()
    }

    @Test func aBriefOfEightThousandTasksIsAccepted() throws {
        let s = try project()
        try s.write("tasks.md", "# Many tasks\n\n" + Self.tasks(8_000))
        _ = try Self.time("ws new with a brief of 8,000 tasks") { try s.ws("new", "M1", "--title", "Many", "--brief-file", "tasks.md").check() }
        let shown = try json(try s.ws("show", "M1", "--json").check().stdout) as? [String: Any]
        #expect((shown?["tasks"] as? [Any])?.count == 8_000)
        _ = try Self.time("ws brief with the same 8,000 tasks") { try s.ws("brief", "A2", "--file", "tasks.md").check() }
        let a2 = try json(try s.ws("show", "A2", "--json").check().stdout) as? [String: Any]
        #expect((a2?["tasks"] as? [Any])?.count == 8_000)
    }

    @Test func tenThousandTasksAtMostPerWorkstream() throws {
        let s = try project()
        let before = try s.snapshot()
        try s.write("over.md", Self.tasks(10_001))
        for args in [["brief", "A2", "--file", "over.md"], ["new", "N1", "--title", "t", "--brief-file", "over.md"]] {
            let r = try s.ws(args)
            #expect(r.code == 1, "\(args): exit \(r.code) \(r.stderr)")
            #expect(r.stderr.contains("10001 tasks") && r.stderr.contains("10000"), "\(r.stderr)")
        }
        try s.write("plan.yaml", "workstreams:\n  - id: N1\n    title: t\n    brief_file: over.md\n")
        let plan = try s.ws("plan", "apply", "plan.yaml")
        #expect(plan.code == 1 && plan.stderr.contains("10000"), "exit \(plan.code) \(plan.stderr)")
        #expect(try s.snapshot() == before)

        try s.write("full.md", Self.tasks(10_000))
        _ = try Self.time("a brief of 10,000 tasks") { try s.ws("brief", "A2", "--file", "full.md").check() }
        let after = try s.snapshot()
        let one = try s.ws("task", "add", "A2", "one too many")
        #expect(one.code == 1 && one.stderr.contains("10000"), "exit \(one.code) \(one.stderr)")
        try s.write("more.md", Self.tasks(10_000) + Self.tasks(1, from: 10_001))
        let more = try s.ws("brief", "A2", "--file", "more.md")
        #expect(more.code == 1 && more.stderr.contains("10000"), "exit \(more.code) \(more.stderr)")
        #expect(try s.snapshot() == after)
    }

    @Test func aPlanFileOverSixteenMebibytesIsRefused() throws {
        let s = try project()
        let before = try s.snapshot()
        let padding = "# " + String(repeating: "p", count: 16 << 20) + "\n"
        try s.write("big.yaml", "workstreams:\n  - {id: Q1, title: q}\n" + padding)
        let r = try s.ws("plan", "apply", "big.yaml")
        #expect(r.code == 1, "exit \(r.code) \(r.stderr)")
        #expect(r.stderr.contains("16 MiB"), "\(r.stderr)")
        let piped = try shell(s, #"{ printf 'workstreams:\n  - {id: Q1, title: q}\n# '; head -c 16777216 /dev/zero | tr '\0' p; echo; } | "$WS" plan apply /dev/stdin"#)
        #expect(piped.code == 1 && piped.stderr.contains("16 MiB"), "exit \(piped.code) \(piped.stderr)")
        #expect(try s.snapshot() == before)
    }

    @Test func aliasesCannotInflateAPlan() throws {
        let s = try project()
        let before = try s.snapshot()
        // 100 KB of brief, reused 500 times: a 100 KB file that means 50 MB.
        let scalar = String(repeating: "x", count: 100_000)
        var plan = "workstreams:\n  - {id: Z0, title: t0, brief: &big \"\(scalar)\"}\n"
        for i in 1..<500 { plan += "  - {id: Z\(i), title: t\(i), brief: *big}\n" }
        try s.write("alias.yaml", plan)
        let r = try Self.time("a plan of 500 aliases to 100 KB") { try s.ws("plan", "apply", "alias.yaml") }
        #expect(r.code == 1, "exit \(r.code) \(r.stderr)")
        #expect(r.stderr.contains("aliases expanded") && r.stderr.contains("32 MiB"), "\(r.stderr)")
        // Nested aliases (a billion "lol"s in a file of a kilobyte).
        var laughs = "workstreams:\n  - id: L1\n    title: laughs\n    tasks: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\nextra:\n"
        for level in 1...9 { laughs += "  l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        try s.write("laughs.yaml", laughs)
        let l = try Self.time("a plan of nested aliases") { try s.ws("plan", "apply", "laughs.yaml") }
        #expect(l.code == 1, "exit \(l.code) \(l.stderr)")
        #expect(l.stderr.contains("aliases expanded"), "\(l.stderr)")
        #expect(try s.snapshot() == before)
        // The same aliases within the limit are fine: 50 times 100 KB.
        try s.write("fine.yaml", plan.split(separator: "\n").prefix(51).joined(separator: "\n") + "\n")
        try s.ws("plan", "apply", "fine.yaml").check()
    }
}
