/// `Workstreams/<id>-<slug>.md`: everything about one workstream a reader
/// needs: status, brief, tasks, dependencies both ways, artifacts (secrets by
/// name only), provisioning, a verification table, devlog days and history.
enum WorkstreamDocument {
    static func render(_ w: Workstream, history: ProjectHistory) -> String {
        let state = history.state
        let status = state.status(of: w.id) ?? .planned
        let events = history.events[w.id] ?? []
        let dependents = state.dependents(of: w.id)
        let layout = history.layout
        let here = Doc.workstreamPath(w, layout)
        func link(_ id: String) -> String {
            guard let other = state[id] else { return id }
            return "[\(id)](\(DocumentLayout.link(from: here, to: Doc.workstreamPath(other, layout))))"
        }
        var lines = [Doc.header, "", "# \(w.id): \(Doc.inline(w.title))", ""]
        var facts: [[String]] = [["Status", Doc.badge(status) + (w.blockedReason.map { ": \(Doc.inline($0))" } ?? "")]]
        if let agent = w.agent { facts.append(["Agent", Doc.inline(agent)]) }
        if let expiry = w.leaseExpiresAt { facts.append(["Lease", "until \(Doc.stamp(expiry)) (renewed by \(Doc.inline(w.agent ?? "")) at \(Doc.stamp(w.leaseRenewedAt ?? ""))); stale after that"]) }
        if let phase = w.phase { facts.append(["Phase", Doc.inline(phase)]) }
        if let owner = w.owner { facts.append(["Owner", Doc.inline(owner)]) }
        if w.estimate != nil || w.hoursLogged > 0 {
            facts.append(["Time", [w.estimate.map { "estimate \(Hours.format($0))" }, w.hoursLogged > 0 ? "logged \(Hours.format(w.hoursLogged))" : nil]
                .compactMap { $0 }.joined(separator: ", ")])
        }
        facts.append(["Declared", Doc.stamp(w.declaredAt)])
        if let s = w.startedAt { facts.append(["Started", Doc.stamp(s)]) }
        if let c = w.closedAt { facts.append([w.lifecycle == .cancelled ? "Cancelled" : "Completed", Doc.stamp(c)]) }
        facts.append(["Depends on", w.dependsOn.isEmpty ? "—" : w.dependsOn.map(link).joined(separator: ", ")])
        facts.append(["Blocks", dependents.isEmpty ? "—" : dependents.map(link).joined(separator: ", ")])
        if w.lifecycle == .completed {
            let handoff = HandoffDocument.path(w, layout)
            let name = handoff.split(separator: "/").last.map(String.init) ?? handoff
            facts.append(["Handoff", "[\(name)](\(DocumentLayout.link(from: here, to: handoff)))"])
        }
        lines += Doc.table(["", ""], facts.map { ["**\($0[0])**", $0[1]] })

        if let reason = w.cancelReason { lines += ["", "Cancelled: \(Doc.inline(reason))"] }
        if let brief = w.brief, !brief.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            lines += ["", "## Brief", "", Doc.demoted(brief)]
        }

        let done = w.tasks.filter(\.done).count
        lines += ["", "## Tasks (\(done)/\(w.tasks.count) done)", ""]
        lines += w.tasks.isEmpty ? ["No tasks recorded."] : w.tasks.map { "- [\($0.done ? "x" : " ")] **\($0.id)** \(Doc.inline($0.text))" }

        lines += ["", "## Dependencies", "", "### Blocked by", ""]
        lines += w.dependsOn.isEmpty ? ["Nothing: this workstream can start on its own."] : relationRows(w.dependsOn, state: state, link: link)
        lines += ["", "### Blocks", ""]
        lines += dependents.isEmpty ? ["Nothing waits for this workstream."] : relationRows(dependents, state: state, link: link)

        lines += ["", "## Artifacts", ""]
        if w.artifacts.isEmpty { lines.append("None recorded.") } else {
            lines += Doc.table(["Name", "Value", "Recorded"], w.artifacts.map { a in
                // A value in a code span longer than any run of backticks in it, as parameters are shown.
                let fingerprint = EventValidation.shown(fingerprint: a.fingerprint)
                return [Doc.inline(a.name),
                        a.secret ? "secret (\(fingerprint)); value in the local secret store: `ws env \(w.id)`"
                                 : ProvisionSection.code(a.value ?? ""),
                        Doc.stamp(a.recordedAt)]
            })
        }

        lines += ProvisionSection.lines(w)

        lines += verification(w, status: status, state: state)

        let days = DevlogDocument.days(of: w, history: history)
        if !days.isEmpty {
            lines += ["", "## Devlog", ""]
            lines += days.map { day in
                let entries = events.filter { Doc.date($0.time) == day }
                let hours = entries.reduce(0.0) { sum, e in if case .logged(let l) = e.event { return sum + (l.hours ?? 0) }; return sum }
                let target = DocumentLayout.link(from: here, to: DevlogDocument.path(w, day: day, layout))
                return "- [\(day)](\(target)): \(entries.count) event\(entries.count == 1 ? "" : "s")"
                    + (hours > 0 ? ", \(Hours.format(hours))" : "")
            }
        }

