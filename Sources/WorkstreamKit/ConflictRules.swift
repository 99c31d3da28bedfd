/// How `evolve` folds the events that two clones can record without seeing
/// each other. The rule for each is fixed, so every clone that holds the same
/// events, folded in the same total order, reaches the same outcome; the
/// disagreement is kept in `conflicts` until `ws resolve` settles it.
///
/// The decider refuses these events when they would clash locally (a second
/// start, a cancel after a completion), so a clash seen here can only come
/// from two clones. Artifacts and blocks may change any number of times, so
/// their events name the setter they saw (`seen`), and one that names another
/// setter than the one in force was concurrent with it.
extension Workstream {
    mutating func declaredAgain(_ d: WorkstreamEvent.Declared, by e: EventEnvelope) {
        guard d.title != title || d.phase != phase || d.owner != owner || d.estimate != estimate,
              let first = setters[Register.declared] else { return }
        let kept = WorkstreamEvent.Declared(title: title, phase: phase, owner: owner, estimate: estimate)
        addConflict(.declared, name: nil, existing: ConflictEntry(first, effect: .declared(kept)),
                    new: ConflictEntry(e.setter, effect: .declared(d)), outcome: "the first declaration ('\(Text.clip(title, 60))') stays")
    }

    mutating func started(_ agent: String, by e: EventEnvelope) {
        if claimedAfterCompletion(by: agent, e) { return }
        if let holder = self.agent, holder != agent, lifecycle == .open {
            let first = setters[Register.holder] ?? e.setter
            addConflict(.holder, name: nil, existing: ConflictEntry(first, effect: .holder(holder)),
                        new: ConflictEntry(e.setter, effect: .holder(agent)), outcome: "held by \(holder), whose start comes first in the order of events")
            return
        }
        self.agent = agent
        startedAt = e.time
        setters[Register.holder] = e.setter
        grantLease(minutes: leaseMinutes(of: e), at: e.time)
    }

    private func leaseMinutes(of e: EventEnvelope) -> Int? {
        if case .started(let s) = e.event { return s.leaseMinutes }
        return nil
    }

    mutating func completed(_ c: WorkstreamEvent.Completed, by e: EventEnvelope) {
        let completion = Completion(summary: c.summary, next: c.next, forced: c.forced, reason: c.reason)
        switch lifecycle {
        case .completed:
            guard completion != self.completion, let first = setters[Register.closed], let kept = self.completion else { return }
            addConflict(.completion, name: nil, existing: ConflictEntry(first, effect: .completed(kept)),
                        new: ConflictEntry(e.setter, effect: .completed(completion)), outcome: "the first completion (by \(first.actor)) stays")
        case .cancelled:
            if let first = setters[Register.closed] {
                addConflict(.closed, name: nil, existing: ConflictEntry(first, effect: .cancelled(cancelReason ?? "")),
                            new: ConflictEntry(e.setter, effect: .completed(completion)), outcome: "completed (a completion wins over a cancellation)")
            }
            close(as: .completed, completion: completion, by: e)
        case .open:
            if !completedUnseen(completion, seen: c.seen, by: e) { completedUnstarted(completion, by: e) }
            close(as: .completed, completion: completion, by: e)
        }
    }

    mutating func cancelled(_ reason: String, by e: EventEnvelope) {
        switch lifecycle {
        case .completed:
            if let first = setters[Register.closed], let kept = completion {
                addConflict(.closed, name: nil, existing: ConflictEntry(first, effect: .completed(kept)),
                            new: ConflictEntry(e.setter, effect: .cancelled(reason)), outcome: "completed (a completion wins over a cancellation)")
            }
        case .cancelled:
            return
        case .open:
            lifecycle = .cancelled
            closedAt = e.time
            cancelReason = reason
            setters[Register.closed] = e.setter
        }
    }

    private mutating func close(as state: Lifecycle, completion: Completion, by e: EventEnvelope) {
        lifecycle = state
        closedAt = e.time
        blockedReason = nil
        self.completion = completion
        setters[Register.closed] = e.setter
    }

