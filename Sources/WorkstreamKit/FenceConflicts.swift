/// How `evolve` folds the events that fencing cannot refuse, because they were
/// recorded on two clones that did not see each other: a take-over on one and
/// a completion by someone else on the other (`fenced`), and two different
/// settlements of one holder conflict (`holder` again) or of one fenced
/// conflict (`fenced` again). Other fenced work is in `FencedWork.swift`. Like `ConflictRules`,
/// each rule is fixed and reads only the events, so every clone folding the
/// same events in the same total order shows the same conflict and outcome.
extension Workstream {
    /// A completion by someone other than the holder in force, that did not see that holder's claim
    /// (`seen` names another setter: it was concurrent with the take-over or start) or was recorded while the
    /// holder's lease ran (which `FenceRules` refuses locally: a line written by hand, whatever it says it saw),
    /// is recorded as a `fenced` conflict. The completion stands — finished work is a fact — and names its
    /// completer as the agent, as when the take-over folds after it. False when nothing fenced it.
    mutating func completedUnseen(_ completion: Completion, seen: String?, by e: EventEnvelope) -> Bool {
        guard let holder = agent, holder != e.actor, let claim = setters[Register.holder] else { return false }
        let unseen = seen.map { $0 != self.seen(Register.holder) } ?? false
        guard unseen || leaseIsLive(at: e.time) else { return false }
        addConflict(.fenced, name: nil, existing: ConflictEntry(claim, effect: .holder(holder)),
                    new: ConflictEntry(e.setter, effect: .completed(completion)),
                    outcome: Self.fencedOutcome(by: e.actor))
        agent = e.actor
        return true
    }

    /// A take-over (or start) folded onto a completed workstream: the decider refuses both on a closed
    /// workstream, so this one did not see the completion. Same conflict and outcome as the other order.
    /// False when the claimant completed it itself (nothing to settle).
    @discardableResult
    mutating func claimedAfterCompletion(by claimant: String, _ e: EventEnvelope) -> Bool {
        guard lifecycle == .completed, let closer = setters[Register.closed], closer.actor != claimant,
              let kept = completion else { return false }
        addConflict(.fenced, name: nil, existing: ConflictEntry(closer, effect: .completed(kept)),
                    new: ConflictEntry(e.setter, effect: .holder(claimant)),
                    outcome: Self.fencedOutcome(by: closer.actor))
        agent = closer.actor
        return true
    }

    static func fencedOutcome(by completer: String) -> String {
        "completed by \(completer): a completion stands over a take-over (or start) made without seeing it, or unseen by it"
    }

    /// `ws resolve --keep <the take-over>`: the completion is set aside and the workstream is open again,
    /// held by the agent who took it over; its lease runs from the settlement.
    mutating func reopen(heldBy holder: String, by e: EventEnvelope) {
        lifecycle = .open
        completion = nil
        closedAt = nil
        setters[Register.closed] = nil
        agent = holder
        setters[Register.holder] = e.setter
        grantLease(minutes: leaseMinutes, at: e.time)
    }

    /// A settlement of the holder that did not see the holder in force (another settlement, made concurrently
    /// on another clone, came first in the order) and names someone else: a `holder` conflict again, the
    /// first settlement holding it meanwhile. True when recorded as a conflict (the settlement is then not applied).
    mutating func settledConcurrently(_ chosen: String, seen: String?, by e: EventEnvelope) -> Bool {
        guard lifecycle == .open, let seen, seen != self.seen(Register.holder), let holder = agent, holder != chosen,
              let first = setters[Register.holder] else { return false }
        addConflict(.holder, name: nil, existing: ConflictEntry(first, effect: .holder(holder)),
                    new: ConflictEntry(e.setter, effect: .holder(chosen)),
                    outcome: "held by \(holder), whose settlement comes first in the order of events")
        return true
    }
}

/// Settling a `fenced` conflict, and two settlements of one made on two clones that did not see each other.
extension Workstream {
    /// Puts the kept side of a `fenced` conflict in force and records the settlement in its register. The work
    /// of a non-holder stands whichever side is kept. True when settled here, false to let `resolve` apply it.
    mutating func settleFenced(_ conflict: Conflict, keeping kept: ConflictEntry, by e: EventEnvelope) -> Bool {
        setters[Register.fencedSettled] = Setter(eventId: e.eventId, actor: e.actor, time: e.time,
                                                 kept: kept.eventId, sides: conflict.entries)
        switch kept.effect {
        case .holder(let holder) where lifecycle == .completed:
            reopen(heldBy: holder, by: e)
        case .holder(let holder) where lifecycle == .open && agent == holder:
            break
        case .completed(let c) where lifecycle == .open:
            lifecycle = .completed
            completion = c
            closedAt = e.time
            blockedReason = nil
            setters[Register.closed] = e.setter
            agent = kept.actor
        case .completed, .work:
            break
        case .holder, .cancelled, .artifact, .block, .declared, .dependency:
            return false
        }
        return true
    }

    /// A settlement of a `fenced` conflict already settled by another side (concurrently, on another clone: once
    /// settled, the decider has no conflict to settle): the conflict is raised again with its sides, the first
    /// settlement in the order in force meanwhile. The same side kept twice is no conflict.
    mutating func settledAgain(_ r: WorkstreamEvent.ConflictResolved, by e: EventEnvelope) {
        guard r.kind == Conflict.Kind.fenced.rawValue, let first = setters[Register.fencedSettled],
              first.eventId != e.eventId, let firstKept = first.kept, firstKept != r.keep, let sides = first.sides,
              let mine = sides.first(where: { $0.eventId == r.keep }),
              let theirs = sides.first(where: { $0.eventId == firstKept }),
              !conflicts.contains(where: { $0.kind == .fenced }) else { return }
        conflicts.append(Conflict(kind: .fenced, entries: sides, outcome: "settled two ways: \(first.actor) kept "
            + "\(theirs.label), \(e.actor) kept \(mine.label); the first settlement in the order is in force"))
    }
}
