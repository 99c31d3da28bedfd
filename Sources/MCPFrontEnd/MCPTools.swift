import EventLog
import Operations
import WorkstreamKit

/// What each MCP tool does: the same `Workspace.open()`, `ws.execute(…)` and
/// queries as the CLI command of the same name. The decider decides; this
/// file only translates arguments in and answers out.
final class MCPTools {
    /// A tool's answer: `structuredContent` (the CLI's `--json` shape where it has one) and a short text.
    struct Answer {
        var structured: JSONValue
        var text: String
    }

    func call(_ name: String, arguments: [String: JSONValue]) throws -> JSONValue {
        guard MCPToolCatalog.names.contains(name) else {
            throw MCPProtocolError(code: -32602, message: "unknown tool '\(Text.printable(name, 60))'; tools/list names them")
        }
        let args = MCPArguments(fields: arguments, tool: name)
        do {
            let answer = try run(name, args)
            return .object(["content": .array([Self.text(answer.text)]), "structuredContent": answer.structured, "isError": .bool(false)])
        } catch {
            return MCPRefusals.result(for: error, tool: name, arguments: args)
        }
    }

    static func text(_ text: String) -> JSONValue { .object(["type": .string("text"), "text": .string(text)]) }

    private func run(_ name: String, _ args: MCPArguments) throws -> Answer {
        switch name {
        case "ready": return try ready(args)
        case "start": return try start(args)
        case "context": return try context(args)
        case "task_done": return try taskDone(args)
        case "log": return try log(args)
        case "artifact": return try artifact(args)
        case "complete": return try complete(args)
        case "show": return try show(args)
        case "blocked": return try blocked(args)
        case "renew": return try renew(args)
        default: throw MCPProtocolError(code: -32602, message: "unknown tool '\(Text.printable(name, 60))'")
        }
    }

    private func ready(_ args: MCPArguments) throws -> Answer {
        let limit = try args.int("limit", default: 20, range: 1...1000)
        let ws = try Workspace.open(readOnly: true)
        let ready = try ws.ledger.readyIncludingStale(now: ws.now)
        let shown = Array(ready.prefix(limit))
        let listing = try JSONParser.parse(bytes: shown.jsonBytes)
        var lines = shown.map { s in
            "\(s.id)  \(s.title)" + (s.isStale ? "  (held by \(s.agent ?? "?"), lease ran out: start with takeOver)" : "")
        }
        if ready.count > shown.count { lines.append("… and \(ready.count - shown.count) more") }
        let text = ready.isEmpty ? "Nothing is ready: call blocked to see what waits on what." : "\(ready.count) ready:\n" + lines.joined(separator: "\n")
        return Answer(structured: .object(["total": .int(Int64(ready.count)), "workstreams": listing]), text: text)
    }

    private func start(_ args: MCPArguments) throws -> Answer {
        let id = try args.string("id")
        let takeOver = try args.bool("takeOver")
        let force = try args.bool("force")
        let reason = try args.optionalString("reason")
        let ws = try Workspace.open()
        let actor = ws.actor(try args.optionalString("agent"))
        let outcome = try ws.start(id, actor: actor, takeOver: takeOver, force: force, reason: reason)
        let context = try JSONValue.encoding(try StartContext.document(for: id, in: ws))
        let expiry = outcome.state[id]?.leaseExpiresAt
        return Answer(structured: .fields(["id": .string(id), "agent": .string(actor), "started": .bool(!outcome.events.isEmpty),
                                           "leaseExpiresAt": expiry.map(JSONValue.string), "context": context]),
                      text: Workspace.describeStart(outcome.events, id: id, actor: actor) + "\n\n" + (try StartContext.markdown(for: id, in: ws)))
    }

    /// Renews the caller's lease (every call of the holder on the workstream renews it too), or gives the workstream back.
    private func renew(_ args: MCPArguments) throws -> Answer {
        let id = try args.string("id")
        let release = try args.bool("release")
        let ws = try Workspace.open()
        let actor = ws.actor(try args.optionalString("agent"))
        if release {
            return Answer(structured: .object(["id": .string(id), "agent": .string(actor), "held": .bool(false)]),
                          text: try ws.release(id, actor: actor, force: false, reason: nil))
        }
        let renewed = try ws.renew(id, actor: actor, minutes: try args.optionalInt("minutes"))
        return Answer(structured: .fields(["id": .string(id), "agent": .string(actor), "held": .bool(true),
                                           "leaseExpiresAt": renewed.expiry.map(JSONValue.string)]),
                      text: renewed.message)
    }

    private func context(_ args: MCPArguments) throws -> Answer {
        let id = try args.string("id")
        let ws = try Workspace.open(readOnly: true)
        return Answer(structured: try JSONValue.encoding(try StartContext.document(for: id, in: ws)),
                      text: try StartContext.markdown(for: id, in: ws))
    }

    private func taskDone(_ args: MCPArguments) throws -> Answer {
        let id = try args.string("id")
        let task = try args.string("task")
        let ws = try Workspace.open()
        let outcome = try ws.execute(.completeTask(id: id, taskId: task), actor: ws.actor(try args.optionalString("agent")), commit: false)
        let open = outcome.state[id]?.openTasks.count ?? 0
        let changed = !outcome.events.isEmpty
        return Answer(structured: .object(["id": .string(id), "task": .string(task), "changed": .bool(changed), "openTasks": .int(Int64(open))]),
                      text: (changed ? "task \(task) of \(id) done" : "task \(task) of \(id) was already done") + "; \(open) open")
    }

