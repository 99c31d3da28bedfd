import Foundation
import Testing

/// Journal lines arrive in other people's commits and are untrusted: a bad line is quarantined,
/// named with its file and line and the command that drops it, the rest of the change imports,
/// every command keeps working, and nothing is written outside the generated folders.
@Suite struct HostileJournalTests {
    enum Hostile: String, CaseIterable, Sendable {
        case brokenJSON, unknownType, traversalStream, workflowStream, foreignStream, misfiledInNewFile, oversized, badEventId, reusedEventId

        /// Brought by `git pull` from the other clone; the rest are committed by hand on the clone itself.
        var viaPull: Bool { [.traversalStream, .workflowStream, .foreignStream, .oversized].contains(self) }
    }

    /// The bad line (every one carries "HOSTILE") and the journal file it goes to, made from W's
    /// own lines: its declaration and a devlog note.
    func hostile(_ kind: Hostile, declared: [String: Any], note: [String: Any]) -> (file: String, line: String) {
        func line(_ base: [String: Any], _ fields: [String: String], data: [String: String]) -> String {
            var object = base, payload = base["data"] as? [String: Any] ?? [:]
            for (key, value) in fields { object[key] = value }
            for (key, value) in data { payload[key] = value }
            object["data"] = payload
            return WorkCopy.canonical(object)
        }
        let fresh = UUID().uuidString.lowercased()
        switch kind {
        case .brokenJSON: return ("W.jsonl", #"{"actor":"mallory","data":{"kind":"note","message":"HOSTILE unterminated"#)
        case .unknownType: return ("W.jsonl", line(note, ["eventId": fresh, "type": "WorkstreamTeleported"], data: ["message": "HOSTILE"]))
        case .traversalStream: return ("W.jsonl", line(declared, ["eventId": fresh, "stream": "../../x"], data: ["title": "HOSTILE escape"]))
        case .workflowStream: return ("W.jsonl", line(declared, ["eventId": fresh, "stream": ".github/workflows/evil"], data: ["title": "HOSTILE workflow"]))
        case .foreignStream: return ("W.jsonl", line(declared, ["eventId": fresh, "stream": "V"], data: ["title": "HOSTILE smuggled"]))
        case .misfiledInNewFile: return ("Z.jsonl", line(note, ["eventId": fresh], data: ["message": "HOSTILE misfiled"]))
        case .oversized: return ("W.jsonl", line(note, ["eventId": fresh], data: ["message": "HOSTILE " + String(repeating: "A", count: 1_200_000)]))
        case .badEventId: return ("W.jsonl", line(note, ["eventId": "../../not an id"], data: ["message": "HOSTILE"]))
        case .reusedEventId: return ("W.jsonl", line(note, [:], data: ["message": "HOSTILE tampered"]))
        }
    }

    static func lines(_ url: URL) -> [String] {
        ((try? String(contentsOf: url, encoding: .utf8)) ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    static func append(_ line: String, to url: URL) throws {
        var text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        try (text + line + "\n").write(to: url, atomically: true, encoding: .utf8)
    }

    /// Regular files of a work tree, `.git` left out.
    static func files(_ copy: WorkCopy) -> Set<String> {
        guard let walk = FileManager.default.enumerator(atPath: copy.dir.path) else { return [] }
        var out: Set<String> = []
        while let path = walk.nextObject() as? String {
            if path == ".git" || path.hasPrefix(".git/") { continue }
            if walk.fileAttributes?[.type] as? FileAttributeType == .typeRegular { out.insert(path) }
        }
        return out
    }

    static func strays() -> Set<String> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)) ?? []
        return Set(names.filter { $0 == "x" || $0.hasPrefix("x.") || $0.hasPrefix("x-") || $0.hasPrefix(".github") })
    }

    func expectNothingEscaped(_ pair: ClonePair, before: Set<String>, strays: Set<String>, _ kind: Hostile) throws {
        #expect(try FileManager.default.contentsOfDirectory(atPath: pair.scratch.base.path).sorted() == ["one", "origin.git", "two"], "\(kind)")
        #expect(Self.strays() == strays, "\(kind): a file appeared beside the test directories")
        for path in Self.files(pair.one).subtracting(before) {
            let generated = ["Workstreams/", "Handoffs/", "devlog/", ".ws/journal/"].contains { path.hasPrefix($0) }
            #expect(generated && !path.contains(".github") && !path.contains(".."), "\(kind): \(path) was created from imported data")
        }
        for path in try pair.one.git("ls-tree", "-r", "--name-only", "HEAD").check().stdout.split(separator: "\n") {
            #expect(!path.contains(".github") && !path.split(separator: "/").contains { $0.hasPrefix("x") }, "\(kind): \(path) was committed")
        }
    }

