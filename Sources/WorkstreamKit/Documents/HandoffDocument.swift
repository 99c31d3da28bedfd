/// `Handoffs/<date>-<id>-<slug>.md`: what the completing agent leaves for the
/// next one: summary, deliverables, artifacts, issues and resolutions, time,
/// next steps, and for each dependent what it now has and still needs.
enum HandoffDocument {
    static func path(_ w: Workstream, _ layout: DocumentLayout) -> String {
        layout.datedPath(folder: "Handoffs", date: Doc.date(w.closedAt ?? w.declaredAt), id: w.id, title: w.title)
    }

    static func render(_ w: Workstream, history: ProjectHistory) -> String {
        let state = history.state
        let events = history.events[w.id] ?? []
        let c = w.completion ?? Completion(summary: nil, next: [], forced: false, reason: nil)
        let dependents = state.dependents(of: w.id)
        let completedBy = events.last { if case .completed = $0.event { return true }; return false }?.actor ?? w.agent ?? "unknown"
        let link = DocumentLayout.link(from: path(w, history.layout), to: Doc.workstreamPath(w, history.layout))
        var lines = [Doc.header, "", "# Handoff: \(w.id) \(Doc.inline(w.title))", ""]
        lines += Doc.table(["", ""], [
            ["**Completed**", Doc.stamp(w.closedAt ?? "")],
            ["**By**", Doc.inline(completedBy)],
            ["**Phase**", Doc.inline(w.phase) ?? "—"],
            ["**For**", dependents.isEmpty ? "— (nothing depends on \(w.id))" : dependents.map { id in "\(id) \(Doc.inline(state[id]?.title ?? ""))" }.joined(separator: ", ")],
            ["**Workstream**", "[\(w.id)](\(link))"],
        ])
        // The open tasks are the state's, never the completion's own claim (a hand-written line may claim none).
        let open = w.openTasks.map(\.id).joined(separator: ", ")
        if c.forced {
            lines += ["", "> ⚠️ Completed with `--force`: \(Doc.inline(c.reason ?? "")). "
                      + "Open tasks at that moment: \(open.isEmpty ? "none" : open)."]
        } else if !open.isEmpty {
            lines += ["", "> ⚠️ Completed while tasks were open (a task added on another clone, or a journal edited "
                      + "by hand). Open tasks at that moment: \(open)."]
        }
        lines += ["", "## Summary", "", c.summary.map(Doc.demoted) ?? "No summary was given at completion."]

        lines += ["", "## Deliverables", ""]
        lines += w.tasks.isEmpty ? ["No tasks were tracked."] : w.tasks.map { "- [\($0.done ? "x" : " ")] **\($0.id)** \(Doc.inline($0.text))" }

        lines += ["", "## Artifacts", ""]
        if w.artifacts.isEmpty { lines.append("None recorded.") } else {
            lines += Doc.table(["Name", "Value"], w.artifacts.map {
                // A value in a code span longer than any run of backticks in it, as parameters are shown.
                [Doc.inline($0.name), $0.secret
                    ? "secret: `ws env \(w.id)` on a clone that holds it ("
                        + EventValidation.shown(fingerprint: $0.fingerprint) + ")"
                    : ProvisionSection.code($0.value ?? "")]
            })
        }

        lines += ProvisionSection.lines(w)

        let completedEvent = events.last { if case .completed = $0.event { return true }; return false }
        if case .completed(let c)? = completedEvent?.event { lines += CheckSection.evidence(w, completed: c) } else { lines += CheckSection.evidence(w, completed: nil) }

        let logs = events.compactMap { e -> (EventEnvelope, WorkstreamEvent.Logged)? in
            if case .logged(let l) = e.event { return (e, l) }; return nil
        }
        lines += ["", "## Issues and resolutions", ""]
        let issues = logs.filter { $0.1.kind == .issue || $0.1.kind == .resolution }
        lines += issues.isEmpty ? ["None recorded."] : issues.map { e, l in
            (l.kind == .issue ? "- **Issue** (" : "  - **Resolution** (") + "\(Doc.stamp(e.time)), \(Doc.inline(e.actor))): \(Doc.listItem(l.message))"
        }
        let decisions = logs.filter { $0.1.kind == .decision }
        if !decisions.isEmpty {
            lines += ["", "## Decisions", ""] + decisions.map { e, l in
                // On a line of its own after a multi-line message: appended to a closing fence it would keep the fence open.
                let attribution = "(\(Doc.date(e.time)), \(Doc.inline(e.actor)))"
                return l.message.contains("\n") ? "- \(Doc.listItem(l.message))\n  \(attribution)" : "- \(l.message) \(attribution)"
            }
        }

        lines += ["", "## Time spent", ""]
        let logged = logs.reduce(0.0) { $0 + ($1.1.hours ?? 0) }
        let span = w.startedAt.map { "started \(Doc.stamp($0)), " } ?? ""
        lines.append("\(Hours.format(logged)) logged over \(logs.count) devlog entr\(logs.count == 1 ? "y" : "ies")" +
                     (w.estimate.map { " against an estimate of \(Hours.format($0))" } ?? "") + "; \(span)completed \(Doc.stamp(w.closedAt ?? "")).")

        lines += ["", "## Next steps", ""]
        lines += c.next.isEmpty ? ["None given."] : c.next.enumerated().map { "\($0.offset + 1). \(Doc.inline($0.element))" }

        if !dependents.isEmpty {
            // As things stood when this workstream completed: a handoff does not change afterwards.
            func completedBefore(_ id: String) -> Bool {
                guard let other = state[id], other.lifecycle == .completed, let theirs = other.closedAt, let ours = w.closedAt else { return false }
                return theirs < ours
            }
            lines += ["", "## For the workstreams that depend on this"]
            for id in dependents {
                guard let d = state[id] else { continue }
                let waiting = d.dependsOn.filter { $0 != w.id && !completedBefore($0) }
                lines += ["", "### \(d.id): \(Doc.inline(d.title))", ""]
                lines.append(waiting.isEmpty ? "- With \(w.id) complete, nothing else blocked it: it could start (`ws start \(d.id)`)."
                             : "- It still waited on \(waiting.joined(separator: ", ")) when \(w.id) completed.")
                if !w.artifacts.isEmpty {
                    lines.append("- From \(w.id) it gets \(w.artifacts.map { "`\($0.name)`" }.joined(separator: ", ")): `ws env \(d.id)` prints them.")
                }
                lines.append("- `ws context \(d.id)` gives its brief, open tasks and this handoff.")
            }
        }
        return Doc.join(lines)
    }
}
