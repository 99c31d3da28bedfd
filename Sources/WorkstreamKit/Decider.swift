/// The rules of ws as one pure function: given a command and the state it
/// reads, the events to record, or a typed refusal. No I/O; the clock is an
/// input (`now`, the time the events will carry), so leases are judged purely.
public enum Decider {
    /// The events, each checked as an event arriving from another clone would be
    /// (`EventValidation`): what one clone records, every other clone accepts.
    /// `now` (ISO 8601 UTC): when the command runs; only lease rules read it, and without it no lease has run out.
    /// `actor`: who runs it; a workstream held under a live lease refuses its work to anyone else (`FenceRules`).
    public static func decide(_ command: Command, state: WorkspaceState, now: String? = nil,
                              actor: String? = nil) throws(Refusal) -> [PendingEvent] {
        try FenceRules.check(command, actor: actor, state: state, now: now)
        let events = try rules(command, state: state, now: now)
        var added: [String: Int] = [:]
        for e in events {
            try EventValidation.content(e.event)
            if case .taskAdded = e.event { added[e.stream, default: 0] += 1 }
        }
        for (id, n) in added where (state[id]?.tasks.count ?? 0) + n > Limits.tasks {
            throw .invalid("\(id) would have \((state[id]?.tasks.count ?? 0) + n) tasks; at most \(Limits.tasks) are accepted per workstream")
        }
        return events
    }

