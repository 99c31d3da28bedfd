import Operations
import WorkstreamKit

/// What each MCP tool does: read its arguments, call the operation the CLI command of the
/// same name calls, and answer with the outcome's JSON (`structuredContent`) and text.
final class MCPTools {
    let caller: MCPCaller

    init(caller: MCPCaller) { self.caller = caller }

    func call(_ name: String, arguments: [String: JSONValue]) throws -> JSONValue {
        guard let tool = MCPToolCatalog.byName[name] else {
            throw MCPProtocolError(code: -32602, message: "unknown tool '\(Text.printable(name, 60))'; tools/list names them")
        }
        let args = MCPArguments(fields: arguments, tool: name, caller: caller)
        do {
            let answer = try tool.run(args)
            return .object(["content": .array([Self.text(answer.text)]), "structuredContent": try answer.json, "isError": .bool(false)])
        } catch {
            return MCPRefusals.result(for: error, tool: name, arguments: args)
        }
    }

    static func text(_ text: String) -> JSONValue { .object(["type": .string("text"), "text": .string(text)]) }

    /// The workspace a writing tool acts in, and who acts: on stdio its `agent` argument, else WS_AGENT; over HTTP
    /// the token's agent, and a call naming another is refused before the workspace is opened (nothing recorded).
    static func acting(_ args: MCPArguments) throws -> (Workspace, String) {
        let named = try args.optionalString("agent")
        switch args.caller {
        case .local:
            let ws = try Workspace.open()
            return (ws, ws.actor(named))
        case .agent(let agent, let mayForce):
            if let named, !named.isEmpty, named != agent {
                throw Refusal.invalid("this request's token acts as \(Text.printable(agent, 80)); it cannot act as "
                                      + "\(Text.printable(named, 80)). Leave out \"agent\", or use that agent's own token.")
            }
            if try args.bool("force"), !mayForce {
                throw Refusal.invalid("this request's token may not force: over HTTP an agent cannot take over a live "
                                      + "lease or complete past what refuses it. A person can (ws start --take-over --force, "
                                      + "ws complete --force), or a token made with 'ws serve token add <agent> --may-force'.")
            }
            return (try Workspace.open(throughServer: true), agent)
        }
    }

    static func ready(_ args: MCPArguments) throws -> any VerbOutcome {
        let limit = try args.int("limit", default: 20, range: 1...1000)
        return try Workspace.open(readOnly: true).ready(limit: limit)
    }

    static func start(_ args: MCPArguments) throws -> any VerbOutcome {
        let (id, takeOver, force) = (try args.string("id"), try args.bool("takeOver"), try args.bool("force"))
        let reason = try args.optionalString("reason")
        let (ws, actor) = try acting(args)
        return try ws.start(id, actor: actor, takeOver: takeOver, force: force, reason: reason)
    }

    /// Renews the caller's lease (every call of the holder on the workstream renews it too), or gives it back.
    static func renew(_ args: MCPArguments) throws -> any VerbOutcome {
        let (id, release) = (try args.string("id"), try args.bool("release"))
        let (ws, actor) = try acting(args)
        if release { return try ws.release(id, actor: actor, force: false, reason: nil) }
        return try ws.renew(id, actor: actor, minutes: try args.optionalInt("minutes"))
    }

    static func context(_ args: MCPArguments) throws -> any VerbOutcome {
        let id = try args.string("id")
        return try Workspace.open(readOnly: true).context(id)
    }

    static func taskDone(_ args: MCPArguments) throws -> any VerbOutcome {
        let (id, task) = (try args.string("id"), try args.string("task"))
        let (ws, actor) = try acting(args)
        return try ws.completeTask(id: id, task: task, actor: actor)
    }

    static func log(_ args: MCPArguments) throws -> any VerbOutcome {
        let (id, message) = (try args.string("id"), try args.string("message"))
        guard let kind = LogKind(rawValue: try args.optionalString("kind") ?? LogKind.note.rawValue) else {
            throw MCPArguments.Invalid(message: "\"kind\" of log must be one of: "
                                       + LogKind.allCases.map(\.rawValue).joined(separator: ", ") + ".")
        }
        let hours = try args.double("hours")
        let (ws, actor) = try acting(args)
        return try ws.log(id: id, message: message, kind: kind, hours: hours, actor: actor)
    }

    static func artifact(_ args: MCPArguments) throws -> any VerbOutcome {
        let (id, name, value) = (try args.string("id"), try args.string("name"), try args.string("value"))
        let secret = try args.bool("secret")
        let (ws, actor) = try acting(args)
        return try ws.recordArtifact(id: id, name: name, value: value, secret: secret, actor: actor)
    }

    static func complete(_ args: MCPArguments) throws -> any VerbOutcome {
        // The summary is optional, as `ws complete --summary`: the decider and the handoff treat a missing one alike.
        let (id, summary, next) = (try args.string("id"), try args.optionalString("summary"), try args.strings("next"))
        let (force, reason) = (try args.bool("force"), try args.optionalString("reason"))
        let (ws, actor) = try acting(args)
        return try ws.complete(.init(id: id, actor: actor, summary: summary, next: next, force: force, reason: reason,
                                     commit: ws.config.autoCommit))
    }

    static func show(_ args: MCPArguments) throws -> any VerbOutcome {
        let id = try args.string("id")
        let ws = try Workspace.open(readOnly: true)
        let view = try ws.show(id)
        return Answer(json: try JSONValue.encoding(view), text: view.line)
    }

    static func blocked(_ args: MCPArguments) throws -> any VerbOutcome {
        let limit = try args.int("limit", default: 20, range: 1...1000)
        return try Workspace.open(readOnly: true).blocked(limit: limit)
    }
}
