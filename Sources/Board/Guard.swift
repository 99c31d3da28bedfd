import Foundation
import Hummingbird

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
        if let refusal = refusal(request) { return Responses.secured(refusal) }
        do {
            return Responses.secured(try await next(request, context))
        } catch let error as HTTPError {
            return Responses.secured(Responses.text(error.status == .notFound ? "not found" : error.status.reasonPhrase, status: error.status))
        }
    }

    private func refusal(_ request: Request) -> Response? {
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
            var response = Response.redirect(to: request.uri.path, type: .normal)
            response.setCookie(Cookie(name: Self.cookieName, value: token, path: "/", httpOnly: true, sameSite: .strict))
            return response
        }
        return Responses.text("this board needs its token: open the link ws serve printed, or send 'Authorization: Bearer <token>'", status: .unauthorized)
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

    static func bearer(_ header: String?) -> String? {
        guard let header, header.lowercased().hasPrefix("bearer ") else { return nil }
        return String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
    }

    /// Compares every byte whatever the first difference, so timing tells nothing about the token.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}
