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
    static let modernVersions: Set<String> = [MCPServer.modernVersion]
    static let versionMetaKey = MCPServer.versionKey
    static let capabilitiesMetaKey = "io.modelcontextprotocol/clientCapabilities"

    /// A body (at most `maxBodyBytes`, its length declared) must arrive within this: one that trickles in holds a
    /// connection and a request's place for no more than this. Under the server's idle timeout (10 s), which
    /// closes a connection that sends nothing at all without an answer.
    static let bodyDeadlineSeconds = 5

    /// What every request to `/mcp` is checked against and served with.
    struct Setting: Sendable {
        let tokens: ServeTokens
        let sessions = MCPSessions()
        let limits: MCPLimits
        /// Listening on loopback: a request must name a loopback host (as the board's do: DNS rebinding).
        let loopback: Bool
        /// Tells the person running the server what a caller is not told (a token file it cannot read).
        let report: @Sendable (String) -> Void
    }

    static func add(to router: Router<BasicRequestContext>, _ setting: Setting) {
        router.on(RouterPath(path), method: .post) { request, _ in await post(request, setting) }
        for method in [HTTPRequest.Method.get, .delete, .put, .patch, .options] {
            router.on(RouterPath(path), method: method) { request, _ in other(request, setting) }
        }
    }

    static func header(_ request: Request, _ name: String) -> [String] {
        request.headers.filter { $0.name.canonicalName == name }.map(\.value)
    }

    /// The 2026-07-28 revision when the request names one that is not a 2025 handshake's (as the SDK routes).
    static func isModern(_ request: Request) -> Bool {
        guard let version = header(request, "mcp-protocol-version").first else { return false }
        return !MCPServer.handshakeEra.contains(version)
    }

    /// Who the request acts as, or why it is refused: from where it claims to come (Host, Origin), then its token.
    static func caller(_ request: Request, _ setting: Setting) -> Result<ServeToken, MCPRefusal> {
        if let refusal = origin(request, setting) { return .failure(refusal) }
        let authorization = header(request, "authorization")
        guard authorization.count <= 1 else { return .failure(.unauthorized("one Authorization header, not several")) }
        guard let presented = BoardGuard<BasicRequestContext>.bearer(authorization.first) else {
            return .failure(.unauthorized("no token: send 'Authorization: Bearer <token>' "
                                          + "(made by 'ws serve token add <agent>')"))
        }
        do {
            guard let record = try setting.tokens.record(presenting: presented) else {
                return .failure(.unauthorized("the token is not one of this server's, or it was revoked"))
            }
            return .success(record)
        } catch {
            // A damaged token file refuses every token: the person at the server is told why, the caller is not.
            setting.report("ws serve: /mcp refuses every token: \(error)")
            return .failure(.unauthorized("this server cannot check tokens now; its operator has been told why"))
        }
    }

    /// On loopback, a request must name a loopback host (a page whose own name was rebound to 127.0.0.1 names
    /// its own), and a browser's Origin, when sent, must be the server's own: MCP's transport asks servers to
    /// check it. Behind a proxy (not loopback) the Host is the proxy's to decide; an Origin must still match it.
    static func origin(_ request: Request, _ setting: Setting) -> MCPRefusal? {
        let hosts = header(request, "host")
        guard hosts.count <= 1 else { return .forbidden("a request has one Host header") }
        let authority = request.head.authority ?? hosts.first
        if setting.loopback, !BoardGuard<BasicRequestContext>.isLoopbackAuthority(authority) {
            return .forbidden("this server answers requests for 127.0.0.1 or localhost only")
        }
        guard let origin = header(request, "origin").first else { return nil }
        let own = ["http://", "https://"].map { $0 + (authority ?? "").lowercased() }
        return own.contains(origin.lowercased()) ? nil : .forbidden("requests from another site's pages are refused")
    }

    static func other(_ request: Request, _ setting: Setting) -> Response {
        let record: ServeToken
        switch caller(request, setting) {
        case .failure(let refusal): return refusal.response
        case .success(let found): record = found
        }
        if !isModern(request), request.method == .delete, let id = header(request, "mcp-session-id").first {
            // Only its own agent ends a session.
            let ended = setting.sessions.end(id, token: record)
            return ended ? Response(status: .ok) : MCPRefusal.sessionNotFound.response
        }
        // ws sends nothing of its own accord: no event stream to open (the SDK's client gives up on it at once).
        var response = Response(status: .methodNotAllowed)
        response.headers[.allow] = isModern(request) ? "POST" : "POST, DELETE"
        return response
    }
}
