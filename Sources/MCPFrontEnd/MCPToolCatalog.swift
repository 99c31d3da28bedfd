import Operations
import WorkstreamKit

/// The tools `ws mcp` offers, in a fixed order, each worth its tokens: the
/// whole `tools/list` answer stays under 8 KB (docs/mcp.md has the figure,
/// and the MCP tests assert it). Descriptions are one line; schemas name
/// only the fields an agent acts on (answers may carry more).
/// Each tool is declared once here: its name, its `tools/list` entry and the handler (MCPTools) that runs it.
struct MCPTool: Sendable {
    let name: String
    let listing: JSONValue
    let run: @Sendable (MCPArguments) throws -> any VerbOutcome
}

enum MCPToolCatalog {
    static let byName = Dictionary(uniqueKeysWithValues: tools.map { ($0.name, $0) })

    static let tools: [MCPTool] = [
        tool("ready", "Workstreams that can start now (dependencies done, nobody holds them).",
             input: ["limit": integer("At most this many (default 20)")],
             output: ["total": .object(["type": .string("integer")]), "workstreams": list], outputRequired: ["total", "workstreams"],
             hints: .reading, run: MCPTools.ready),
        tool("start", "Claim a workstream with a lease; returns its context (brief, open tasks, dependencies' handoffs). takeOver: a stale one.",
             input: ["id": id, "takeOver": boolean, "force": boolean, "reason": string, "agent": agent], required: ["id"],
             output: ["id": string, "agent": string, "started": boolean, "context": object], outputRequired: ["id", "agent", "started", "context"],
             hints: .claiming, run: MCPTools.start),
        tool("context", "A workstream's brief, open tasks, and its dependencies' handoff summaries and artifact names.",
             input: ["id": id], required: ["id"],
             output: ["id": string, "status": string, "openTasks": array, "dependencies": array], outputRequired: ["id", "status"],
             hints: .reading, run: MCPTools.context),
        tool("task_done", "Check a task off.",
             input: ["id": id, "task": described("Task id, e.g. 4.1"), "agent": agent], required: ["id", "task"],
             output: ["id": string, "task": string, "changed": boolean, "openTasks": integer("")], outputRequired: ["id", "task", "changed"],
             hints: .idempotentWrite, run: MCPTools.taskDone),
        tool("log", "Add a devlog entry.",
             input: ["id": id, "message": string,
                     "kind": .object(["type": .string("string"), "enum": .strings(LogKind.allCases.map(\.rawValue))]),
                     "hours": .object(["type": .string("number")]), "agent": agent], required: ["id", "message"],
             output: ["id": string, "seq": .object(["type": .string("integer")])], outputRequired: ["id", "seq"],
             hints: .appending, run: MCPTools.log),
        tool("artifact", "Record a value (endpoint, bucket). secret=true keeps it out of git and every answer; name and fingerprint only.",
             input: ["id": id, "name": described("NAME, e.g. DB_HOST"), "value": string, "secret": boolean, "agent": agent],
             required: ["id", "name", "value"],
             output: ["id": string, "name": string, "secret": boolean, "changed": boolean], outputRequired: ["id", "name", "secret", "changed"],
             hints: .replacing, run: MCPTools.artifact),
        tool("complete", "Finish a workstream with its handoff. Refused while tasks or dependencies are open, unless force with reason.",
             input: ["id": id, "summary": described("What was done"), "next": .object(["type": .string("array"), "items": string]),
                     "force": boolean, "reason": string, "agent": agent], required: ["id"],
             output: ["id": string, "status": string, "nowReady": array], outputRequired: ["id", "status", "nowReady"],
             hints: .closing, run: MCPTools.complete),
        tool("show", "One workstream in full: status, tasks, dependencies both ways, artifacts (secrets by fingerprint), devlog.",
             input: ["id": id], required: ["id"],
             output: ["id": string, "status": string, "tasks": array, "artifacts": array], outputRequired: ["id", "status"],
             hints: .reading, run: MCPTools.show),
        tool("blocked", "Workstreams that cannot start, with the chain that blocks each.",
             input: ["limit": integer("At most this many (default 20)")],
             output: ["total": .object(["type": .string("integer")]), "workstreams": array], outputRequired: ["total", "workstreams"],
             hints: .reading, run: MCPTools.blocked),
        tool("renew", "Renew your lease (any call of yours on it renews it too); release=true gives the workstream back.",
             input: ["id": id, "minutes": integer("Lease minutes from now (default: the project's)"), "release": boolean, "agent": agent],
             required: ["id"],
             output: ["id": string, "agent": string, "held": boolean], outputRequired: ["id", "agent", "held"],
             hints: .leasing, run: MCPTools.renew),
    ]

    /// The truthful hints of each kind of tool (MCP's annotations).
    enum Hints {
        case reading, claiming, idempotentWrite, appending, replacing, closing, leasing

        var json: JSONValue {
            // (readOnly, destructive, idempotent)
            let (readOnly, destructive, idempotent): (Bool, Bool, Bool)
            switch self {
            case .reading: (readOnly, destructive, idempotent) = (true, false, true)
            // The same agent starting again changes nothing; another agent is refused.
            case .claiming: (readOnly, destructive, idempotent) = (false, false, true)
            case .idempotentWrite: (readOnly, destructive, idempotent) = (false, false, true)
            // Each call adds an entry.
            case .appending: (readOnly, destructive, idempotent) = (false, false, false)
            // A new value replaces the old one (a secret's old value is gone).
            case .replacing: (readOnly, destructive, idempotent) = (false, true, true)
            // Completing adds events, but a completed workstream can never change again.
            case .closing: (readOnly, destructive, idempotent) = (false, false, false)
            // Each renewal moves the expiry; a release is an event the holder can undo by starting again.
            case .leasing: (readOnly, destructive, idempotent) = (false, false, false)
            }
            return .object(["readOnlyHint": .bool(readOnly), "destructiveHint": .bool(destructive),
                            "idempotentHint": .bool(idempotent), "openWorldHint": .bool(false)])
        }
    }

    static func tool(_ name: String, _ description: String, input: [String: JSONValue], required: [String] = [],
                     output: [String: JSONValue], outputRequired: [String], hints: Hints,
                     run: @escaping @Sendable (MCPArguments) throws -> any VerbOutcome) -> MCPTool {
        var inputSchema: [String: JSONValue] = ["type": .string("object"), "properties": .object(input)]
        if !required.isEmpty { inputSchema["required"] = .strings(required) }
        return MCPTool(name: name, listing: .object([
            "name": .string(name), "description": .string(description), "inputSchema": .object(inputSchema),
            "outputSchema": .object(["type": .string("object"), "properties": .object(output), "required": .strings(outputRequired)]),
            "annotations": hints.json,
        ]), run: run)
    }

    static let string: JSONValue = .object(["type": .string("string")])
    static let boolean: JSONValue = .object(["type": .string("boolean")])
    static let array: JSONValue = .object(["type": .string("array")])
    static let object: JSONValue = .object(["type": .string("object")])
    static let id = described("Workstream id")
    static let agent = described("Who acts (default: WS_AGENT)")
    static let list: JSONValue = .object(["type": .string("array"), "items": .object([
        "type": .string("object"), "properties": .object(["id": string, "title": string]), "required": .strings(["id", "title"]),
    ])])

    static func described(_ text: String) -> JSONValue { .object(["type": .string("string"), "description": .string(text)]) }

    static func integer(_ text: String) -> JSONValue {
        text.isEmpty ? .object(["type": .string("integer")]) : .object(["type": .string("integer"), "description": .string(text)])
    }
}
