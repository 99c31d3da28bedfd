/// `devlog/<date>-<id>-<slug>.md`: one workstream's day: what was done,
/// decisions, issues and resolutions, and time spent.
enum DevlogDocument {
    static func path(_ w: Workstream, day: String, _ layout: DocumentLayout) -> String {
        layout.datedPath(folder: "devlog", date: day, id: w.id, title: w.title)
    }

    /// Days with work on the workstream (declaring and planning do not count).
    static func days(of w: Workstream, history: ProjectHistory) -> [String] {
        var days: [String] = []
        for e in history.events[w.id] ?? [] where isWork(e.event) {
            let d = Doc.date(e.time)
            if days.last != d && !days.contains(d) { days.append(d) }
        }
        return days
    }

    static func isWork(_ event: WorkstreamEvent) -> Bool {
        switch event {
        case .started, .holderResolved, .conflictResolved, .logged, .taskCompleted, .taskReopened, .artifactRecorded, .blocked, .unblocked,
             .completed, .cancelled, .provisionSucceeded, .provisionFailed, .provisionPlanned,
             .released, .takenOver, .checkRan: return true
        case .declared, .detailsChanged, .briefWritten, .dependencyAdded, .dependencyRemoved, .taskAdded, .provisionRequested,
             .checkDeclared, .leaseRenewed: return false
        }
    }

    static func render(_ w: Workstream, day: String, history: ProjectHistory) -> String {
        let events = (history.events[w.id] ?? []).filter { Doc.date($0.time) == day }
        let actors = Array(Set(events.filter { isWork($0.event) }.map(\.actor))).sorted()
        let layout = history.layout
        let link = DocumentLayout.link(from: path(w, day: day, layout), to: Doc.workstreamPath(w, layout))
        var lines = [Doc.header, "", "# \(w.id): \(Doc.inline(w.title)) — devlog \(day)", ""]
        lines += Doc.table(["", ""], [
            ["**Date**", day],
            ["**Agents**", actors.map { Doc.inline($0) }.joined(separator: ", ")],
            ["**Phase**", Doc.inline(w.phase) ?? "—"],
            ["**Workstream**", "[\(w.id)](\(link))"],
        ])
        var done: [String] = []
        var decisions: [String] = []
        var issues: [String] = []
        var timeRows: [[String]] = []
        for e in events {
            let at = Doc.clock(e.time)
            switch e.event {
            case .logged(let l):
                let line = "- \(at) \(Doc.inline(e.actor)): \(Doc.listItem(l.message))"
                switch l.kind {
                case .note: done.append(line)
                case .decision: decisions.append(line)
                case .issue: issues.append("- **Issue** \(at) \(Doc.inline(e.actor)): \(Doc.listItem(l.message))")
                case .resolution: issues.append("  - **Resolution** \(at) \(Doc.inline(e.actor)): \(Doc.listItem(l.message))")
                }
                if let h = l.hours { timeRows.append([at, Doc.inline(e.actor), Doc.inline(l.message), Hours.format(h)]) }
            case .taskCompleted(let t):
                let text = w.task(t.taskId)?.text ?? ""
                done.append("- \(at) \(Doc.inline(e.actor)): task **\(t.taskId)** done — \(Doc.inline(text))")
            case .declared, .detailsChanged, .briefWritten, .dependencyAdded, .dependencyRemoved, .taskAdded, .taskReopened,
                 .started, .artifactRecorded, .blocked, .unblocked, .completed, .cancelled, .holderResolved, .conflictResolved,
                 .provisionRequested, .provisionSucceeded, .provisionFailed, .provisionPlanned, .leaseRenewed, .released,
                 .takenOver, .checkDeclared, .checkRan:
                if isWork(e.event), let text = HistoryLine.describe(e.event) { done.append("- \(at) \(Doc.inline(e.actor)): \(text)") }
            }
        }
        lines += ["", "## What was done", ""] + (done.isEmpty ? ["Nothing recorded."] : done)
        lines += ["", "## Decisions", ""] + (decisions.isEmpty ? ["None recorded."] : decisions)
        lines += ["", "## Issues and resolutions", ""] + (issues.isEmpty ? ["None recorded."] : issues)
        lines += ["", "## Time spent", ""]
        if timeRows.isEmpty { lines.append("No hours logged.") } else {
            let total = events.reduce(0.0) { sum, e in if case .logged(let l) = e.event { return sum + (l.hours ?? 0) }; return sum }
            lines += Doc.table(["At", "Who", "On", "Hours"], timeRows) + ["", "**Total**: \(Hours.format(total))"]
        }
        return Doc.join(lines)
    }
}
