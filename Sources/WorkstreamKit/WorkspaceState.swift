/// The state of every workstream ws has loaded: the whole project after a
/// replay, or only the part a command needs when loaded from the read models.
public struct WorkspaceState: Equatable, Sendable {
    public private(set) var workstreams: [String: Workstream] = [:]
    /// Who depends on each workstream, kept in step with every write, so
    /// rendering ten thousand documents does not scan the project per document.
    private var dependentsIndex: [String: Set<String>] = [:]
    /// The task ids of workstreams `evolve` added tasks to, built on first use and dropped when a
    /// workstream is replaced from outside: a brief of 8,000 tasks must not scan its tasks per task.
    private var taskIds: [String: Set<String>] = [:]

    public init(workstreams: [Workstream] = []) {
        for w in workstreams { self[w.id] = w }
    }

    public subscript(id: String) -> Workstream? {
        get { workstreams[id] }
        set {
            indexDependencies(of: id, from: workstreams[id]?.dependsOn ?? [], to: newValue?.dependsOn ?? [])
            taskIds[id] = nil
            workstreams[id] = newValue
        }
    }

    /// Puts back a workstream `evolve` took out, keeping the dependents index in step.
    private mutating func reinsert(_ w: Workstream, dependsBefore: [String]) {
        if w.dependsOn != dependsBefore { indexDependencies(of: w.id, from: dependsBefore, to: w.dependsOn) }
        workstreams[w.id] = w
    }

    private mutating func indexDependencies(of id: String, from before: [String], to after: [String]) {
        let (before, after) = (Set(before), Set(after))
        for d in before.subtracting(after) { dependentsIndex[d]?.remove(id) }
        for d in after.subtracting(before) { dependentsIndex[d, default: []].insert(id) }
    }

    /// The index is derived from the workstreams, so equality is theirs.
    public static func == (a: WorkspaceState, b: WorkspaceState) -> Bool { a.workstreams == b.workstreams }

    /// Workstreams in declaration order.
    public var ordered: [Workstream] {
        workstreams.values.sorted { ($0.position, $0.id) < ($1.position, $1.id) }
    }

    /// Dependencies of `id` that are not completed (loaded ones only).
    public func openDependencies(of id: String) -> [String] {
        guard let w = workstreams[id] else { return [] }
        return w.dependsOn.filter { workstreams[$0]?.lifecycle != .completed }
    }

    public func status(of id: String) -> Status? {
        guard let w = workstreams[id] else { return nil }
        return Status.derive(lifecycle: w.lifecycle, blockedReason: w.blockedReason, agent: w.agent,
                             waitingOnDependencies: !openDependencies(of: id).isEmpty)
    }

    /// Who depends on `id`, sorted (among the loaded workstreams).
    public func dependents(of id: String) -> [String] {
        (dependentsIndex[id] ?? []).filter { workstreams[$0] != nil }.sorted()
    }
}

/// Metadata the log attaches to an event; evolve reads the time, the clock and the id.
public struct EventEnvelope: Sendable {
    public var seq: Int64
    public var stream: String
    public var version: Int64
    public var actor: String
    public var time: String
    public var event: WorkstreamEvent
    public var eventId: String
    /// The event's place in the total order every clone computes alike (with `eventId` breaking ties).
    public var clock: Int64
    public init(seq: Int64, stream: String, version: Int64, actor: String, time: String, event: WorkstreamEvent,
                eventId: String = "", clock: Int64 = 0) {
        self.seq = seq; self.stream = stream; self.version = version; self.actor = actor; self.time = time; self.event = event
        self.eventId = eventId.isEmpty ? "seq-\(seq)" : eventId
        self.clock = clock == 0 ? seq : clock
    }

    var setter: Setter { Setter(eventId: eventId, actor: actor, time: time) }
}

