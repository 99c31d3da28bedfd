import Foundation
import Hummingbird
import MCPFrontEnd
import Operations
import WorkstreamKit

extension MCPRoute {
    /// One JSON-RPC message in, one JSON answer out (202 and no body for a notification), checked in the order
    /// the SDK's server checks: token, content type, Accept, body, then the revision's own rules.
    static func post(_ request: Request, _ setting: Setting) async -> Response {
        let record: ServeToken
        switch caller(request, setting) {
        case .failure(let refusal): return refusal.response
        case .success(let found): record = found
        }
        let (agent, sessions, limits) = (record.agent, setting.sessions, setting.limits)
        let types = header(request, "content-type")
        guard types.count == 1, types[0].split(separator: ";").first.map({
            $0.trimmingCharacters(in: .whitespaces).lowercased() == "application/json" }) == true else {
            return Responses.text("Invalid Content-Type header", status: .badRequest)
        }
        let modern = isModern(request)
        guard acceptsJSON(header(request, "accept")) else { return Response(status: .notAcceptable) }
        let bytes: [UInt8]
        switch await body(of: request) {
        case .some(.some(let read)): bytes = read
        case .some(.none):
            return Responses.closing(MCPRefusal.invalid(id: .null, code: -32600, "the request has more than "
                                                        + "\(maxBodyBytes) bytes; it was not read",
                                                        status: .contentTooLarge).response)
        case .none: return MCPRefusal.slowBody.response
        }
        guard let text = String(validating: bytes, as: UTF8.self),
              let message = try? JSONParser.parseRefusingDuplicateKeys(text) else {
            let problem = "Parse error: the body is not one JSON text in UTF-8"
            return MCPRefusal.invalid(id: .null, code: -32700, problem).response
        }
        guard let fields = message.object else {
            return MCPRefusal.invalid(id: .null, code: -32600,
                                      "Body must be a single JSON-RPC request or notification object").response
        }
        let method = fields["method"]?.string
        let sessionId = header(request, "mcp-session-id").first
        if !modern, method != "initialize", let refusal = sessions.check(sessionId, token: record) {
            return refusal.response
        }
        // A notification, or a response to a request ws never sends: nothing to answer.
        guard let method, let id = fields["id"] else {
            if modern, method == nil {
                return MCPRefusal.invalid(id: .null, code: -32600, "a response cannot be posted here").response
            }
            return Response(status: .accepted)
        }
        if modern, let refusal = modernRefusal(request, fields: fields, method: method, id: id) {
            return refusal.response
        }
        if let refusal = limits.admit(agent) { return refusal.response }
        let answer = await MCPWork.run(text, caller: .agent(agent, mayForce: record.mayForce))
        limits.finish(agent)
        guard let answer else { return MCPRefusal.busy.response }
        var response = Responses.json(Array(answer.canonical.utf8), status: modern ? status(of: answer) : .ok)
        response.headers[.cacheControl] = "no-store"
        if !modern {
            let opened = method == "initialize" && answer["result"] != nil ? sessions.begin(token: record) : nil
            if let session = opened ?? sessionId, let name = HTTPFields.Element.Name("mcp-session-id") {
                response.headers[name] = session
            }
        }
        return response
    }

    /// The body; `.some(nil)` when it is longer than `maxBodyBytes` (a chunked one: a declared length was checked
    /// below the router, `ConnectionGuard`), nil when it does not arrive within `bodyDeadlineSeconds`.
    static func body(of request: Request) async -> [UInt8]?? {
        await withTaskGroup(of: [UInt8]??.self) { group in
            group.addTask { .some((try? await request.body.collect(upTo: maxBodyBytes)).map { Array($0.readableBytesView) }) }
            group.addTask {
                try? await Task.sleep(for: .seconds(bodyDeadlineSeconds))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    /// Whether an Accept header lets the answer be JSON (`application/json`, `application/*` or `*/*`).
    static func acceptsJSON(_ values: [String]) -> Bool {
        values.flatMap { $0.split(separator: ",") }.contains { item in
            let type = item.split(separator: ";").first
                .map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            return type == "application/json" || type == "application/*" || type == "*/*"
        }
    }

    /// HTTP status of a 2026-07-28 answer, as the SDK maps error codes: malformed (400), no such method (404),
    /// else 200.
    static func status(of answer: JSONValue) -> HTTPResponse.Status {
        guard case .int(let code)? = answer["error"]?["code"] else { return .ok }
        if [-32700, -32600, -32602, -32020, -32021, -32022].contains(code) { return .badRequest }
        return code == -32601 ? .notFound : .ok
    }

    /// The 2026-07-28 request's envelope and routing headers, checked as the SDK checks them (first failure wins).
    static func modernRefusal(_ request: Request, fields: [String: JSONValue], method: String,
                              id: JSONValue) -> MCPRefusal? {
        for name in ["mcp-protocol-version", "mcp-method", "mcp-name"] where header(request, name).count > 1 {
            return .invalid(id: id, code: -32020, "\(name) header appears more than once")
        }
        guard let meta = fields["params"]?["_meta"]?.object else {
            return .invalid(id: id, code: -32602, "params._meta must be an object carrying the required "
                            + "'\(versionMetaKey)' and '\(capabilitiesMetaKey)' envelope keys")
        }
        let missing = [versionMetaKey, capabilitiesMetaKey].filter { meta[$0] == nil }
        guard missing.isEmpty else {
            return .invalid(id: id, code: -32602, "params._meta is missing the required envelope key(s): "
                            + missing.joined(separator: ", "))
        }
        guard let version = meta[versionMetaKey]?.string,
              header(request, "mcp-protocol-version").first == version else {
            return .invalid(id: id, code: -32020,
                            "mcp-protocol-version header does not match the request envelope's protocol version")
        }
        guard header(request, "mcp-method").first == method else {
            return .invalid(id: id, code: -32020, "mcp-method header does not match the request body's method")
        }
        let nameKey = ["tools/call": "name", "prompts/get": "name", "resources/read": "uri"][method]
        if let nameKey, let value = fields["params"]?[nameKey], value != .null,
           header(request, "mcp-name").first.map(decodedHeader) != value.string {
            return .invalid(id: id, code: -32020,
                            "mcp-name header does not match the request body's '\(nameKey)' parameter")
        }
        guard modernVersions.contains(version) else {
            return .invalid(id: id, code: -32022, "Unsupported protocol version",
                            data: .object(["supported": .array(modernVersions.sorted().map(JSONValue.string)),
                                           "requested": .string(version)]))
        }
        return nil
    }

    /// A header value as sent, or the UTF-8 text of its `=?base64?…?=` form (names a header cannot carry as
    /// they are).
    static func decodedHeader(_ value: String) -> String {
        guard value.hasPrefix("=?base64?"), value.hasSuffix("?="), value.count >= 11 else { return value }
        let payload = String(value.dropFirst(9).dropLast(2))
        guard let data = Data(base64Encoded: payload), let text = String(data: data, encoding: .utf8) else {
            return value
        }
        return text
    }
}