    static func rules(_ command: Command, state: WorkspaceState, now: String?) throws(Refusal) -> [PendingEvent] {
        switch command {
        case .declare(let d):
            try Validation.workstreamId(d.id)
            if state[d.id] != nil { throw .alreadyExists(d.id) }
            if let other = DocumentKey.collision(id: d.id, title: d.title, in: state) { throw DocumentKey.refusal(id: d.id, title: d.title, other: other) }
            return try declareEvents(d, state: state)

        case .writeBrief(let id, let markdown):
            let w = try open(id, in: state)
            return briefEvents(w, markdown: markdown)

        case .addDependency(let id, let dep):
            let w = try open(id, in: state)
            _ = try existing(dep, in: state)
            if w.dependsOn.contains(dep) { return [] }
            if let cycle = DependencyGraph(state).cycle(adding: id, dependsOn: dep) { throw .cycle(cycle) }
            return [PendingEvent(stream: id, event: .dependencyAdded(.init(dependsOn: dep)))]

        case .removeDependency(let id, let dep):
            let w = try existing(id, in: state)
            // Settling a cycle between clones may drop an edge of a closed workstream; otherwise its plan is frozen.
            if w.isClosed && !DependencyGraph(state).cycles().contains(where: { $0.contains(id) && $0.contains(dep) }) {
                throw .closed(id: id, lifecycle: w.lifecycle)
            }
            guard w.dependsOn.contains(dep) else {
                if state[dep] == nil { throw .unknownWorkstream(dep) }
                throw .notADependency(id: id, dependsOn: dep)
            }
            return [PendingEvent(stream: id, event: .dependencyRemoved(.init(dependsOn: dep)))]

        case .addTask(let id, let text, let taskId):
            let w = try open(id, in: state)
            let text = text.trimmed
            guard !text.isEmpty else { throw .invalid("a task needs text.") }
            let tid = taskId ?? BriefParser.nextTaskId(after: w.tasks.map(\.id))
            try Validation.taskId(tid)
            if let existing = w.task(tid) {
                if existing.text == text { return [] }
                throw .invalid("\(id) already has task \(tid) (\(existing.text)). Pick another --task-id.")
            }
            return [PendingEvent(stream: id, event: .taskAdded(.init(taskId: tid, text: text)))]

        case .completeTask(let id, let tid), .reopenTask(let id, let tid):
            let w = try open(id, in: state)
            guard let task = w.task(tid) else { throw .unknownTask(workstream: id, task: tid) }
            if case .completeTask = command {
                return task.done ? [] : [PendingEvent(stream: id, event: .taskCompleted(.init(taskId: tid)))]
            }
            return task.done ? [PendingEvent(stream: id, event: .taskReopened(.init(taskId: tid)))] : []

        case .start(let id, let agent, let leaseMinutes, let head):
            return try LeaseRules.start(id: id, agent: agent, leaseMinutes: leaseMinutes, head: head, state: state, now: now)

        case .takeOver(let id, let agent, let leaseMinutes, let force, let reason, let head):
            return try LeaseRules.takeOver(id: id, agent: agent, leaseMinutes: leaseMinutes, force: force, reason: reason, head: head, state: state, now: now)

        case .renew(let id, let agent, let leaseMinutes):
            return try LeaseRules.renew(id: id, agent: agent, leaseMinutes: leaseMinutes, state: state)

        case .release(let id, let agent, let force, let reason):
            return try LeaseRules.release(id: id, agent: agent, force: force, reason: reason, state: state)

        case .addCheck(let id, let name, let run):
            return try CheckRules.add(id: id, name: name, run: run, state: state)

        case .recordCheck(let id, let ran):
            _ = try open(id, in: state)
            guard state[id]?.check(ran.name) != nil else { throw .unknownCheck(workstream: id, check: ran.name) }
            return [PendingEvent(stream: id, event: .checkRan(ran))]

        case .log(let id, let message, let kind, let hours):
            _ = try existing(id, in: state)
            guard !message.trimmed.isEmpty else { throw .invalid("a log entry needs a message.") }
            if let h = hours, !(h >= 0 && h.isFinite) {
                throw .invalid("--hours must be a finite number from 0 to 1,000,000.")
            }
            return [PendingEvent(stream: id, event: .logged(.init(message: message, kind: kind, hours: hours)))]

        case .recordArtifact(let id, let name, let value, let secret, let fingerprint):
            let w = try existing(id, in: state)
            try Validation.artifactName(name)
            let recorded = WorkstreamEvent.ArtifactRecorded(name: name, value: secret ? nil : value, secret: secret, fingerprint: fingerprint,
                                                            seen: w.seen(Register.artifact(name)))
            if let old = w.artifacts.first(where: { $0.name == name }),
               old.secret == secret, old.value == recorded.value, old.fingerprint == fingerprint { return [] }
            return [PendingEvent(stream: id, event: .artifactRecorded(recorded))]

        case .block(let id, let reason):
            let w = try open(id, in: state)
            guard !reason.trimmed.isEmpty else { throw .invalid("a block needs --reason.") }
            if w.blockedReason == reason { return [] }
            return [PendingEvent(stream: id, event: .blocked(.init(reason: reason, seen: w.seen(Register.block))))]

        case .unblock(let id):
            let w = try open(id, in: state)
            return w.blockedReason == nil ? [] : [PendingEvent(stream: id, event: .unblocked(.init(seen: w.seen(Register.block))))]

        case .complete(let id, let agent, let summary, let next, let force, let reason, let evidence):
            return try completeEvents(id: id, agent: agent, summary: summary, next: next, force: force, reason: reason, evidence: evidence, state: state)

        case .cancel(let id, let reason):
            let w = try existing(id, in: state)
            if w.lifecycle == .cancelled { return [] }
            if w.lifecycle == .completed { throw .closed(id: id, lifecycle: .completed) }
            guard !reason.trimmed.isEmpty else { throw .invalid("a cancellation needs --reason.") }
            return [PendingEvent(stream: id, event: .cancelled(.init(reason: reason)))]

        case .resolveHolder(let id, let agent):
            let w = try existing(id, in: state)
            try Validation.agent(agent)
            guard w.conflicts.contains(where: { $0.kind == .holder }) else {
                throw .noConflict(id: id, kind: Conflict.Kind.holder.rawValue, open: w.conflicts.map(\.kind.rawValue))
            }
            // Names the holder it saw: a different settlement made concurrently on another clone shows as a conflict.
            let settled = WorkstreamEvent.Started(agent: agent, seen: w.seen(Register.holder))
            return [PendingEvent(stream: id, event: .holderResolved(settled))]

        case .resolveConflict(let id, let kind, let name, let keep):
            return try ConflictResolution.events(id: id, kind: kind, name: name, keep: keep, state: state)

        case .applyPlan(let plan):
            return try PlanDiff.events(for: plan, state: state)

        case .requestProvision(let id, let request, let replace):
            return try ProvisionRules.request(id: id, request, replace: replace, state: state)

        case .settleProvision(let id, let outcome):
            return try ProvisionRules.settle(id: id, outcome, state: state)

        case .planProvision(let id, let plan):
            let w = try existing(id, in: state)
            if let p = w.provision(plan.resource), p.state == .planned, p.commands == plan.commands, p.params == plan.params { return [] }
            return [PendingEvent(stream: id, event: .provisionPlanned(plan))]
        }
    }

    static func existing(_ id: String, in state: WorkspaceState) throws(Refusal) -> Workstream {
        guard let w = state[id] else { throw .unknownWorkstream(id) }
        return w
    }

    /// What may change once a workstream is closed (completed or cancelled): its plan is frozen —
    /// brief, tasks and dependencies stay as they were when it closed, and it cannot be started,
    /// blocked or completed again — while the record stays open: log entries, artifacts,
    /// provisioning (destroying what it made), details (title, phase, owner, estimate) through a
    /// plan, and the settling of conflicts. `open` guards the first group; the second uses `existing`.
    static func open(_ id: String, in state: WorkspaceState) throws(Refusal) -> Workstream {
        let w = try existing(id, in: state)
        if w.isClosed { throw .closed(id: id, lifecycle: w.lifecycle) }
        return w
    }

