import Foundation
import Hummingbird
import MCPFrontEnd
import Operations
import WorkstreamKit

/// `/mcp` on `ws serve`: MCP's Streamable HTTP transport, answered by the same server as `ws mcp` on stdio
/// (`MCPServer`, one per request, acting as the agent the request's bearer token names). Every answer is one
/// JSON document (`application/json`); ws sends no server-initiated messages, so it opens no event stream.
/// The 2026-07-28 revision is stateless; a 2025-11-25 client's `initialize` opens a session (`MCPSessions`).
/// What each request must carry, and the status of each failure, follow the official Python SDK's server
/// (docs/mcp.md, "Over HTTP").
enum MCPRoute {
    static let path = "/mcp"
    /// As `ws mcp` on stdio: a 64 KiB log message, escaped at worst, fits with room to spare.
    static let maxBodyBytes = MCPServer.maxRequestBytes
    static let modernVersions: Set<String> = ["2026-07-28"]
    static let versionMetaKey = "io.modelcontextprotocol/protocolVersion"
    static let capabilitiesMetaKey = "io.modelcontextprotocol/clientCapabilities"

    /// A body (at most `maxBodyBytes`, its length declared) must arrive within this: one that trickles in holds a
    /// connection and a request's place for no more than this. Under the server's idle timeout (10 s), which
    /// closes a connection that sends nothing at all without an answer.
    static let bodyDeadlineSeconds = 5

    static func add(to router: Router<BasicRequestContext>, tokens: ServeTokens, sessions: MCPSessions, limits: MCPLimits) {
        router.on(RouterPath(path), method: .post) { request, _ in
            await post(request, tokens: tokens, sessions: sessions, limits: limits)
        }
        for method in [HTTPRequest.Method.get, .delete, .put, .patch, .options] {
            router.on(RouterPath(path), method: method) { request, _ in
                other(request, tokens: tokens, sessions: sessions)
            }
        }
    }

    static func header(_ request: Request, _ name: String) -> [String] {
        request.headers.filter { $0.name.canonicalName == name }.map(\.value)
    }

    /// The 2026-07-28 revision when the request names one that is not a 2025 handshake's (as the SDK routes).
    static func isModern(_ request: Request) -> Bool {
        guard let version = header(request, "mcp-protocol-version").first else { return false }
        return !MCPServer.handshakeVersions.contains(version) && version != "2024-11-05" && version != "2025-03-26"
    }

    /// The agent the request's token acts as, or the 401 that refuses it.
    static func agent(_ request: Request, tokens: ServeTokens) -> Result<String, MCPRefusal> {
        guard let presented = BoardGuard<BasicRequestContext>.bearer(header(request, "authorization").first) else {
            return .failure(.unauthorized("no token: send 'Authorization: Bearer <token>' (made by 'ws serve token add <agent>')"))
        }
        do {
            guard let agent = try tokens.agent(presenting: presented) else {
                return .failure(.unauthorized("the token is not one of this server's, or it was revoked"))
            }
            return .success(agent)
        } catch {
            // A damaged token file refuses every token: it says so to the person at the server, not to the caller.
            return .failure(.unauthorized("this server cannot check tokens now; its operator has been told why"))
        }
    }

    static func other(_ request: Request, tokens: ServeTokens, sessions: MCPSessions) -> Response {
        if case .failure(let refusal) = agent(request, tokens: tokens) { return refusal.response }
        if !isModern(request), request.method == .delete, let id = header(request, "mcp-session-id").first {
            return sessions.end(id) ? Response(status: .ok) : MCPRefusal.sessionNotFound.response
        }
        // ws sends nothing of its own accord: no event stream to open (the SDK's client gives up on it at once).
        var response = Response(status: .methodNotAllowed)
        response.headers[.allow] = isModern(request) ? "POST" : "POST, DELETE"
        return response
    }
}
