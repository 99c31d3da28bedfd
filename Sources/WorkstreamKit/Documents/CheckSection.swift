/// Checks in the documents: one verification row per check in the
/// workstream document, and the handoff's Evidence section (each check with
/// its command, result and time; the commits and files git recorded between
/// the start and the completion). Everything comes from events, so `ws
/// rebuild` writes the same bytes.
enum CheckSection {
    static func verificationRows(_ w: Workstream) -> [[String]] {
        w.checks.map { c in
            guard let last = c.last else { return ["Check: \(Doc.inline(c.name))", "\(Doc.code(c.run)): not run yet", "⬜"] }
            return ["Check: \(Doc.inline(c.name))", "\(Doc.code(c.run)): \(last.label), \(Doc.stamp(last.ranAt))", last.passed ? "✅" : "❌"]
        }
    }

    static func evidence(_ w: Workstream, completed: WorkstreamEvent.Completed?) -> [String] {
        var lines = ["", "## Evidence", "", "### Checks", ""]
        if w.checks.isEmpty {
            lines.append("No checks were declared (`ws check add \(w.id) <name> --run '<command>'`).")
        } else {
            lines += Doc.table(["Check", "Command", "Result", "Ran"], w.checks.map { c in
                [Doc.inline(c.name), Doc.code(c.run), c.last.map { ($0.passed ? "✅ " : "❌ ") + $0.label } ?? "⬜ not run",
                 c.last.map { "\(Doc.stamp($0.ranAt)) by \(Doc.inline($0.actor))" } ?? "—"]
            })
        }
        let failed = completed?.failedChecks ?? []
        if !failed.isEmpty {
            lines += ["", "> ⚠️ Completed with `--force` while \(failed.count == 1 ? "this check" : "these checks") had not passed: \(failed.map { Doc.inline($0) }.joined(separator: ", "))."]
            for c in w.checks where failed.contains(c.name) {
                guard let out = c.last?.output, !out.isEmpty else { continue }
                lines += ["", "Output of \(Doc.inline(c.name)) (last lines, secrets masked):", "", fence(out)]
            }
        }
        lines += ["", "### Changes in the repository", ""]
        guard let e = completed?.evidence else {
            lines.append("Not recorded (no git history was read at completion).")
            return lines
        }
        let range = [e.base.map { "from `\($0.prefix(12))`" }, e.head.map { "to `\($0.prefix(12))`" }].compactMap { $0 }.joined(separator: " ")
        lines.append("\(e.commits.count) commit\(e.commits.count == 1 ? "" : "s"), \(e.files.count) file\(e.files.count == 1 ? "" : "s") changed"
                     + (range.isEmpty ? "" : " (\(range))") + (e.truncated ? "; the lists are cut at \(Limits.evidenceItems)" : "") + ".")
        if !e.commits.isEmpty {
            lines += ["", "Commits:", ""] + e.commits.map { "- `\($0.id.prefix(12))` \(Doc.listItem($0.summary)) (\($0.author))" }
        }
        if !e.files.isEmpty {
            lines += ["", "Files:", ""] + e.files.map { "- \(Doc.code($0))" }
        }
        return lines
    }

    /// A fenced block longer than any fence inside the text, so the output cannot end it.
    static func fence(_ text: String) -> String {
        var longest = 2, run = 0
        for c in text { if c == "`" { run += 1; longest = max(longest, run) } else { run = 0 } }
        let marker = String(repeating: "`", count: longest + 1)
        return marker + "text\n" + text + "\n" + marker
    }
}
