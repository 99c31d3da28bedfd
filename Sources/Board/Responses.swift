import Foundation
import Hummingbird
import Operations
import WorkstreamKit

/// How the board answers: the same security headers on every response, and
/// the content types of its pages, files and JSON.
enum Responses {
    /// Scripts, styles, images and connections from the board itself only; no inline script
    /// or style, no plug-ins, no framing, forms only to the board.
    static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    /// Headers HTTPTypes has no names for: no referrer leaves the board, and no page frames it.
    static let extraHeaders: [(HTTPFields.Element.Name, String)] = [("Referrer-Policy", "no-referrer"), ("X-Frame-Options", "DENY")]
        .compactMap { name, value in HTTPFields.Element.Name(name).map { ($0, value) } }

    /// The security headers, for answers written below the router too (`ConnectionGuard`).
    static var securityFields: HTTPFields {
        var fields: HTTPFields = [.contentSecurityPolicy: contentSecurityPolicy, .xContentTypeOptions: "nosniff"]
        for (name, value) in extraHeaders { fields[name] = value }
        return fields
    }

    static func secured(_ response: Response) -> Response {
        var response = response
        for field in securityFields { response.headers[field.name] = field.value }
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }

    /// A refusal ends its connection (`ConnectionGuard` closes it once written): whoever was
    /// refused gets no second try on it, and nothing more it sends is read.
    static func closing(_ response: Response) -> Response {
        var response = response
        response.headers[.connection] = "close"
        return response
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func json(_ bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(bytes.count + 1)
        buffer.writeBytes(bytes)
        // As the command line prints it: one document and a newline.
        if bytes.last != 0x0A { buffer.writeInteger(UInt8(0x0A)) }
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: buffer))
    }

    static func jsonError(_ message: String, status: HTTPResponse.Status) -> Response {
        var text = "{\"error\":"
        // Slashes escaped, as these errors were always written.
        text += JSONValue.string(message).foundationText()
        text += "}"
        return json(Array(text.utf8), status: status)
    }

    static func text(_ text: String, status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }

    static func asset(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Who may read the board. On a loopback address, only requests that name a
/// loopback host (a page on another site cannot reach it by rebinding its own
/// name to 127.0.0.1). On any other address, only requests carrying the token
/// printed at start-up: as `Authorization: Bearer <token>`, or the `ws_token`
/// cookie, which opening the printed link sets (and then redirects to the same
/// page without the token in its address). Every response gets the security headers.
struct BoardGuard<Context: RequestContext>: RouterMiddleware {
    let token: String?

    static var cookieName: String { "ws_token" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // MCP's endpoint has rules of its own: an agent's token on every request, and POST (`MCPRoute`).
        if request.uri.path == MCPRoute.path { return try await next(request, context) }
        if let refusal = refusal(request) { return Responses.secured(Responses.closing(refusal)) }
        // The board is read-only: every route is a GET (and its HEAD), so another method is 405, naming those.
        guard request.method == .get || request.method == .head else {
            var refused = Responses.text("the board only reads: GET or HEAD", status: .methodNotAllowed)
            refused.headers[.allow] = "GET, HEAD"
            return Responses.secured(Responses.closing(refused))
        }
        do {
            return Responses.secured(try await next(request, context))
        } catch let error as HTTPError {
            return Responses.secured(Responses.text(error.status == .notFound ? "not found" : error.status.reasonPhrase, status: error.status))
        }
    }

    private func refusal(_ request: Request) -> Response? {
        // Which Host counts would be a guess (proxies and servers disagree): a request with two is refused.
        // The first became the request's authority; any other is still among the header fields.
        if request.headers.contains(where: { $0.name.canonicalName == "host" }) {
            return Responses.text("a request has one Host header", status: .badRequest)
        }
        if Self.isCrossSiteSubresource(request.headers) {
            return Responses.text("another site's page cannot load the board's pages: open them yourself", status: .forbidden)
        }
        guard let token else {
            return Self.isLoopbackAuthority(request.head.authority) ? nil
                : Responses.text("this board answers requests for 127.0.0.1 or localhost only", status: .misdirectedRequest)
        }
        if let presented = Self.bearer(request.headers[.authorization]) ?? request.cookies[Self.cookieName]?.value,
           Self.constantTimeEqual(presented, token) {
            return nil
        }
        let query = FormQuery(request.uri.query)
        if let presented = query["token"], Self.constantTimeEqual(presented, token), request.method == .get {
            var response = Response.redirect(to: Self.sameSiteLocation(request.uri.path), type: .normal)
            response.setCookie(Cookie(name: Self.cookieName, value: token, path: "/", httpOnly: true, sameSite: .strict))
            return response
        }
        return Responses.text("this board needs its token: open the link ws serve printed, or send 'Authorization: Bearer <token>'", status: .unauthorized)
    }

    /// A browser's request made by another site's page that is not a person following a link: an image, a
    /// script, a frame or a fetch (`Sec-Fetch-Site: cross-site` without `Sec-Fetch-Mode: navigate` to a
    /// document). A page anywhere could otherwise make the browser of someone running the board on loopback
    /// ask for graph after graph (red team: `<img src=http://127.0.0.1:8420/graph?focus=…>`), each a layout.
    /// Clients that are not browsers send no such header and are not affected.
    static func isCrossSiteSubresource(_ headers: HTTPFields) -> Bool {
        let value = { (name: String) in headers.first { $0.name.canonicalName == name }?.value.lowercased() }
        guard value("sec-fetch-site") == "cross-site" else { return false }
        let destination = value("sec-fetch-dest")
        return !(value("sec-fetch-mode") == "navigate" && (destination == nil || destination == "document"))
    }

    /// "127.0.0.1:8420", "localhost:8420", "[::1]:8420" (a request without a Host header is an HTTP/1.0 client on this machine's loopback).
    static func isLoopbackAuthority(_ authority: String?) -> Bool {
        guard let authority, !authority.isEmpty else { return true }
        var host = authority.lowercased()
        if host.hasPrefix("[") {
            host = String(host.dropFirst().prefix { $0 != "]" })
        } else if let colon = host.lastIndex(of: ":") {
            host = String(host[..<colon])
        }
        return BoardServer.isLoopback(host)
    }

    /// The path to redirect to, on this site whatever it holds: `//evil.example/` or `/\\evil.example/`
    /// would be read by a browser as another host, so leading slashes and backslashes become one slash.
    static func sameSiteLocation(_ path: String) -> String {
        "/" + path.drop { $0 == "/" || $0 == "\\" }
    }

    static func bearer(_ header: String?) -> String? {
        guard let header, header.lowercased().hasPrefix("bearer ") else { return nil }
        return String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
    }

    /// Compares every byte whatever the first difference, so timing tells nothing about the token.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool { ServeTokens.constantTimeEqual(a, b) }
}
