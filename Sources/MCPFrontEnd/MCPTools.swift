import Operations
import WorkstreamKit

/// What each MCP tool does: read its arguments, call the operation the CLI command of the
/// same name calls, and answer with the outcome's JSON (`structuredContent`) and text.
final class MCPTools {
    func call(_ name: String, arguments: [String: JSONValue]) throws -> JSONValue {
        guard let tool = MCPToolCatalog.byName[name] else {
            throw MCPProtocolError(code: -32602, message: "unknown tool '\(Text.printable(name, 60))'; tools/list names them")
        }
        let args = MCPArguments(fields: arguments, tool: name)
        do {
            let answer = try tool.run(args)
            return .object(["content": .array([Self.text(answer.text)]), "structuredContent": answer.json, "isError": .bool(false)])
        } catch {
            return MCPRefusals.result(for: error, tool: name, arguments: args)
        }
    }

    static func text(_ text: String) -> JSONValue { .object(["type": .string("text"), "text": .string(text)]) }

    static func ready(_ args: MCPArguments) throws -> any VerbOutcome {
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
        return Answer(json: .object(["total": .int(Int64(ready.count)), "workstreams": listing]), text: text)
    }

    static func start(_ args: MCPArguments) throws -> any VerbOutcome {
        let id = try args.string("id")
        let takeOver = try args.bool("takeOver")
        let force = try args.bool("force")
        let reason = try args.optionalString("reason")
        let ws = try Workspace.open()
        let actor = ws.actor(try args.optionalString("agent"))
        return try ws.start(id, actor: actor, takeOver: takeOver, force: force, reason: reason)
    }

    /// Renews the caller's lease (every call of the holder on the workstream renews it too), or gives the workstream back.
    static func renew(_ args: MCPArguments) throws -> any VerbOutcome {
        let id = try args.string("id")
        let release = try args.bool("release")
        let ws = try Workspace.open()
        let actor = ws.actor(try args.optionalString("agent"))
        if release { return try ws.release(id, actor: actor, force: false, reason: nil) }
        return try ws.renew(id, actor: actor, minutes: try args.optionalInt("minutes"))
    }

    static func context(_ args: MCPArguments) throws -> any VerbOutcome {
        let id = try args.string("id")
        let ws = try Workspace.open(readOnly: true)
        return Answer(json: try JSONValue.encoding(try StartContext.document(for: id, in: ws)),
                      text: try StartContext.markdown(for: id, in: ws))
    }

    static func taskDone(_ args: MCPArguments) throws -> any VerbOutcome {
        let id = try args.string("id")
        let task = try args.string("task")
        let ws = try Workspace.open()
        return try ws.completeTask(id: id, task: task, actor: ws.actor(try args.optionalString("agent")))
    }

    static func log(_ args: MCPArguments) throws -> any VerbOutcome {
        let id = try args.string("id")
        let message = try args.string("message")
        let kindName = try args.optionalString("kind") ?? LogKind.note.rawValue
        guard let kind = LogKind(rawValue: kindName) else {
            throw MCPArguments.Invalid(message: "\"kind\" of log must be one of: \(LogKind.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let hours = try args.double("hours")
        let ws = try Workspace.open()
        let actor = ws.actor(try args.optionalString("agent"))
        return try ws.log(id: id, message: message, kind: kind, hours: hours, actor: actor)
    }

    static func artifact(_ args: MCPArguments) throws -> any VerbOutcome {
        let id = try args.string("id")
        let name = try args.string("name")
        let value = try args.string("value")
        let secret = try args.bool("secret")
        let ws = try Workspace.open()
        let actor = ws.actor(try args.optionalString("agent"))
        return try ws.recordArtifact(id: id, name: name, value: value, secret: secret, actor: actor)
    }

    static func complete(_ args: MCPArguments) throws -> any VerbOutcome {
        let id = try args.string("id")
        // Optional, as `ws complete --summary`: the decider and the handoff treat a missing one alike.
        let summary = try args.optionalString("summary")
        let next = try args.strings("next")
        let force = try args.bool("force")
        let reason = try args.optionalString("reason")
        let ws = try Workspace.open()
        let actor = ws.actor(try args.optionalString("agent"))
        return try ws.complete(.init(id: id, actor: actor, summary: summary, next: next, force: force, reason: reason,
                                     commit: ws.config.autoCommit))
    }

    static func show(_ args: MCPArguments) throws -> any VerbOutcome {
        let id = try args.string("id")
        let ws = try Workspace.open(readOnly: true)
        let view = try WorkstreamView.current(id, ledger: ws.ledger, now: ws.now)
        return Answer(json: try JSONValue.encoding(view), text: view.line)
    }

    static func blocked(_ args: MCPArguments) throws -> any VerbOutcome {
        let limit = try args.int("limit", default: 20, range: 1...1000)
        let ws = try Workspace.open(readOnly: true)
        let analysis = BlockingAnalysis(try ws.ledger.summaries())
        let reports = analysis.waiting.prefix(limit).map(analysis.report)
        var lines = reports.map { r in
            "\(r.id) (\(r.status.rawValue))" + (r.reason.map { ": blocked: \($0)" } ?? "")
                + (r.waitingOn.isEmpty ? "" : " waits on \(r.waitingOn.joined(separator: ", ")); first: \(r.rootBlockers.joined(separator: ", "))")
        }
        if analysis.waiting.count > reports.count { lines.append("… and \(analysis.waiting.count - reports.count) more") }
        return Answer(json: .object(["total": .int(Int64(analysis.waiting.count)), "workstreams": try JSONParser.parse(bytes: reports.jsonBytes)]),
                      text: reports.isEmpty ? "Nothing is blocked." : lines.joined(separator: "\n"))
    }
}