    func expectNamed(_ text: String, _ file: String, _ number: Int, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(text.contains(file) && (text.contains("\(file):\(number)") || text.contains("line \(number)")) && text.contains("ws sync"),
                "\(what) does not name \(file) line \(number) and `ws sync`: \(text)", sourceLocation: sourceLocation)
    }

    @Test(arguments: Hostile.allCases) func aBadLineIsQuarantinedAndTheRestImports(_ kind: Hostile) throws {
        let pair = try ClonePair(seed: [["start", "W", "--agent", "alice"], ["log", "W", "seed note"]])
        let (one, two) = (pair.one, pair.two)
        let objects = try Self.lines(one.dir.appendingPathComponent(".ws/journal/W.jsonl")).filter { !$0.isEmpty }
            .map { try #require(try json($0) as? [String: Any]) }
        func line(_ key: String, _ value: String) throws -> [String: Any] {
            try #require(objects.first { ($0["data"] as? [String: Any])?[key] as? String == value }, "no \(key) \(value) in W.jsonl")
        }
        let bad = hostile(kind, declared: try line("title", "Work"), note: try line("message", "seed note"))
        let path = ".ws/journal/\(bad.file)"
        let (before, strays) = (Self.files(one), Self.strays())

        // A good event made by ws on clone two travels in the same change as the bad line.
        try two.ws("log", "W", "good note").check()
        try two.ws("commit").check()
        let goodLine = try #require(Self.lines(two.dir.appendingPathComponent(".ws/journal/W.jsonl")).first { $0.contains("good note") })
        let goodId = try #require((try json(goodLine) as? [String: Any])?["eventId"] as? String)
        if kind.viaPull {
            try Self.append(bad.line, to: two.dir.appendingPathComponent(path))
            try two.git("add", ".ws/journal").check()
            try two.git("commit", "-q", "-m", "Journal edited by hand").check()
            try two.git("push", "-q", "origin", "main").check()
            try one.git("-c", "pull.rebase=false", "pull", "-q", "--no-edit", "origin", "main").check()
        } else {
            try Self.append(goodLine, to: one.dir.appendingPathComponent(".ws/journal/W.jsonl"))
            try Self.append(bad.line, to: one.dir.appendingPathComponent(path))
            try one.git("add", ".ws/journal").check()
            try one.git("commit", "-q", "-m", "Journal edited by hand").check()
        }
        let number = try #require(Self.lines(one.dir.appendingPathComponent(path)).firstIndex(of: bad.line)) + 1

        let status = try one.ws("status")
        #expect(status.code == 0, "\(kind): \(status.stderr)")
        expectNamed(status.stderr, bad.file, number, "\(kind): the warning of the importing command")
        for args in [["status", "--json"], ["show", "W", "--json"], ["ready", "--json"], ["blocked", "--json"], ["history", "--json"]] {
            let r = try one.ws(args)
            #expect(r.code == 0 && !r.stdout.contains("HOSTILE"), "\(kind): ws \(args): exit \(r.code) \(r.stderr)")
        }
        #expect(Set(try one.objects("status").compactMap { $0["id"] as? String }) == ["W", "H", "I"], "\(kind)")
        let verify = try one.ws("verify")
        #expect(verify.code == 0, "\(kind): \(verify.stderr)")
        expectNamed(verify.stdout + verify.stderr, bad.file, number, "\(kind): ws verify")
        let export = try one.ws("export").check().stdout
        #expect(!export.contains("HOSTILE") && export.contains(goodId), "\(kind): the good line next to the bad one was not imported, or the bad one was")
        try expectNothingEscaped(pair, before: before, strays: strays, kind)

        // `ws sync` commits the journal without the bad line; then nothing warns any more.
        let head = try one.head()
        try one.ws("sync").check()
        #expect(try one.head() != head, "\(kind): ws sync made no commit")
        let committed = try one.git("show", "HEAD:\(path)")
        #expect(committed.code != 0 || !committed.stdout.contains("HOSTILE"), "\(kind): the bad line is still committed")
        #expect(try one.git("show", "HEAD:.ws/journal/W.jsonl").check().stdout.contains(goodId), "\(kind)")
        #expect(try one.git("status", "--porcelain", "--", ".ws/journal").check().stdout.isEmpty, "\(kind)")
        let later = try one.ws("status")
        #expect(later.code == 0 && !later.stderr.contains(bad.file), "\(kind): still warns after ws sync: \(later.stderr)")
        let again = try one.ws("verify")
        #expect(again.code == 0 && !(again.stdout + again.stderr).contains(bad.file), "\(kind): \(again.stdout)\(again.stderr)")
        try expectNothingEscaped(pair, before: before, strays: strays, kind)
    }

    /// A peer names the journal file: an OSC sequence in that name (it retitles a terminal; OSC 52 writes the
    /// clipboard) reaches no terminal through the warning, `ws quarantine` or `ws verify`: shown as `\u{1b}` (red team).
    @Test func aJournalFileNamedWithTerminalEscapesIsNamedPrintably() throws {
        let pair = try ClonePair(seed: [["log", "W", "seed note"]])
        let (one, two) = (pair.one, pair.two)
        let note = try #require(Self.lines(two.dir.appendingPathComponent(".ws/journal/W.jsonl")).first { $0.contains("seed note") })
        let name = "e\u{1B}]0;owned\u{07}.jsonl"
        try Self.append(note, to: two.dir.appendingPathComponent(".ws/journal/\(name)"))
        try two.git("add", ".ws/journal").check()
        try two.git("commit", "-q", "-m", "A journal by hand").check()
        try two.git("push", "-q", "origin", "main").check()
        try one.git("-c", "pull.rebase=false", "pull", "-q", "--no-edit", "origin", "main").check()
        let outputs = [try one.ws("status"), try one.ws("quarantine"), try one.ws("verify")]
        for r in outputs {
            #expect(!(r.stdout + r.stderr).contains("\u{1B}") && !(r.stdout + r.stderr).contains("\u{07}"),
                    "a terminal escape from a file name was printed: \((r.stdout + r.stderr).debugDescription)")
        }
        #expect(outputs.contains { ($0.stdout + $0.stderr).contains("e\\u{1b}]0;owned\\u{7}.jsonl") },
                "the file is not named printably: \(outputs.map { $0.stdout + $0.stderr })")
        // `ws sync` empties that file in a commit of its own, which covers no event (not a range like "6-5").
        try one.ws("sync").check()
        let message = try one.git("log", "-1", "--format=%B").check().stdout
        #expect(message.contains("Ws-Events: none"), "\(message)")
        #expect(try one.ws("quarantine").check().stdout.contains("no quarantined journal lines"))
    }

    /// An old-format line (`seq`/`hash`/`prevHash`/`version`) edited by hand, its hash recomputed
    /// so that it looks intact: the event it claims to be is already stored with other content.
    @Test func anOldFormatLineRehashedAfterEditingIsQuarantined() throws {
        let fixture = try V1Fixture()
        let repo = fixture.repo
        let url = repo.dir.appendingPathComponent(".ws/journal/A2.jsonl")
        var lines = Self.lines(url)
        let index = try #require(lines.firstIndex { $0.contains(#""type":"WorkstreamStarted""#) })
        let old = try #require(try json(lines[index]) as? [String: Any])
        let payload = #"{"agent":"mallory"}"#
        let fields: [Any?] = [old["prevHash"], old["seq"], old["eventId"], old["stream"], old["version"], old["type"], old["schemaVersion"], old["actor"], old["time"]]
        let canonical = fields.map { "\($0 ?? "")" }.joined(separator: "\u{1F}") + "\u{1F}" + payload
        let sum = try Sandbox.run(["/usr/bin/env", "sha256sum"], cwd: repo.dir, env: repo.env, stdin: canonical).check().stdout
        let oldHash = try #require(old["hash"] as? String), eventId = try #require(old["eventId"] as? String)
        lines[index] = lines[index].replacingOccurrences(of: #""data":{"agent":"bob"}"#, with: #""data":"# + payload)
            .replacingOccurrences(of: #""hash":"\#(oldHash)""#, with: #""hash":"\#(sum.prefix(64))""#)
        #expect(lines[index].contains("mallory") && !lines[index].contains(oldHash))
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        try repo.git("commit", "-q", "-am", "A2 was mallory's").check()

        let status = try repo.ws("status")
        #expect(status.code == 0, "\(status.stderr)")
        expectNamed(status.stderr, "A2.jsonl", index + 1, "the warning of the importing command")
        #expect(try repo.row("A2")["agent"] as? String == "bob")
        let verify = try repo.ws("verify")
        #expect(verify.code == 0, "\(verify.stderr)")
        expectNamed(verify.stdout + verify.stderr, "A2.jsonl", index + 1, "ws verify")
        #expect(try !repo.ws("export").check().stdout.contains("mallory"))

        try repo.ws("sync").check()
        let committed = try repo.git("show", "HEAD:.ws/journal/A2.jsonl").check().stdout
        #expect(!committed.contains("mallory") && committed.contains(eventId), "\(committed)")
        let later = try repo.ws("status")
        #expect(later.code == 0 && !later.stderr.contains("A2.jsonl"), "\(later.stderr)")
        #expect(try repo.row("A2")["agent"] as? String == "bob")
        try repo.ws("verify").check()
    }
}