extension WorkspaceState {
    /// Folds one event into the state. Never fails and does no I/O: an event
    /// the log accepted is a fact, so one that no longer fits (a task id that
    /// is gone, say) is applied as far as it can be. Events are folded in the
    /// total order (clock, then event id), so every clone holding the same
    /// events reaches the same state, conflicts included.
    public mutating func evolve(_ e: EventEnvelope) {
        if case .declared(let d) = e.event, workstreams[e.stream] == nil {
            var w = Workstream(id: e.stream, title: d.title)
            w.phase = d.phase; w.owner = d.owner; w.estimate = d.estimate
            w.position = e.clock; w.declaredAt = e.time; w.version = e.version
            w.setters[Register.declared] = e.setter
            self[e.stream] = w
            return
        }
        // Taken out of the dictionary while it changes: a copy left there would make every event copy
        // the whole workstream (8,000 tasks: 64 million task copies for one brief).
        guard var w = workstreams.removeValue(forKey: e.stream) else { return }
        let dependsBefore = w.dependsOn
        defer { reinsert(w, dependsBefore: dependsBefore) }
        // The stream's version in this log (what the next append must expect): the highest, not the
        // version of the event folded last, since the total order may fold a later arrival earlier.
        w.version = max(w.version, e.version)
        w.reportFencedWork(e)
        switch e.event {
        case .declared(let d): w.declaredAgain(d, by: e)
        case .detailsChanged(let c):
            if let t = c.title { w.title = t }
            if let p = c.phase { w.phase = p }
            if let o = c.owner { w.owner = o }
            if let est = c.estimate { w.estimate = est }
            for field in c.clear ?? [] {
                switch field {
                case "phase": w.phase = nil
                case "owner": w.owner = nil
                case "estimate": w.estimate = nil
                default: break
                }
            }
        case .briefWritten(let b): w.brief = b.markdown
        case .dependencyAdded(let d):
            if !w.dependsOn.contains(d.dependsOn) { w.dependsOn.append(d.dependsOn); w.dependsOn.sort() }
            w.setters[Register.dependency(d.dependsOn)] = e.setter
        case .dependencyRemoved(let d):
            w.dependsOn.removeAll { $0 == d.dependsOn }
            w.setters[Register.dependency(d.dependsOn)] = nil
        case .taskAdded(let t):
            var ids = taskIds.removeValue(forKey: w.id) ?? Set(w.tasks.map(\.id))
            if ids.contains(t.taskId), let i = w.tasks.firstIndex(where: { $0.id == t.taskId }) {
                w.tasks[i].text = t.text
            } else {
                w.tasks.append(TaskItem(id: t.taskId, text: t.text))
                ids.insert(t.taskId)
            }
            taskIds[w.id] = ids
            w.setters[Register.taskAdded] = Setter(eventId: e.eventId, actor: e.actor, time: e.time, kept: t.taskId)
        case .taskCompleted(let t):
            if let i = w.tasks.firstIndex(where: { $0.id == t.taskId }) { w.tasks[i].done = true }
        case .taskReopened(let t):
            if let i = w.tasks.firstIndex(where: { $0.id == t.taskId }) { w.tasks[i].done = false }
        case .started(let s): w.started(s.agent, by: e)
        case .holderResolved(let s): w.resolveHolder(s.agent, seen: s.seen, by: e)
        case .conflictResolved(let r): w.resolve(r, by: e)
        case .logged(let l):
            w.hoursLogged += l.hours ?? 0
        case .artifactRecorded(let a): w.recordArtifact(a, by: e)
        case .blocked(let b): w.setBlock(b.reason, seen: b.seen, by: e)
        case .unblocked(let u): w.setBlock(nil, seen: u.seen, by: e)
        case .completed(let c): w.completed(c, by: e)
        case .cancelled(let c): w.cancelled(c.reason, by: e)
        case .provisionRequested(let r): w.provisionRequested(r, by: e)
        case .provisionSucceeded(let s): w.provisionSucceeded(s, by: e)
        case .provisionFailed(let f): w.provisionFailed(f, by: e)
        case .provisionPlanned(let p): w.provisionPlanned(p, by: e)
        case .leaseRenewed(let r): w.renewLease(r, at: e.time)
        case .released(let r): w.released(r, by: e)
        case .takenOver(let t): w.takenOver(t, by: e)
        case .checkDeclared(let c): w.declareCheck(c)
        case .checkRan(let r): w.recordCheck(r, by: e)
        }
        // The lease runs from the holder's latest event on the workstream: every command it runs renews it.
        w.renewLease(by: e)
    }
}