    static func declareEvents(_ d: Declaration, state: WorkspaceState) throws(Refusal) -> [PendingEvent] {
        guard !d.title.trimmed.isEmpty else { throw .invalid("workstream \(d.id) needs a title.") }
        if let e = d.estimate, !(e >= 0 && e.isFinite) {
            throw .invalid("the estimate of \(d.id) must be a finite number of hours from 0 to 1,000,000.")
        }
        var events = [PendingEvent(stream: d.id, event: .declared(.init(title: d.title, phase: d.phase, owner: d.owner, estimate: d.estimate)))]
        for dep in Set(d.dependsOn).sorted() {
            if dep == d.id { throw .cycle([d.id, d.id]) }
            if state[dep] == nil { throw .unknownWorkstream(dep) }
            events.append(PendingEvent(stream: d.id, event: .dependencyAdded(.init(dependsOn: dep))))
        }
        var w = Workstream(id: d.id, title: d.title)
        var declared: Set<String> = []
        for t in d.tasks {
            try Validation.taskId(t.id)
            guard declared.insert(t.id).inserted else { continue }
            w.tasks.append(t)
            events.append(PendingEvent(stream: d.id, event: .taskAdded(.init(taskId: t.id, text: t.text))))
            if t.done { events.append(PendingEvent(stream: d.id, event: .taskCompleted(.init(taskId: t.id)))) }
        }
        if let brief = d.brief { events += briefEvents(w, markdown: brief) }
        events += try CheckRules.planned(d.checks, for: w)
        return events
    }

    /// A brief's checkboxes become tasks; ones already tracked (same id) are left alone.
    static func briefEvents(_ w: Workstream, markdown: String) -> [PendingEvent] {
        var events: [PendingEvent] = []
        if w.brief != markdown { events.append(PendingEvent(stream: w.id, event: .briefWritten(.init(markdown: markdown)))) }
        let tracked = Set(w.tasks.map(\.id))
        for task in BriefParser.tasks(in: markdown, existing: w.tasks) where !tracked.contains(task.id) {
            events.append(PendingEvent(stream: w.id, event: .taskAdded(.init(taskId: task.id, text: task.text))))
            if task.done { events.append(PendingEvent(stream: w.id, event: .taskCompleted(.init(taskId: task.id)))) }
        }
        return events
    }

    static func completeEvents(id: String, agent: String, summary: String?, next: [String], force: Bool, reason: String?,
                               evidence: Evidence?, state: WorkspaceState) throws(Refusal) -> [PendingEvent] {
        let w = try open(id, in: state)
        if force {
            guard let reason, !reason.trimmed.isEmpty else { throw .forceNeedsReason(id: id) }
        } else {
            if let holder = w.agent, holder != agent { throw .heldByAnotherAgent(id: id, holder: holder) }
            if let blocked = w.blockedReason { throw .isBlocked(id: id, reason: blocked) }
            let waiting = state.openDependencies(of: id)
            if !waiting.isEmpty {
                throw .dependenciesOpen(id: id, open: waiting.map { .init(id: $0, status: state.status(of: $0) ?? .planned) })
            }
            if !w.openTasks.isEmpty { throw .tasksOpen(id: id, open: w.openTasks) }
            let failing = w.checks.filter { !$0.passed }
            if !failing.isEmpty { throw .checksFailed(id: id, failed: failing) }
        }
        let completed = WorkstreamEvent.Completed(summary: summary, next: next, forced: force, reason: force ? reason : nil,
                                                  openTasks: force ? w.openTasks.map(\.id) : [],
                                                  failedChecks: force ? w.checks.filter { !$0.passed }.map(\.name) : [],
                                                  evidence: evidence, seen: w.seen(Register.holder))
        // A workstream nobody ever held is started for its completer first: a completion with no start and no
        // --force is what only a journal written by hand holds, and the projection reports it (`completedUnstarted`).
        let start = !force && w.agent == nil && w.setters[Register.holder] == nil
            ? [PendingEvent(stream: id, event: .started(.init(agent: agent)))] : []
        return start + [PendingEvent(stream: id, event: .completed(completed))]
    }
}

extension String {
    /// Without Foundation when the text begins and ends with a printable ASCII byte (the usual message):
    /// Foundation's first trim in a process costs more than the one-append path's own work.
    var trimmed: String { Doc.trimmed(self, .whitespacesAndNewlines) }
}