        lines += ["", "## History", ""]
        // Numbered by place in the workstream's own history: the same in every clone (local sequence numbers are not).
        lines += Doc.table(["#", "When", "Who", "What"], events.enumerated().compactMap { i, e in
            HistoryLine.describe(e.event).map { [String(i + 1), Doc.stamp(e.time), Doc.inline(e.actor), $0] }
        })
        return Doc.join(lines)
    }

    static func relationRows(_ ids: [String], state: WorkspaceState, link: (String) -> String) -> [String] {
        Doc.table(["Workstream", "Status", "Agent"], ids.map { id in
            [link(id) + (state[id].map { " \(Doc.inline($0.title))" } ?? ""), state.status(of: id).map(Doc.badge) ?? "unknown", Doc.inline(state[id]?.agent) ?? "—"]
        })
    }

    static func verification(_ w: Workstream, status: Status, state: WorkspaceState) -> [String] {
        let depsDone = w.dependsOn.filter { state[$0]?.lifecycle == .completed }.count
        let done = w.tasks.filter(\.done).count
        let secrets = w.artifacts.filter(\.secret).count
        func mark(_ ok: Bool) -> String { ok ? "✅" : "⬜" }
        var rows: [[String]] = [
            ["Dependencies completed", "\(depsDone)/\(w.dependsOn.count)", mark(depsDone == w.dependsOn.count)],
            ["Tasks done", "\(done)/\(w.tasks.count)", mark(done == w.tasks.count)],
            ["Artifacts recorded", "\(w.artifacts.count)" + (secrets > 0 ? " (\(secrets) secret, values outside git)" : ""), mark(!w.artifacts.isEmpty)],
            ["Handoff written", w.lifecycle == .completed ? "yes" : "at completion", mark(w.lifecycle == .completed)],
        ]
        if let c = w.completion, c.forced { rows.append(["Completed with --force", Doc.inline(c.reason ?? ""), "⚠️"]) }
        rows += CheckSection.verificationRows(w)
        return ["", "## Verification", ""] + Doc.table(["Check", "State", ""], rows)
    }
}

/// One line of history per event, for people (devlog entries have their own section).
enum HistoryLine {
    static func describe(_ event: WorkstreamEvent) -> String? {
        switch event {
        case .declared(let d): return "declared: \(Doc.inline(d.title))"
        case .detailsChanged(let c):
            var parts: [String] = []
            if let t = c.title { parts.append("title → \(Doc.inline(t))") }
            if let p = c.phase { parts.append("phase → \(Doc.inline(p))") }
            if let o = c.owner { parts.append("owner → \(Doc.inline(o))") }
            if let e = c.estimate { parts.append("estimate → \(Hours.format(e))") }
            parts += (c.clear ?? []).map { "\($0) cleared" }
            return "details changed: " + parts.joined(separator: ", ")
        case .briefWritten: return "brief written"
        case .dependencyAdded(let d): return "now depends on \(d.dependsOn)"
        case .dependencyRemoved(let d): return "no longer depends on \(d.dependsOn)"
        case .taskAdded(let t): return "task \(t.taskId) added: \(Doc.inline(t.text))"
        case .taskCompleted(let t): return "task \(t.taskId) done"
        case .taskReopened(let t): return "task \(t.taskId) reopened"
        case .started(let s): return "started by \(Doc.inline(s.agent))"
        case .logged: return nil // devlog entries have their own documents
        case .artifactRecorded(let a): return "artifact \(Doc.inline(a.name))" + (a.secret ? " (secret)" : "")
        case .blocked(let b): return "blocked: \(Doc.inline(b.reason))"
        case .unblocked: return "unblocked"
        case .completed(let c): return c.forced ? "completed with --force: \(Doc.inline(c.reason ?? ""))" : "completed"
        case .cancelled(let c): return "cancelled: \(Doc.inline(c.reason))"
        case .holderResolved(let s): return "conflict settled: held by \(Doc.inline(s.agent))"
        case .conflictResolved(let r): return "\(r.kind) conflict settled" + (r.name.map { " for \(Doc.inline($0))" } ?? "") + ": kept event \(r.keep.prefix(8))"
        case .provisionRequested(let r): return "\(r.action.rawValue) of \(r.resource) requested"
        case .provisionSucceeded(let r): return "\(r.resource) \(r.action == .apply ? "provisioned" : "destroyed")" + (r.reconciled ? " (found after an interrupted run)" : "")
        case .provisionFailed(let r): return "\(r.action.rawValue) of \(r.resource) failed: \(Doc.inline(r.message))"
        case .provisionPlanned(let r): return "\(r.action.rawValue) of \(r.resource) planned (\(r.commands.count) command\(r.commands.count == 1 ? "" : "s"))"
        case .leaseRenewed(let r): return "lease renewed by \(Doc.inline(r.agent))" + (r.leaseMinutes.map { " (\($0) min)" } ?? "")
        case .released(let r): return "released by \(Doc.inline(r.agent))" + (r.reason.map { ": \(Doc.inline($0))" } ?? "")
        case .takenOver(let t):
            let why = t.forced ? "with --force: \(Doc.inline(t.reason ?? ""))" : (t.expiredAt.map { "lease ran out \(Doc.stamp($0))" } ?? "")
            return "taken over by \(Doc.inline(t.agent)) from \(Doc.inline(t.previous))" + (why.isEmpty ? "" : " (\(why))")
        case .checkDeclared(let c): return "check \(Doc.inline(c.name)): \(Doc.code(c.run))"
        case .checkRan(let r):
            return "check \(Doc.inline(r.name)) " + (r.timedOut ? "timed out" : r.exitCode == 0 ? "passed" : "failed (exit \(r.exitCode))")
        }
    }
}
