import EventLog
import Operations
import WorkstreamKit

/// A refusal, a bad argument or a failure of a tool call, as MCP wants it: a
/// tool result with `isError: true`, never a protocol error, so the agent
/// reads what happened and the exact next step. `structuredContent` names
/// the kind (`held_by_another_agent`, `tasks_open`, …), the message the CLI
/// would print, and the next call to make.
enum MCPRefusals {
    struct Advice {
        var kind: String
        var next: String
        var extra: [String: JSONValue] = [:]
    }

    static func result(for error: Error, tool: String, arguments: MCPArguments) -> JSONValue {
        let message: String
        let advice: Advice
        if let invalid = error as? MCPArguments.Invalid {
            message = invalid.message
            advice = Advice(kind: "invalid_arguments", next: "call \(tool) again with the arguments its inputSchema names")
        } else {
            let failure = ClassifiedError(error)
            message = failure?.message ?? "\(error)"
            advice = Self.advice(failure?.cause ?? .other, tool: tool)
        }
        var structured: [String: JSONValue] = ["error": .string(advice.kind), "message": .string(message), "next": .string(advice.next)]
        structured.merge(advice.extra) { a, _ in a }
        return .object([
            "content": .array([MCPTools.text("Refused (\(advice.kind)): \(message)\nNext: \(advice.next)")]),
            "structuredContent": .object(structured),
            "isError": .bool(true),
        ])
    }

    static func advice(_ cause: ClassifiedError.Cause, tool: String) -> Advice {
        switch cause {
        case .refusal(let refusal): return advice(refusal)
        case .untrustedChecks(let untrusted):
            return Advice(kind: "untrusted_check", next: "ask the person on this machine to read the command and run "
                          + "'\(untrusted.trustCommand)'; ws mcp never trusts a check itself",
                          extra: ["untrustedChecks": .strings(untrusted.checks.map(\.name))])
        case .versionConflict:
            return Advice(kind: "version_conflict", next: "call \(tool) again: it reads the new state first")
        case .other:
            return Advice(kind: "error", next: "read the message: it says what to do; nothing was recorded unless it says so")
        }
    }

    /// The next step for each rule, as a tool call where a tool does it, else the CLI command.
    static func advice(_ refusal: Refusal) -> Advice {
        switch refusal {
        case .unknownWorkstream(let id):
            return Advice(kind: "unknown_workstream", next: "call ready (or blocked) for the workstreams there are; '\(Text.printable(id, 64))' is none of them")
        case .unknownTask(let id, _):
            return Advice(kind: "unknown_task", next: "call context {\"id\":\"\(id)\"} for its open tasks")
        case .notADependency:
            return Advice(kind: "not_a_dependency", next: "nothing to do")
        case .alreadyExists(let id):
            return Advice(kind: "already_exists", next: "call show {\"id\":\"\(id)\"}")
        case .dependenciesOpen(let id, let open):
            return Advice(kind: "dependencies_open", next: "call ready and start a ready workstream; \(id) waits on "
                          + open.map { "\($0.id) (\($0.status.rawValue))" }.joined(separator: ", "),
                          extra: ["waitingOn": .strings(open.map(\.id))])
        case .heldByAnotherAgent(let id, let holder):
            return Advice(kind: "held_by_another_agent", next: "call ready and start another workstream; \(id) is held by \(holder)",
                          extra: ["holder": .string(holder)])
        case .cycle(let path):
            return Advice(kind: "cycle", next: "remove one dependency of \(path.joined(separator: " → ")) with 'ws dep rm'")
        case .tasksOpen(let id, let open):
            let first = open.first.map { "call task_done {\"id\":\"\(id)\",\"task\":\"\($0.id)\"}" } ?? "call context {\"id\":\"\(id)\"}"
            return Advice(kind: "tasks_open", next: first + " for each open task, or complete with force and a reason",
                          extra: ["openTasks": .strings(open.map(\.id))])
        case .closed(let id, _):
            return Advice(kind: "closed", next: "nothing can change \(id) any more; call ready for other work")
        case .isBlocked(let id, _):
            return Advice(kind: "blocked", next: "settle the reason, then run 'ws unblock \(id)'; meanwhile call ready")
        case .forceNeedsReason(let id):
            return Advice(kind: "force_needs_reason", next: "call complete {\"id\":\"\(id)\",…,\"force\":true,\"reason\":\"<why>\"}")
        case .invalid:
            return Advice(kind: "invalid", next: "change the arguments as the message says")
        case .noConflict, .notASide:
            return Advice(kind: "no_such_conflict", next: "run 'ws conflicts'")
        case .leaseExpired(let id, let holder, let since):
            return Advice(kind: "lease_expired", next: "call start {\"id\":\"\(id)\",\"takeOver\":true} to take it over from \(holder)",
                          extra: ["holder": .string(holder), "staleSince": .string(since)])
        case .leaseActive(let id, let holder, let until):
            return Advice(kind: "lease_active", next: "call ready and start another workstream; \(holder) holds \(id)"
                          + (until.map { " until \($0)" } ?? "") + " (takeOver with force and a reason overrides it)",
                          extra: ["holder": .string(holder), "leaseUntil": until.map(JSONValue.string) ?? .null])
        case .notTheHolder(let id, let holder, let until, _):
            return Advice(kind: "not_the_holder",
                          next: "call ready and start another workstream; only \(holder) changes \(id)"
                              + (until.map { " until \($0)" } ?? "")
                              + " (start with takeOver, force and a reason overrides the lease)",
                          extra: ["holder": .string(holder), "leaseUntil": until.map(JSONValue.string) ?? .null])
        case .notHeld(let id):
            return Advice(kind: "not_held", next: "call start {\"id\":\"\(id)\"}")
        case .unknownCheck(let id, _):
            return Advice(kind: "unknown_check", next: "call show {\"id\":\"\(id)\"} for its checks")
        case .checksFailed(let id, let failed):
            return Advice(kind: "checks_failed", next: "fix what the failing check shows, then call complete {\"id\":\"\(id)\",…} again "
                          + "(it runs the checks), or complete with force and a reason",
                          extra: ["failedChecks": .strings(failed.map(\.name))])
        case .reservedVariable:
            return Advice(kind: "reserved_variable",
                          next: "record the artifact under another name (the message says which names are refused)")
        case .provisionUnsettled(let id, _, _), .notProvisioned(let id, _):
            return Advice(kind: "provisioning", next: "run 'ws show \(id)' and 'ws provision' as the message says")
        }
    }
}
