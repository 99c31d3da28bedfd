/// How `evolve` reports the holder's work recorded by someone else. `FenceRules`
/// refuses it locally, so such an event was recorded on a clone that did not see
/// the holder's claim (the old holder kept working after a take-over elsewhere),
/// or was written by hand into a journal. The work stands — it happened, and
/// undoing a checked-off task or an artifact would hide it — but it is never
/// silent: it is a `fenced` conflict, listed until `ws resolve` settles it. The
/// rule reads only the state folded so far and the event, so every clone folding
/// the same events in the same total order reports the same conflict.
extension Workstream {
    /// The holder's work an event records, in words; nil for what anyone may record. A declared check is
    /// left out: `ws plan apply` (planning, open to anyone) declares checks too.
    static func fencedWork(_ event: WorkstreamEvent) -> String? {
        switch event {
        case .taskCompleted(let t): return "task \(t.taskId) checked off"
        case .taskReopened(let t): return "task \(t.taskId) reopened"
        case .artifactRecorded(let a): return "artifact \(a.name) recorded"
        case .blocked(let b): return "blocked (\(Text.clip(b.reason, 40)))"
        case .unblocked: return "unblocked"
        case .checkRan(let r): return "check '\(Text.clip(r.name, 40))' run"
        case .provisionRequested(let r): return "\(r.resource) requested"
        case .provisionPlanned(let p): return "\(p.resource) planned"
        case .logged(let l): return l.kind == .note && l.hours == nil ? nil : "\(l.kind.rawValue) logged"
        // A completion has its own rule (`completedUnseen`), which also names the completer.
        case .completed: return nil
        case .declared, .detailsChanged, .briefWritten, .dependencyAdded, .dependencyRemoved, .taskAdded, .started,
             .holderResolved, .conflictResolved, .cancelled, .provisionSucceeded, .provisionFailed, .leaseRenewed,
             .released, .takenOver, .checkDeclared:
            return nil
        }
    }

    /// Whether the holder's lease ran at `time` (an event's own time): only a live lease fences.
    func leaseIsLive(at time: String) -> Bool {
        leaseExpiresAt.map { !Timestamp.isPast($0, now: time) } ?? false
    }

    /// Records a `fenced` conflict when `e` is the holder's work by someone else under a live lease.
    /// Called before the event is applied, which it does not change.
    mutating func reportFencedWork(_ e: EventEnvelope) {
        guard let what = Self.fencedWork(e.event), lifecycle == .open, let holder = agent, holder != e.actor,
              leaseIsLive(at: e.time), let claim = setters[Register.holder], !addedDone(e) else { return }
        addConflict(.fenced, name: nil, existing: ConflictEntry(claim, effect: .holder(holder)),
                    new: ConflictEntry(e.setter, effect: .work(what)),
                    outcome: "held by \(holder); the work of others recorded while the lease ran stands")
    }

    /// A task added already done (`- [x]` in a plan or a brief, planning that anyone may do): its check-off
    /// comes right after its addition, by the same actor at the same time (`Register.taskAdded`).
    func addedDone(_ e: EventEnvelope) -> Bool {
        guard case .taskCompleted(let t) = e.event, let added = setters[Register.taskAdded] else { return false }
        return added.kept == t.taskId && added.actor == e.actor && added.time == e.time
    }

    /// A completion, not forced, of a workstream nobody ever held: the decider starts it for the completer
    /// first, so only a journal written by hand (or by another program) holds one. It stands, reported.
    mutating func completedUnstarted(_ completion: Completion, by e: EventEnvelope) {
        guard lifecycle == .open, agent == nil, setters[Register.holder] == nil, !completion.forced else { return }
        conflicts.append(Conflict(kind: .fenced, entries: [ConflictEntry(e.setter, effect: .completed(completion))],
                                  outcome: "completed by \(e.actor), who never started it and did not force it"))
        agent = e.actor
    }
}
