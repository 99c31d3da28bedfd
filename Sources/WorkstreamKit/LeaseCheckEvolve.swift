/// How `evolve` folds the lease and check events. Like `ConflictRules`, each
/// rule is fixed, so clones holding the same events reach the same state.
///
/// A lease is derived, never stored by a clock: it runs `leaseMinutes` from
/// the holder's latest event on the workstream (the later time wins, whatever
/// order the events fold in), at most 30 days past its grant or renewal. A
/// release or take-over names the holder it saw,
/// so one that did not see the holder in force was concurrent with a change of
/// holder: a release of someone who no longer holds it changes nothing, and a
/// second take-over of the same holder becomes a `holder` conflict that the
/// first take-over (in the total order) wins, settled like two starts.
extension Workstream {
    /// The longest a lease runs past the event that granted or renewed it, whatever later events' times say.
    static let leaseCapMinutes = Limits.leaseMinutes.upperBound

    mutating func grantLease(minutes: Int?, at time: String) {
        leaseMinutes = minutes
        leaseRenewedAt = minutes == nil ? nil : time
    }

    /// Any event the holder records on an open workstream renews its lease, but never past
    /// `leaseCapMinutes` after the start, take-over or `ws renew` that granted it: one event
    /// stamped decades ahead cannot hold the workstream for decades.
    mutating func renewLease(by e: EventEnvelope) {
        guard lifecycle == .open, let holder = agent, holder == e.actor, let minutes = leaseMinutes else { return }
        let renewed = Timestamp.later(leaseRenewedAt, e.time)
        // Granted by the start or take-over (the holder's register) or by a later `ws renew` (the lease register).
        let granted = setters[Register.holder].flatMap { holderSetter in
            Timestamp.millis(Timestamp.later(setters[Register.lease]?.time, holderSetter.time))
        }
        guard let granted, let at = Timestamp.millis(renewed) else {
            leaseRenewedAt = renewed
            return
        }
        let latest = granted + Int64(Self.leaseCapMinutes - minutes) * 60_000
        leaseRenewedAt = at > latest ? Timestamp.format(millis: latest) : renewed
    }

    mutating func renewLease(_ r: WorkstreamEvent.LeaseRenewed, at time: String) {
        guard lifecycle == .open, agent == r.agent else { return }
        if let minutes = r.leaseMinutes { leaseMinutes = minutes }
        // Kept with the registers (stored with the read model), so the cap survives an incremental projection.
        let renewed = Timestamp.later(setters[Register.lease]?.time, time)
        setters[Register.lease] = Setter(eventId: "", actor: r.agent, time: renewed)
    }

    mutating func released(_ r: WorkstreamEvent.Released, by e: EventEnvelope) {
        guard lifecycle == .open, agent == r.agent else { return }
        agent = nil
        leaseMinutes = nil
        leaseRenewedAt = nil
        setters[Register.holder] = e.setter
        conflicts.removeAll { $0.kind == .holder }
    }

    mutating func takenOver(_ t: WorkstreamEvent.TakenOver, by e: EventEnvelope) {
        guard lifecycle == .open else { claimedAfterCompletion(by: t.agent, e); return }
        if let holder = agent, holder != t.previous, holder != t.agent {
            // Another take-over (or start) got there first on another clone.
            let first = setters[Register.holder] ?? e.setter
            addConflict(.holder, name: nil, existing: ConflictEntry(first, effect: .holder(holder)),
                        new: ConflictEntry(e.setter, effect: .holder(t.agent)),
                        outcome: "held by \(holder), whose claim comes first in the order of events")
            return
        }
        agent = t.agent
        startedAt = e.time
        setters[Register.holder] = e.setter
        grantLease(minutes: t.leaseMinutes, at: e.time)
    }

    mutating func declareCheck(_ c: WorkstreamEvent.CheckDeclared) {
        if let i = checks.firstIndex(where: { $0.name == c.name }) {
            guard checks[i].run != c.run else { return }
            // A new command: the old command's result says nothing about it.
            checks[i] = Check(name: c.name, run: c.run)
        } else {
            checks.append(Check(name: c.name, run: c.run))
        }
    }

    mutating func recordCheck(_ r: WorkstreamEvent.CheckRan, by e: EventEnvelope) {
        let result = CheckResult(exitCode: r.exitCode, durationMs: r.durationMs, output: r.output, timedOut: r.timedOut,
                                 ranAt: e.time, actor: e.actor)
        if let i = checks.firstIndex(where: { $0.name == r.name }) {
            // A run of a command since replaced (another clone ran the old one) is not this check's result.
            guard checks[i].run == r.run else { return }
            checks[i].last = result
        } else {
            checks.append(Check(name: r.name, run: r.run, last: result))
        }
    }
}
