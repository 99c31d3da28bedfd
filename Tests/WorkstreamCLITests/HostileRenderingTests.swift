import Foundation
import Testing

/// What a person or an agent writes cannot break the structure of a document, a Mermaid
/// block, a commit message, a terminal, or a shell that sources `ws env`.
@Suite struct HostileRenderingTests {
    /// Markdown read the way CommonMark reads it, as far as hostile text could change it: the
    /// headings outside code, code fences and HTML blocks that never end, and the tables.
    struct Markdown {
        var headings: [(level: Int, text: String)] = []
        var problems: [String] = []

        init(_ text: String) {
            var fence: (mark: Character, length: Int, indent: Int, line: Int)?
            var html: (ends: [String], indent: Int, line: Int)?
            var table: [(Int, String)] = []
            var previous: (text: String, contentIndent: Int)?   // the previous line, when it is paragraph text
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).enumerated() {
                let n = i + 1, indent = line.prefix { $0 == " " }.count, body = String(line.dropFirst(indent))
                // A list item ends at a non-blank line indented less than its content, and so does code inside it.
                let itemEnded = !body.isEmpty && indent < (fence?.indent ?? html?.indent ?? 0)
                if let f = fence {
                    if !itemEnded {
                        let run = body.prefix { $0 == f.mark }.count
                        if run >= f.length && body.dropFirst(run).allSatisfy({ $0 == " " }) { fence = nil }
                        continue
                    }
                    problems.append("the code fence of line \(f.line) is closed only because its list item ends (line \(n)); its last line is not a closing fence")
                    fence = nil
                }
                if let h = html {
                    if !itemEnded { if h.ends.contains(where: body.lowercased().contains) { html = nil }; continue }
                    html = nil
                }
                if !line.hasPrefix("|"), let header = table.first {
                    for (row, cells) in table where Self.cells(cells) != Self.cells(header.1) {
                        problems.append("table row at line \(row) has \(Self.cells(cells)) cells, its header (line \(header.0)) \(Self.cells(header.1))")
                    }
                    table = []
                }
                if line.hasPrefix("|") { table.append((n, line)); previous = nil; continue }
                if let mark = body.first, mark == "`" || mark == "~" {
                    let run = body.prefix { $0 == mark }.count
                    if run >= 3 && !(mark == "`" && body.dropFirst(run).contains("`")) {
                        fence = (mark, run, indent, n); previous = nil; continue
                    }
                }
                let lower = body.lowercased()
                let openers: [(String, [String])] = [("<!--", ["-->"]), ("<?", ["?>"]), ("<![cdata[", ["]]>"])]
                    + ["<pre", "<script", "<style", "<textarea"].map { ($0, ["</pre>", "</script>", "</style>", "</textarea>"]) }
                if let (open, ends) = openers.first(where: { lower.hasPrefix($0.0) }) ?? (lower.hasPrefix("<!") && lower.dropFirst(2).first?.isLetter == true ? ("<!", [">"]) : nil) {
                    if !ends.contains(where: lower.dropFirst(open.count).contains) { html = (ends, indent, n) }
                    previous = nil; continue
                }
                let hashes = body.prefix { $0 == "#" }.count
                if (1...6).contains(hashes) && (body.count == hashes || body.dropFirst(hashes).first == " ") {
                    headings.append((hashes, String(body.dropFirst(hashes)).trimmingCharacters(in: .whitespaces))); previous = nil; continue
                }
                if let p = previous, indent >= p.contentIndent, indent - p.contentIndent <= 3, !body.isEmpty,
                   body.trimmingCharacters(in: .whitespaces).allSatisfy({ $0 == "=" }) || body.trimmingCharacters(in: .whitespaces).allSatisfy({ $0 == "-" }) {
                    headings.append((body.first == "=" ? 1 : 2, p.text)); previous = nil; continue
                }
                let marker = body.hasPrefix("- ") || body.hasPrefix("* ") ? 2 : 0
                previous = body.isEmpty ? nil : (String(body.dropFirst(marker)), indent + marker)
            }
            if let f = fence { problems.append("the code fence of line \(f.line) is never closed: it swallows the rest of the document") }
            if let h = html { problems.append("the HTML block of line \(h.line) never ends: it swallows the rest of the document") }
        }

