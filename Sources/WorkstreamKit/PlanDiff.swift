/// What applying a plan changes: only the difference between the plan and the
/// log, so applying the same plan twice records nothing the second time.
///
/// A plan is authoritative for what it states: titles and details, briefs,
/// and the full set of dependencies of each workstream it lists. Tasks are
/// only ever added (a task someone checked off is never taken away by a plan).
enum PlanDiff {
    static func events(for plan: Plan, state: WorkspaceState) throws(Refusal) -> [PendingEvent] {
        var seen = Set<String>()
        for d in plan.workstreams {
            try Validation.workstreamId(d.id)
            guard seen.insert(d.id).inserted else { throw .invalid("the plan declares \(d.id) twice.") }
        }
        for d in plan.workstreams {
            for dep in d.dependsOn where !seen.contains(dep) && state[dep] == nil { throw .unknownWorkstream(dep) }
        }
        // Check the graph as it will be once the plan is applied.
        var after = state
        for d in plan.workstreams {
            var w = after[d.id] ?? Workstream(id: d.id, title: d.title)
            if after[d.id] == nil { w.position = Int64.max }
            w.dependsOn = Array(Set(d.dependsOn)).sorted()
            after[d.id] = w
        }
        if let cycle = DependencyGraph(after).anyCycle() { throw .cycle(cycle) }
        // Every workstream the plan declares or renames keeps documents of its own.
        var titled = after
        for d in plan.workstreams { titled[d.id]?.title = d.title }
        for d in plan.workstreams where state[d.id]?.title != d.title {
            if let other = DocumentKey.collision(id: d.id, title: d.title, in: titled) { throw DocumentKey.refusal(id: d.id, title: d.title, other: other) }
        }

        var events: [PendingEvent] = []
        for d in plan.workstreams {
            guard let current = state[d.id] else {
                events += try Decider.declareEvents(d, state: after)
                continue
            }
            events += details(d, current)
            // A closed workstream keeps its dependencies, tasks and brief (see `Decider.closedRules`).
            guard !current.isClosed else { continue }
            let wanted = Set(d.dependsOn)
            for dep in wanted.subtracting(current.dependsOn).sorted() {
                events.append(PendingEvent(stream: d.id, event: .dependencyAdded(.init(dependsOn: dep))))
            }
            for dep in Set(current.dependsOn).subtracting(wanted).sorted() {
                events.append(PendingEvent(stream: d.id, event: .dependencyRemoved(.init(dependsOn: dep))))
            }
            var w = current
            var texts = Set(w.tasks.map(\.text))
            var ids = Set(w.tasks.map(\.id))
            for t in d.tasks where !texts.contains(t.text) {
                // A task is known by its text; a new one whose id is taken gets the next free number.
                let id = !ids.contains(t.id) ? t.id : BriefParser.nextTaskId(after: Array(ids))
                try Validation.taskId(id)
                texts.insert(t.text)
                ids.insert(id)
                w.tasks.append(TaskItem(id: id, text: t.text, done: t.done))
                events.append(PendingEvent(stream: d.id, event: .taskAdded(.init(taskId: id, text: t.text))))
                if t.done { events.append(PendingEvent(stream: d.id, event: .taskCompleted(.init(taskId: id)))) }
            }
            if let brief = d.brief { events += Decider.briefEvents(w, markdown: brief) }
            events += try CheckRules.planned(d.checks, for: current)
        }
        return events
    }

    static func details(_ d: Declaration, _ w: Workstream) -> [PendingEvent] {
        var change = WorkstreamEvent.DetailsChanged()
        var clear: [String] = []
        if d.title != w.title { change.title = d.title }
        if d.phase != w.phase { if let p = d.phase { change.phase = p } else { clear.append("phase") } }
        if d.owner != w.owner { if let o = d.owner { change.owner = o } else { clear.append("owner") } }
        if d.estimate != w.estimate { if let e = d.estimate { change.estimate = e } else { clear.append("estimate") } }
        if !clear.isEmpty { change.clear = clear }
        return change == WorkstreamEvent.DetailsChanged() ? [] : [PendingEvent(stream: d.id, event: .detailsChanged(change))]
    }
}
