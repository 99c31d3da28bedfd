/// Fencing: while an agent holds a workstream under a live lease, the work on
/// it is that agent's alone. Anyone else — the holder a take-over replaced
/// included — has the rights of a bystander: a note in the log, the planning
/// (brief, tasks added, dependencies, a plan), and the lease commands, which
/// have their own rules (`LeaseRules`). A stale lease fences nobody: its holder
/// may be gone, and the work must not wait on it.
///
/// ws cannot tell a person from an agent (the actor is a name: `--agent`, else
/// `WS_AGENT`, else git's user.name), so the rule is by name alone.
public enum FenceRules {
    /// Refuses `command` when `actor` is not the holder of a workstream held
    /// under a live lease at `now` (without `now`, no lease has run out).
    /// Without an `actor` nothing is fenced: only callers that know no one
    /// (tests of other rules) leave it out; the ledger always passes it.
    static func check(_ command: Command, actor: String?, state: WorkspaceState, now: String?) throws(Refusal) {
        guard let actor, let target = fenced(command), let w = state[target.id] else { return }
        try requireHolder(w, actor: actor, now: now, action: target.action)
    }

    /// The rule itself, for front ends that must ask before they act (`ws complete` runs checks first).
    public static func requireHolder(_ w: Workstream, actor: String, now: String?, action: String) throws(Refusal) {
        guard !w.isClosed, let holder = w.agent, holder != actor else { return }
        if let now, w.leaseIsStale(now: now) { return }
        throw .notTheHolder(id: w.id, holder: holder, until: w.leaseExpiresAt, action: action)
    }

    /// The workstream a command changes the work of, and the words for it; nil for what anyone may do.
    static func fenced(_ command: Command) -> (id: String, action: String)? {
        switch command {
        case .completeTask(let id, _): return (id, "check tasks off")
        case .reopenTask(let id, _): return (id, "reopen tasks")
        case .recordArtifact(let id, _, _, _, _): return (id, "record artifacts")
        case .addCheck(let id, _, _): return (id, "declare checks")
        case .recordCheck(let id, _): return (id, "record check runs")
        case .block(let id, _): return (id, "block it")
        case .unblock(let id): return (id, "unblock it")
        case .requestProvision(let id, _, _), .planProvision(let id, _): return (id, "provision for it")
        case .complete(let id, _, _, _, _, _, _): return (id, "complete it")
        // A note is how anyone talks to the holder; decisions, resolutions and hours are the holder's record.
        case .log(let id, _, let kind, let hours):
            return kind == .note && hours == nil ? nil : (id, "log \(kind.rawValue)s or hours")
        // Planning is the lead's, held or not; the outcome of a provider run already made is
        // recorded whoever holds it now.
        case .declare, .writeBrief, .addDependency, .removeDependency, .addTask, .applyPlan, .cancel, .settleProvision:
            return nil
        // The lease commands and the settling of conflicts carry their own rules.
        case .start, .takeOver, .renew, .release, .resolveHolder, .resolveConflict: return nil
        }
    }
}
