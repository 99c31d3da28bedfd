import Foundation
import Operations
import WorkstreamKit

/// `ws mcp`: JSON-RPC 2.0 over stdin/stdout, one message per line, as MCP's
/// stdio transport defines it. Requests are answered one at a time, in the
/// order they arrive; each tool call opens the workspace as a CLI command
/// would, so what git brought in between is imported first.
///
/// Two protocol revisions are served side by side, per request:
/// - 2025-11-25 (and 2025-06-18): the `initialize` handshake, then plain requests;
/// - 2026-07-28: no handshake and no session; each request carries the
///   revision, the client's name and capabilities in `params._meta`, and is
///   answered with `resultType` (and cache hints on `server/discover` and the lists).
public final class MCPServer {
    public static let modernVersion = "2026-07-28"
    static let handshakeVersions = ["2025-11-25", "2025-06-18"]
    /// Every revision of the handshake era, as a client names it in `MCP-Protocol-Version` (the SDK's list): a request
    /// naming one of these, or none, is served as 2025-11-25 over HTTP; any other name as 2026-07-28.
    public static let handshakeEra: Set<String> = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"]
    public static let versionKey = "io.modelcontextprotocol/protocolVersion"
    static let serverInfoKey = "io.modelcontextprotocol/serverInfo"

    let tools: MCPTools
    let resources = MCPResources()
    private let out: Int32

    /// `out`: the descriptor the answers go to (the process's original stdout).
    public init(out: Int32) { (self.out, tools) = (out, MCPTools(caller: .local)) }

    /// For one HTTP request (`answer(_:)`): `caller` is the agent its token names.
    public init(caller: MCPCaller) { (out, tools) = (-1, MCPTools(caller: caller)) }

    /// The answer to one JSON-RPC message (one HTTP request's body), nil for a notification or a response.
    public func answer(_ message: String) -> JSONValue? { handle(message) }

    /// The longest request line read: a 64 KiB log message, escaped at worst (`\u0001`, 6 bytes
    /// a byte), fits with room to spare; a longer line is dropped as it arrives (docs/mcp.md).
    static let maxLineBytes = 1 << 20
    /// The same limit on one HTTP request's body (`/mcp` on `ws serve`).
    public static let maxRequestBytes = maxLineBytes

    public func serve() {
        let reader = MCPLineReader(input: 0, limit: Self.maxLineBytes)
        while let line = reader.next() {
            if let answer = handle(line) { send(answer) }
        }
    }

    /// The answer to one line as read: text only when it is UTF-8, as JSON must be. A request
    /// with bytes that are not is refused whole, never read with U+FFFD in their place.
    func handle(_ line: MCPLineReader.Line) -> JSONValue? {
        switch line {
        case .tooLong(let count):
            return Self.error(id: .null, code: -32600, message: "the request line has \(count) bytes, more than the "
                              + "\(Self.maxLineBytes) a line may have; it was not read")
        case .bytes(let bytes):
            guard let text = String(validating: bytes, as: UTF8.self) else {
                return Self.error(id: .null, code: -32700, message: "parse error: the line is not UTF-8; nothing in it was done")
            }
            guard !text.allSatisfy(\.isWhitespace) else { return nil }
            return handle(text)
        }
    }

    /// A string or an integer ws holds exactly (64 bits), so it comes back as it was sent. Null is
    /// not an id (a request needs one to be answered); a fraction or a number past 64 bits would come
    /// back rewritten (123456789012345678901234567890 as 1.2345678901234568e+29).
    static func isValidID(_ id: JSONValue) -> Bool {
        switch id {
        case .string, .int: return true
        case .null, .double, .bool, .array, .object, .canonicalText: return false
        }
    }

    /// The answer to one line, or nil for a notification (or a response from the client).
    func handle(_ line: String) -> JSONValue? {
        let message: JSONValue
        do { message = try JSONParser.parseRefusingDuplicateKeys(line) } catch {
            return Self.error(id: .null, code: -32700, message: "parse error: \(error.description)")
        }
        guard let fields = message.object else {
            return Self.error(id: .null, code: -32600, message: "a request is one JSON object (batches are not part of MCP since 2025-06-18)")
        }
        // A message without an id is a notification (initialized, cancelled); one with an id of null is a
        // request that could never be answered by id, so it is refused, as JSON-RPC 2.0 says.
        let id = fields["id"] ?? .null
        if let given = fields["id"], !Self.isValidID(given) {
            return Self.error(id: .null, code: -32600, message: "invalid request: an id is a string or an integer "
                              + "of at most 64 bits (not null, not a fraction)")
        }
        guard fields["jsonrpc"] == .string("2.0") else {
            return Self.error(id: id, code: -32600,
                              message: "invalid request: \"jsonrpc\" must be \"2.0\"; nothing was done")
        }
        guard let method = fields["method"]?.string else {
            // A response from the client carries a result or an error, and needs no answer.
            if fields["method"] == nil, fields["result"] != nil || fields["error"] != nil { return nil }
            return Self.error(id: id, code: -32600, message: "invalid request: \"method\" must be a string")
        }
        guard fields["id"] != nil else { return nil }
        let params = fields["params"]?.object ?? [:]
        let meta = params["_meta"]?.object ?? [:]
        let modern = method != "initialize" && meta[Self.versionKey] != nil
        if modern, let version = meta[Self.versionKey], version.string != Self.modernVersion {
            return Self.error(id: id, code: -32022, message: "unsupported protocol version",
                              data: .object(["supported": .strings([Self.modernVersion]), "requested": version]))
        }
        do {
            let result = try answer(method, params: params, modern: modern)
            return .object(["jsonrpc": .string("2.0"), "id": id, "result": modern ? Self.modernResult(result, method: method) : result])
        } catch let failure as MCPProtocolError {
            return Self.error(id: id, code: failure.code, message: failure.message)
        } catch {
            return Self.error(id: id, code: -32603, message: ClassifiedError(error)?.message ?? "internal error")
        }
    }