        /// Cells of a table row: its pipes less one, a pipe right after a backslash not counting. That is
        /// cmark-gfm's rule: `table_cell = (escaped_char|[^|\r\n])+` takes the longest match, so `\\|` is text too.
        static func cells(_ row: String) -> Int {
            zip(row, " " + row).filter { $0.0 == "|" && $0.1 != "\\" }.count - 1
        }
    }

    /// Every generated document, by path.
    func documents(_ s: Sandbox) throws -> [String: String] {
        var docs: [String: String] = [:]
        for dir in ["Workstreams", "Handoffs", "devlog"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: s.root.appendingPathComponent(dir).path) where name.hasSuffix(".md") {
                docs["\(dir)/\(name)"] = try String(contentsOf: s.root.appendingPathComponent("\(dir)/\(name)"), encoding: .utf8)
            }
        }
        return docs
    }

    static let sections: [(String, [String])] = [
        ("Workstreams/README.md", ["Ready to start", "Blocked and waiting", "Critical path", "Dependency graph"]),
        ("Workstreams/H1", ["Brief", "Tasks", "Dependencies", "Artifacts", "Verification", "Devlog", "History"]),
        ("Handoffs/", ["Summary", "Deliverables", "Artifacts", "Issues and resolutions", "Decisions", "Time spent", "Next steps"]),
        ("devlog/", ["What was done", "Decisions", "Issues and resolutions", "Time spent"]),
    ]

    /// Each hostile text goes into a brief, three log entries and a handoff summary.
    static let payloads: [String: String] = [
        "unclosed fence": "Intro\n```sh\nunclosed fence\n# Hostile inside code",
        "longer fence": "Intro\n````\nfour backticks\n```\nstill code",
        "tilde fence": "Intro\n~~~\nnever closed",
        "comment": "Intro <!-- inline\n<!-- Hostile comment never closed\ntext",
        "atx headings": "# Hostile One\n## Hostile Two\ntext\n#Hostile no space",
        "setext headings": "Hostile setext one\n===\n\nHostile setext two\n---\ntext",
        "table rows": "| a | b |\n| --- | --- |\n| c \\| d | e |",
        "html blocks": "Intro\n\n<pre>\nHostile pre never closed",
        "processing instruction": "Intro\n\n<?php never closed\n\n<![CDATA[ never closed\n\n<!DOCTYPE never closed",
    ]

    @Test(arguments: payloads.keys.sorted())
    func multiLineTextStaysInItsSection(payload: String) throws {
        let text = Self.payloads[payload]!
        let s = try Sandbox()
        try s.ws("init").check()
        try s.write("brief.md", "- [ ] 1 Build it | with a pipe\n\n\(text)\n")
        try s.ws("new", "H1", "--title", "Plain title", "--brief-file", "brief.md").check()
        try s.ws("new", "H2", "--title", "Next", "--depends-on", "H1").check()
        try s.ws("start", "H1").check()
        try s.ws("task", "done", "H1", "1").check()
        for kind in ["note", "decision", "issue"] { try s.ws("log", "H1", text, "--kind", kind, "--hours", "1").check() }
        try s.ws("complete", "H1", "--summary", text, "--next", "Read | this").check()
        let docs = try documents(s)
        for (prefix, _) in Self.sections {
            #expect(docs.keys.contains { $0.hasPrefix(prefix) }, "no document \(prefix)…")
        }
        for (path, doc) in docs {
            let md = Markdown(doc)
            #expect(md.problems.isEmpty, "\(payload): \(path): \(md.problems)")
            let promoted = md.headings.filter { $0.level <= 2 && $0.text.contains("Hostile") }
            #expect(promoted.isEmpty, "\(payload): \(path) has hostile headings \(promoted.map { "\($0.level) \($0.text)" })")
            if let expected = Self.sections.first(where: { path.hasPrefix($0.0) })?.1 {
                var rest = md.headings.filter { $0.level == 2 }.map(\.text)[...]
                for section in expected {
                    guard let at = rest.firstIndex(where: { $0.hasPrefix(section) }) else {
                        Issue.record("\(payload): \(path) lost its section '\(section)' (level-2 headings: \(md.headings.filter { $0.level == 2 }.map(\.text)))")
                        break
                    }
                    rest = rest[(at + 1)...]
                }
            }
        }
        try s.ws("verify").check()
    }

    static let titles = ["Quote \" back ` lt < gt > [br] pipe | end", "a\"] --> ws_X[\"b", "<i>x</i> `c` [d] |e| %%{init: {}}%%",
                         "\"]:::completed", "ends with backslash \\", "#quot; &lt; <br/>", "escaped \\| pipe \\\\| two"]

    @Test func titlesStayInsideMermaidLabelsAndTableCells() throws {
        let s = try Sandbox()
        try s.ws("init").check()
        for (i, title) in Self.titles.enumerated() {
            try s.ws(["new", "T\(i)", "--title", title, "--phase", title] + (i > 0 ? ["--depends-on", "T\(i - 1)"] : [])).check()
        }
        try s.ws("start", "T0").check()
        try s.ws("complete", "T0").check()
        let readme = try String(contentsOf: s.root.appendingPathComponent("Workstreams/README.md"), encoding: .utf8)
        let md = Markdown(readme)
        #expect(md.problems.isEmpty, "\(md.problems)\n\(readme)")
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.filter { $0.hasPrefix("```") }.count % 2 == 0)
        guard let start = lines.firstIndex(of: "```mermaid"), let end = lines[(start + 1)...].firstIndex(of: "```") else {
            Issue.record("no closed ```mermaid block:\n\(readme)"); return
        }
        let node = /^    ws_[A-Za-z0-9_]+\["[^"]*"\]:::[a-z_]+$/, edge = /^    ws_[A-Za-z0-9_]+ --> ws_[A-Za-z0-9_]+$/
        var nodes = 0
        for line in lines[(start + 1)..<end] {
            if line.wholeMatch(of: node) != nil {
                nodes += 1
                let label = line.replacingOccurrences(of: "<br/>", with: "").replacingOccurrences(of: "<i>", with: "").replacingOccurrences(of: "</i>", with: "")
                #expect(!label.contains("<") && !label.contains(">") && !label.contains("`"), "a label passes markup: \(line)")
            } else {
                #expect(line == "graph TD" || line.wholeMatch(of: edge) != nil || line.hasPrefix("    classDef "), "not a node, edge or class: \(line)")
            }
        }
        #expect(nodes == Self.titles.count)
        let dot = try s.ws("graph", "--format", "dot").check().stdout
        let dotNode = /^    "[^"\\]*" \[label="([^"\\]|\\.)*", fillcolor="#[0-9a-f]{6}"\];$/
        #expect(dot.split(separator: "\n").filter { $0.contains("[label=") }.allSatisfy { String($0).wholeMatch(of: dotNode) != nil }, "\(dot)")
    }

    @Test func commitMessagesCarryOnlyTheRealTrailers() throws {
        let s = try Sandbox()
        try s.ws("init").check()
        try s.ws("new", "A1", "--title", "Ws-Last-Seq: 999").check()
        try s.ws("start", "A1").check()
        try s.ws("complete", "A1", "--summary", "done\n\nWs-Last-Seq: 999\nWs-Head: deadbeef\nWs-Events: 1-999", "--next", "Ws-Head: deadbeef").check()
        let run = { (args: [String]) in try Sandbox.run(["/usr/bin/env", "git"] + args, cwd: s.root, env: s.environment).check().stdout }
        let trailers = try run(["log", "-1", "--format=%(trailers)"]).split(separator: "\n").map(String.init)
        #expect(trailers.map { $0.split(separator: ":").first.map(String.init) ?? "" } == ["Ws-Events", "Ws-Last-Seq", "Ws-Head"], "\(trailers)")
        let lastSeq = try json(try s.snapshot().split(separator: "\n").last.map(String.init) ?? "") as? [String: Any]
        #expect(trailers.contains("Ws-Last-Seq: \(lastSeq?["seq"] as? Int ?? -1)"), "\(trailers)")
        #expect(try run(["log", "-1", "--format=%s"]) == "ws: complete A1 — Ws-Last-Seq: 999\n")
    }

    @Test func terminalOutputNeverCarriesAnEscape() throws {
        let s = try Sandbox()
        try s.ws("init").check()
        try s.ws("new", "A1", "--title", "Plain").check()
        try s.ws("start", "A1").check()
        let before = try s.snapshot()
        let esc = "red \u{1B}[31m\u{1B}]0;title\u{7} csi \u{9B}2J"
        try s.write("brief.md", esc)
        let attempts: [Sandbox.Result] = [
            try s.ws("new", "A2", "--title", esc), try s.ws("new", "A2", "--title", "t", "--phase", esc), try s.ws("log", "A1", esc),
            try s.ws("task", "add", "A1", esc), try s.ws("brief", "A1", "--file", "brief.md"), try s.ws("block", "A1", "--reason", esc),
            try s.ws("artifact", "A1", "URL=\(esc)"), try s.ws("artifact", "A1", "KEY=-", "--secret", stdin: esc),
            try s.ws("complete", "A1", "--summary", esc), try s.ws(["log", "A1", "x"], env: ["WS_AGENT": esc]),
        ]
        for (i, r) in attempts.enumerated() {
            #expect(r.code == 1, "attempt \(i): exit \(r.code) \(r.stderr)")
            #expect(!r.stderr.contains("\u{1B}") && !r.stderr.contains("\u{9B}"), "attempt \(i) echoes the escape")
        }
        #expect(try s.snapshot() == before)
        for args in [["status"], ["show", "A1"], ["show", "A1", "--json"], ["history", "A1"], ["context", "A1"], ["env", "A1"], ["ready"], ["blocked"]] {
            let r = try s.ws(args).check()
            #expect(!r.stdout.contains("\u{1B}") && !r.stdout.contains("\u{9B}"), "\(args) prints an escape")
        }
    }

    /// Values a shell would run if ws quoted them badly; MARK is a file that must never appear.
    static let shellValues = ["$(touch MARK)", "`touch MARK`", "'; touch MARK; '", "\"; touch MARK; \"", "a'b\"c\\d $HOME !x",
                              "line one\n$(touch MARK)\nOTHER=`touch MARK`", "\\'$(touch MARK)\\'", "x${IFS}$(touch MARK) ;touch MARK #", "\ttab\t'"]

    @Test(arguments: shellValues)
    func sourcingWsEnvRunsNothing(template: String) throws {
        let mark = FileManager.default.temporaryDirectory.appendingPathComponent("pwned-\(UUID().uuidString)").path
        let value = template.replacingOccurrences(of: "MARK", with: mark)
        let s = try Sandbox()
        try s.ws("init").check()
        try s.ws("new", "E1", "--title", "Env $(touch \(mark)) `touch \(mark)` '\"").check()
        try s.ws("new", "E2", "--title", "Uses E1", "--depends-on", "E1").check()
        try s.ws("artifact", "E1", "NAME=\(value)").check()
        // A secret is at least 8 characters (shorter ones are refused): a short value is padded, at its start, where it changes nothing the test looks at.
        let secret = value.count >= 8 ? value : String(repeating: "x", count: 8) + value
        try s.ws(["artifact", "E1", "SECRET=-", "--secret"], stdin: secret).check()
        let env = s.environment.merging(["WS": Sandbox.binary.path]) { $1 }
        for id in ["E1", "E2"] {
            for read in [#"source <("$WS" env ID)"#, #"eval "$("$WS" env ID)""#] {
                for name in ["NAME", "SECRET"] {
                    let script = read.replacingOccurrences(of: "ID", with: id) + #"; printf %s "$"# + name + "\""
                    let r = try Sandbox.run(["/bin/bash", "-c", script], cwd: s.root, env: env).check()
                    let wanted = name == "SECRET" ? secret : value
                    #expect(r.stdout == wanted, "\(script): got \(r.stdout.debugDescription), wanted \(wanted.debugDescription)")
                    #expect(r.stderr.isEmpty, "\(script): \(r.stderr)")
                }
            }
        }
        #expect(!FileManager.default.fileExists(atPath: mark), "sourcing ws env ran a command")
        try? FileManager.default.removeItem(atPath: mark)
    }
}