    private func log(_ args: MCPArguments) throws -> Answer {
        let id = try args.string("id")
        let message = try args.string("message")
        let kindName = try args.optionalString("kind") ?? LogKind.note.rawValue
        guard let kind = LogKind(rawValue: kindName) else {
            throw MCPArguments.Invalid(message: "\"kind\" of log must be one of: \(LogKind.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let hours = try args.double("hours")
        let ws = try Workspace.open()
        let outcome = try ws.execute(.log(id: id, message: message, kind: kind, hours: hours), actor: ws.actor(try args.optionalString("agent")), commit: false)
        let seq = outcome.events.first?.seq ?? 0
        return Answer(structured: .object(["id": .string(id), "seq": .int(seq)]), text: "logged \(kind.rawValue) on \(id) (#\(seq))")
    }

    private func artifact(_ args: MCPArguments) throws -> Answer {
        let id = try args.string("id")
        let name = try args.string("name")
        let value = try args.string("value")
        let secret = try args.bool("secret")
        let ws = try Workspace.open()
        let recorded = try ws.recordArtifact(id: id, name: name, value: value, secret: secret,
                                             actor: ws.actor(try args.optionalString("agent")))
        // The value itself is never echoed, secret or not: the agent sent it, and a secret must not come back.
        let what = secret ? "secret \(name) (\(recorded.fingerprint ?? ""))" : name
        return Answer(structured: .fields(["id": .string(id), "name": .string(name), "secret": .bool(secret),
                                           "changed": .bool(recorded.changed), "fingerprint": recorded.fingerprint.map(JSONValue.string)]),
                      text: recorded.changed ? "recorded \(what) on \(id)" : "\(what) of \(id) unchanged")
    }

    private func complete(_ args: MCPArguments) throws -> Answer {
        let id = try args.string("id")
        // Optional, as `ws complete --summary`: the decider and the handoff treat a missing one alike.
        let summary = try args.optionalString("summary")
        let next = try args.strings("next")
        let force = try args.bool("force")
        let reason = try args.optionalString("reason")
        let ws = try Workspace.open()
        let actor = ws.actor(try args.optionalString("agent"))
        // As `ws complete`: the checks run first (each result an event), then the decider rules.
        let run = try CompletionRun.complete(.init(id: id, actor: actor, summary: summary, next: next, force: force, reason: reason,
                                                   commit: ws.config.autoCommit), in: ws)
        let outcome = run.outcome
        let detail = try ws.ledger.detail(id)
        let nowReady = outcome.events.isEmpty ? [] : detail.dependents.filter { $0.status == .ready }.map(\.id)
        let handoff = "ws://handoff/\(id)"
        var text = run.checks.map { "\($0.passed ? "✓" : "✗") check \($0.name)" }
        text.append("\(id) completed" + (force ? " (forced: \(reason ?? ""))" : "") + "; handoff: \(handoff)")
        if !nowReady.isEmpty { text.append("now ready: \(nowReady.joined(separator: ", "))") }
        let checks: [JSONValue] = run.checks.map { c in
            .object(["name": .string(c.name), "passed": .bool(c.passed), "exitCode": .int(Int64(c.exitCode)), "durationMs": .int(Int64(c.durationMs))])
        }
        return Answer(structured: .fields(["id": .string(id), "status": .string(detail.summary.status.rawValue),
                                           "nowReady": .strings(nowReady), "handoff": .string(handoff), "checks": .array(checks),
                                           "evidence": run.evidence.map { .object(["commits": .int(Int64($0.commits.count)), "files": .int(Int64($0.files.count))]) }]),
                      text: text.joined(separator: "\n"))
    }

    private func show(_ args: MCPArguments) throws -> Answer {
        let id = try args.string("id")
        let ws = try Workspace.open(readOnly: true)
        let view = try WorkstreamView.current(id, ledger: ws.ledger, now: ws.now)
        // Short: the whole of it is in structuredContent, and as a document in the resource.
        let tasks = view.tasks.isEmpty ? "no tasks" : "tasks \(view.tasks.filter(\.done).count)/\(view.tasks.count) done"
        let lease = view.lease.map { " (\($0.holder), lease until \(Output.stamp($0.expiresAt))" + ($0.stale ? ": STALE" : "") + ")" }
        let text = "\(view.id): \(view.title) — \(view.status.rawValue)" + (lease ?? view.agent.map { " (\($0))" } ?? "")
            + ", \(tasks), \(view.artifacts.count) artifacts, \(view.devlog.count) devlog entries; document: ws://workstream/\(view.id)"
        return Answer(structured: try JSONValue.encoding(view), text: text)
    }

    private func blocked(_ args: MCPArguments) throws -> Answer {
        let limit = try args.int("limit", default: 20, range: 1...1000)
        let ws = try Workspace.open(readOnly: true)
        let analysis = BlockingAnalysis(try ws.ledger.summaries())
        let reports = analysis.waiting.prefix(limit).map(analysis.report)
        var lines = reports.map { r in
            "\(r.id) (\(r.status.rawValue))" + (r.reason.map { ": blocked: \($0)" } ?? "")
                + (r.waitingOn.isEmpty ? "" : " waits on \(r.waitingOn.joined(separator: ", ")); first: \(r.rootBlockers.joined(separator: ", "))")
        }
        if analysis.waiting.count > reports.count { lines.append("… and \(analysis.waiting.count - reports.count) more") }
        return Answer(structured: .object(["total": .int(Int64(analysis.waiting.count)), "workstreams": try JSONParser.parse(bytes: reports.jsonBytes)]),
                      text: reports.isEmpty ? "Nothing is blocked." : lines.joined(separator: "\n"))
    }
}
