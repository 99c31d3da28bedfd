/// The rules of leases and checks, as part of the pure decider. Time is an
/// input (`now`), never read here.
enum LeaseRules {
    static func start(id: String, agent: String, leaseMinutes: Int?, head: String? = nil, state: WorkspaceState, now: String?) throws(Refusal) -> [PendingEvent] {
        let w = try Decider.open(id, in: state)
        try Validation.agent(agent)
        try minutes(leaseMinutes)
        if let holder = w.agent {
            if holder == agent { return [] }
            if let now, let expired = w.leaseExpiresAt, Timestamp.leaseIsOver(expired, now: now) {
                throw .leaseExpired(id: id, holder: holder, since: expired)
            }
            throw .heldByAnotherAgent(id: id, holder: holder)
        }
        try startable(w, state: state)
        return [PendingEvent(stream: id, event: .started(.init(agent: agent, leaseMinutes: leaseMinutes, head: head)))]
    }

    /// Nobody holds it: a take-over is a start. Held by another: only when its lease ran out at `now`, or forced with a reason.
    static func takeOver(id: String, agent: String, leaseMinutes: Int?, force: Bool, reason: String?, head: String? = nil,
                         state: WorkspaceState, now: String?) throws(Refusal) -> [PendingEvent] {
        let w = try Decider.open(id, in: state)
        try Validation.agent(agent)
        try minutes(leaseMinutes)
        guard let holder = w.agent else { return try start(id: id, agent: agent, leaseMinutes: leaseMinutes, head: head, state: state, now: now) }
        if holder == agent { return [] }
        let expiry = w.leaseExpiresAt
        let expired = now.flatMap { now in expiry.map { Timestamp.leaseIsOver($0, now: now) } } ?? false
        if force {
            guard let reason, !reason.trimmed.isEmpty else { throw .forceNeedsReason(id: id) }
        } else if !expired {
            throw .leaseActive(id: id, holder: holder, until: expiry)
        }
        let taken = WorkstreamEvent.TakenOver(agent: agent, previous: holder, leaseMinutes: leaseMinutes, expiredAt: expired ? expiry : nil,
                                              forced: force && !expired, reason: force && !expired ? reason : nil)
        return [PendingEvent(stream: id, event: .takenOver(taken))]
    }

    static func renew(id: String, agent: String, leaseMinutes: Int?, state: WorkspaceState) throws(Refusal) -> [PendingEvent] {
        let w = try Decider.open(id, in: state)
        try minutes(leaseMinutes)
        guard let holder = w.agent else { throw .notHeld(id: id) }
        guard holder == agent else { throw .heldByAnotherAgent(id: id, holder: holder) }
        return [PendingEvent(stream: id, event: .leaseRenewed(.init(agent: agent, leaseMinutes: leaseMinutes)))]
    }

    static func release(id: String, agent: String, force: Bool, reason: String?, state: WorkspaceState) throws(Refusal) -> [PendingEvent] {
        let w = try Decider.open(id, in: state)
        guard let holder = w.agent else { return [] }
        if holder != agent {
            guard force else { throw .heldByAnotherAgent(id: id, holder: holder) }
            guard let reason, !reason.trimmed.isEmpty else { throw .forceNeedsReason(id: id) }
            return [PendingEvent(stream: id, event: .released(.init(agent: holder, reason: reason)))]
        }
        let why = reason.flatMap { $0.trimmed.isEmpty ? nil : $0 }
        return [PendingEvent(stream: id, event: .released(.init(agent: holder, reason: why)))]
    }

    static func startable(_ w: Workstream, state: WorkspaceState) throws(Refusal) {
        if let reason = w.blockedReason { throw .isBlocked(id: w.id, reason: reason) }
        let waiting = state.openDependencies(of: w.id)
        if !waiting.isEmpty {
            throw .dependenciesOpen(id: w.id, open: waiting.map { .init(id: $0, status: state.status(of: $0) ?? .planned) })
        }
    }

    static func minutes(_ m: Int?) throws(Refusal) {
        if let m, !Limits.leaseMinutes.contains(m) {
            throw .invalid("a lease of \(m) minutes is not accepted: from \(Limits.leaseMinutes.lowerBound) to \(Limits.leaseMinutes.upperBound) (30 days).")
        }
    }
}

enum CheckRules {
    static func add(id: String, name: String, run: String, state: WorkspaceState) throws(Refusal) -> [PendingEvent] {
        let w = try Decider.open(id, in: state)
        try Validation.checkName(name)
        guard !run.trimmed.isEmpty else { throw .invalid("check \(name) needs a command (--run).") }
        if let existing = w.check(name), existing.run == run { return [] }
        if w.check(name) == nil && w.checks.count >= Limits.checks {
            throw .invalid("\(id) has \(w.checks.count) checks; at most \(Limits.checks) are accepted per workstream.")
        }
        return [PendingEvent(stream: id, event: .checkDeclared(.init(name: name, run: run)))]
    }

    /// What a plan's `checks:` add to a workstream as it stands (`w`): new names and changed commands.
    static func planned(_ checks: [WorkstreamEvent.CheckDeclared], for w: Workstream) throws(Refusal) -> [PendingEvent] {
        var events: [PendingEvent] = []
        var named = Set<String>()
        for c in checks {
            guard named.insert(c.name).inserted else { throw .invalid("the plan lists check '\(Text.clip(c.name, 60))' of \(w.id) twice.") }
            try Validation.checkName(c.name)
            if w.check(c.name)?.run == c.run { continue }
            events.append(PendingEvent(stream: w.id, event: .checkDeclared(c)))
        }
        if Set(w.checks.map(\.name)).union(named).count > Limits.checks {
            throw .invalid("\(w.id) would have more than \(Limits.checks) checks.")
        }
        return events
    }
}