    private func answer(_ method: String, params: [String: JSONValue], modern: Bool) throws -> JSONValue {
        switch method {
        case "initialize":
            let asked = params["protocolVersion"]?.string ?? ""
            let version = Self.handshakeVersions.contains(asked) ? asked : Self.handshakeVersions[0]
            return .object(["protocolVersion": .string(version), "capabilities": Self.capabilities,
                            "serverInfo": Self.serverInfo, "instructions": .string(Self.instructions)])
        case "server/discover":
            return .object(["supportedVersions": .strings(Self.handshakeVersions.prefix(1) + [Self.modernVersion]),
                            "capabilities": Self.capabilities, "instructions": .string(Self.instructions)])
        case "ping": return .object([:])
        case "tools/list": return .object(["tools": .array(MCPToolCatalog.tools.map(\.listing))])
        case "tools/call":
            guard let name = params["name"]?.string else { throw MCPProtocolError(code: -32602, message: "tools/call needs a tool name") }
            return try tools.call(name, arguments: params["arguments"]?.object ?? [:])
        case "resources/list": return try resources.list(cursor: params["cursor"]?.string)
        case "resources/templates/list": return .object(["resourceTemplates": .array(MCPResources.templates)])
        case "resources/read":
            guard let uri = params["uri"]?.string else { throw MCPProtocolError(code: -32602, message: "resources/read needs a uri") }
            return try resources.read(uri)
        case "prompts/list": return .object(["prompts": .array([])])
        default: throw MCPProtocolError(code: -32601, message: "method not found: \(Text.printable(method, 80))")
        }
    }

    /// What a 2026-07-28 answer carries besides the result itself.
    static func modernResult(_ result: JSONValue, method: String) -> JSONValue {
        guard var fields = result.object else { return result }
        fields["resultType"] = .string("complete")
        fields["_meta"] = .object([serverInfoKey: serverInfo])
        if ["server/discover", "tools/list", "resources/list", "resources/read", "resources/templates/list", "prompts/list"].contains(method) {
            // Nothing may be cached: the next event can change any answer.
            fields["ttlMs"] = .int(0)
            fields["cacheScope"] = .string("private")
        }
        return .object(fields)
    }

    static let capabilities: JSONValue = .object([
        "tools": .object(["listChanged": .bool(false)]),
        "resources": .object(["listChanged": .bool(false), "subscribe": .bool(false)]),
    ])
    static let serverInfo: JSONValue = .object(["name": .string("ws"), "version": .string(Workspace.version)])
    static let instructions = "ws coordinates workstreams: call ready, then start one (it returns the brief, open tasks and what its dependencies left), "
        + "task_done and log as you work, complete with a summary. Handoffs and documents are ws:// resources."

    static func error(id: JSONValue, code: Int, message: String, data: JSONValue? = nil) -> JSONValue {
        .object(["jsonrpc": .string("2.0"), "id": id,
                 "error": .fields(["code": .int(Int64(code)), "message": .string(message), "data": data])])
    }

    private func send(_ message: JSONValue) {
        var text = message.canonical
        text += "\n"
        text.withUTF8 { Output.writeAll(out, UnsafeRawBufferPointer($0)) }
    }
}

/// A request MCP itself rejects (unknown method or tool, missing parameter): a JSON-RPC error.
/// Refusals of the rules are never this: they are tool results with `isError`.
struct MCPProtocolError: Error {
    var code: Int
    var message: String
}

/// Who sends a server's requests: the person or agent that started `ws mcp` (stdio), or, over HTTP, the agent
/// the request's bearer token names.
public enum MCPCaller: Sendable, Equatable {
    case local
    /// `mayForce`: the token was made with `--may-force`; without it, `force` (a live lease taken over, a
    /// completion past open tasks or failed checks) is refused over HTTP, so agents that do not cooperate
    /// cannot preempt one another.
    case agent(String, mayForce: Bool)
}