    mutating func recordArtifact(_ a: WorkstreamEvent.ArtifactRecorded, by e: EventEnvelope) {
        let register = Register.artifact(a.name)
        let artifact = Artifact(name: a.name, value: a.secret ? nil : a.value, secret: a.secret, fingerprint: a.fingerprint, recordedAt: e.time)
        if let seen = a.seen, seen != self.seen(register), let old = artifacts.first(where: { $0.name == a.name }),
           old.value != artifact.value || old.fingerprint != artifact.fingerprint || old.secret != artifact.secret {
            let first = setters[register] ?? e.setter
            addConflict(.artifact, name: a.name, existing: ConflictEntry(first, effect: .artifact(old)),
                        new: ConflictEntry(e.setter, effect: .artifact(artifact)), outcome: "the value set last (by \(e.actor)) is in force")
        }
        put(artifact)
        setters[register] = e.setter
    }

    mutating func put(_ artifact: Artifact) {
        if let i = artifacts.firstIndex(where: { $0.name == artifact.name }) { artifacts[i] = artifact } else { artifacts.append(artifact) }
    }

    mutating func setBlock(_ reason: String?, seen: String?, by e: EventEnvelope) {
        if let seen, seen != self.seen(Register.block), reason != blockedReason, lifecycle == .open {
            let first = setters[Register.block] ?? e.setter
            let now = reason.map { "blocked: \(Text.clip($0, 60))" } ?? "unblocked"
            addConflict(.block, name: nil, existing: ConflictEntry(first, effect: .block(blockedReason)),
                        new: ConflictEntry(e.setter, effect: .block(reason)), outcome: "the later change is in force (\(now))")
        }
        blockedReason = reason
        setters[Register.block] = e.setter
    }

    /// A conflict of the same kind (and artifact) gains the new side; otherwise one is opened.
    mutating func addConflict(_ kind: Conflict.Kind, name: String?, existing: ConflictEntry, new: ConflictEntry, outcome: String) {
        if let i = conflicts.firstIndex(where: { $0.kind == kind && $0.name == name }) {
            if !conflicts[i].entries.contains(where: { $0.eventId == new.eventId }) { conflicts[i].entries.append(new) }
            conflicts[i].outcome = outcome
            return
        }
        conflicts.append(Conflict(kind: kind, name: name, entries: [existing, new], outcome: outcome))
    }

    mutating func resolveHolder(_ agent: String, seen: String?, by e: EventEnvelope) {
        if settledConcurrently(agent, seen: seen, by: e) { return }
        self.agent = agent
        if leaseMinutes != nil { leaseRenewedAt = Timestamp.later(leaseRenewedAt, e.time) }
        setters[Register.holder] = e.setter
        conflicts.removeAll { $0.kind == .holder }
    }

    /// Puts the kept event's effect in force and closes the conflict.
    mutating func resolve(_ r: WorkstreamEvent.ConflictResolved, by e: EventEnvelope) {
        guard let i = conflicts.firstIndex(where: { $0.kind.rawValue == r.kind && (r.name == nil || $0.name == r.name) }),
              let kept = conflicts[i].entries.first(where: { $0.eventId == r.keep }) else {
            settledAgain(r, by: e)
            return
        }
        let conflict = conflicts.remove(at: i)
        if conflict.kind == .fenced, settleFenced(conflict, keeping: kept, by: e) { return }
        switch kept.effect {
        case .holder(let agent) where conflict.kind == .fenced && lifecycle == .completed:
            reopen(heldBy: agent, by: e)
        case .holder(let agent):
            self.agent = agent
            setters[Register.holder] = e.setter
            if leaseMinutes != nil { leaseRenewedAt = Timestamp.later(leaseRenewedAt, e.time) }
        case .completed(let c):
            close(as: .completed, completion: c, by: e)
        case .cancelled(let reason):
            lifecycle = .cancelled
            cancelReason = reason
            completion = nil
            closedAt = e.time
            setters[Register.closed] = e.setter
        case .artifact(let a):
            put(Artifact(name: a.name, value: a.value, secret: a.secret, fingerprint: a.fingerprint, recordedAt: e.time))
            setters[Register.artifact(a.name)] = e.setter
        case .block(let reason):
            blockedReason = reason
            setters[Register.block] = e.setter
        case .declared(let d):
            title = d.title
            phase = d.phase
            owner = d.owner
            estimate = d.estimate
        case .dependency, .work:
            _ = conflict
        }
    }
}
