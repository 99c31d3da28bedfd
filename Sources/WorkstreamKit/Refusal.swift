/// Why the rules refuse a command. Each says what happened and what to do;
/// `exitCode` follows DESIGN.md: 4 for something that does not exist, 3 for a
/// rule, 1 for input that can never be accepted.
public enum Refusal: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownWorkstream(String)
    case unknownTask(workstream: String, task: String)
    case notADependency(id: String, dependsOn: String)
    case alreadyExists(String)
    case dependenciesOpen(id: String, open: [OpenDependency])
    case heldByAnotherAgent(id: String, holder: String)
    case cycle([String])
    case tasksOpen(id: String, open: [TaskItem])
    case closed(id: String, lifecycle: Lifecycle)
    case isBlocked(id: String, reason: String)
    case forceNeedsReason(id: String)
    case invalid(String)
    /// `ws resolve` named a conflict the workstream does not have.
    case noConflict(id: String, kind: String?, open: [String])
    /// `--keep` named an event that is not one of the conflict's sides.
    case notASide(id: String, keep: String, sides: [String])
    /// An earlier provisioning request has no outcome yet (running, or cut off).
    case provisionUnsettled(id: String, resource: ResourceRef, since: String)
    case notProvisioned(id: String, resource: ResourceRef)
    /// `start` by another agent while the holder's lease has run out: the way is `--take-over`.
    case leaseExpired(id: String, holder: String, since: String)
    /// `start --take-over` while the holder's lease still runs (`until` nil: its start predates leases).
    case leaseActive(id: String, holder: String, until: String?)
    /// A change to the work of a workstream another agent holds under a live lease (see `FenceRules`).
    case notTheHolder(id: String, holder: String, until: String?, action: String)
    /// `renew` on a workstream nobody holds.
    case notHeld(id: String)
    case unknownCheck(workstream: String, check: String)
    /// `complete` while checks fail (or never ran).
    case checksFailed(id: String, failed: [Check])
    /// An artifact named like a variable that changes how programs run (`ReservedVariables`).
    case reservedVariable(String)

    public struct OpenDependency: Equatable, Sendable {
        public var id: String
        public var status: Status
        public init(id: String, status: Status) { self.id = id; self.status = status }
    }

    public var exitCode: Int32 {
        switch self {
        case .unknownWorkstream, .unknownTask, .notADependency, .notProvisioned, .noConflict, .unknownCheck: return 4
        case .invalid: return 1
        case .alreadyExists, .dependenciesOpen, .heldByAnotherAgent, .cycle, .tasksOpen, .closed, .isBlocked, .forceNeedsReason,
             .notASide, .provisionUnsettled, .leaseExpired, .leaseActive, .notTheHolder, .notHeld, .checksFailed,
             .reservedVariable:
            return 3
        }
    }

    public var description: String {
        switch self {
        case .unknownWorkstream(let id):
            return "no workstream '\(Text.printable(id, 80))'. List them with 'ws status'."
        case .unknownTask(let id, let task):
            return "workstream \(id) has no task '\(Text.printable(task, 80))'. See its tasks with 'ws show \(id)'."
        case .notADependency(let id, let dep):
            return "\(id) does not depend on \(dep); nothing to remove."
        case .alreadyExists(let id):
            return "workstream \(id) already exists. Change it with 'ws plan apply' or the other commands."
        case .dependenciesOpen(let id, let open):
            let list = open.map { "\($0.id) (\($0.status.rawValue))" }.joined(separator: ", ")
            return "\(id) cannot start: it waits on \(list). See 'ws deps \(id)'."
        case .heldByAnotherAgent(let id, let holder):
            return "\(id) is held by \(holder). Ask them, or pick another with 'ws ready'."
        case .cycle(let path):
            return "that dependency would close a cycle: \(path.joined(separator: " → ")). Remove one of these dependencies first."
        case .tasksOpen(let id, let open):
            let list = open.map { "  - [ ] \($0.id) \($0.text)" }.joined(separator: "\n")
            return "\(id) has \(open.count) open task\(open.count == 1 ? "" : "s"):\n\(list)\nFinish them with 'ws task done \(id) <task>', or complete with --force --reason <why>."
        case .closed(let id, let lifecycle):
            return "\(id) is \(lifecycle.rawValue); it cannot change any more."
        case .isBlocked(let id, let reason):
            return "\(id) is blocked: \(reason). Run 'ws unblock \(id)' first."
        case .forceNeedsReason(let id):
            return "--force on \(id) needs --reason <why>, so the log says why the rules were set aside."
        case .invalid(let message):
            return message
        case .noConflict(let id, let kind, let open):
            let what = kind.map { "no \($0) conflict" } ?? "no conflict"
            return "\(id) has \(what) to resolve" + (open.isEmpty ? "." : "; it has: \(open.joined(separator: ", ")). See 'ws conflicts'.")
        case .notASide(let id, let keep, let sides):
            return "\(keep) is not one of the competing events of that conflict on \(id); keep one of: \(sides.joined(separator: ", "))."
        case .provisionUnsettled(let id, let resource, let since):
            return "\(resource) of \(id) was requested at \(since) and has no outcome yet; run the same 'ws provision' again to ask the provider what became of it."
        case .notProvisioned(let id, let resource):
            return "\(id) has no \(resource) to destroy. See 'ws show \(id)'."
        case .leaseExpired(let id, let holder, let since):
            return "\(id) is held by \(holder), whose lease ran out at \(since). Take it over with 'ws start \(id) --take-over'."
        case .leaseActive(let id, let holder, let until):
            let when = until.map { "until \($0)" } ?? "with no expiry (started before leases)"
            return "\(id) is held by \(holder), whose lease runs \(when). Ask them to 'ws release \(id)', wait, or take it over with --force --reason <why>."
        case .notTheHolder(let id, let holder, let until, let action):
            let lease = until.map { "whose lease runs until \($0)" } ?? "whose lease has no expiry"
            return "\(id) is held by \(holder), \(lease); only the holder may \(action). "
                + "Ask \(holder) to 'ws release \(id)', or take it over with 'ws start \(id) --take-over' "
                + "once the lease runs out (before that, with --force --reason <why>)."
        case .notHeld(let id):
            return "nobody holds \(id); take it with 'ws start \(id)'."
        case .unknownCheck(let id, let check):
            return "workstream \(id) has no check '\(Text.printable(check, 80))'. See its checks with 'ws show \(id)'."
        case .checksFailed(let id, let failed):
            let list = failed.map { c -> String in
                guard let last = c.last else { return "- \(c.name): never ran (`\(Text.printable(c.run, 200))`)" }
                let tail = last.output.isEmpty ? "  (no output)" : last.output.split(separator: "\n", omittingEmptySubsequences: false)
                    .suffix(20).map { "  | \($0)" }.joined(separator: "\n")
                return "- \(c.name): \(last.label) — `\(Text.printable(c.run, 200))`\n\(tail)"
            }.joined(separator: "\n")
            return "\(id) cannot complete: \(failed.count) check\(failed.count == 1 ? "" : "s") did not pass:\n\(list)\n"
                + "Fix the work and run 'ws complete \(id)' again (it runs the checks), or complete with --force --reason <why>."
        case .reservedVariable(let name):
            return "an artifact may not be called \(name): \(ReservedVariables.rule). "
                + "Pick another name (for a provisioned resource, another resource name)."

        }
    }
}
