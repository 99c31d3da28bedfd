import Crypto
import Foundation
import Hummingbird
import MCPFrontEnd
import Operations
import WorkstreamKit

/// A request `/mcp` refuses before any tool runs: a JSON-RPC error (the request's id where it has one) with the
/// HTTP status the SDK gives it, or the bare status where the SDK sends no body.
enum MCPRefusal: Error {
    case unauthorized(String)
    case invalid(id: JSONValue, code: Int, String, data: JSONValue? = nil, status: HTTPResponse.Status = .badRequest)
    case missingSession, sessionNotFound, busy
    case limited(String, retryAfter: Int)
    case slowBody
    case forbidden(String)

    var response: Response {
        switch self {
        case .unauthorized(let message):
            var response = Self.error(id: .null, code: -32600, message: "Unauthorized: \(message)",
                                      status: .unauthorized)
            response.headers[.wwwAuthenticate] = "Bearer realm=\"ws\""
            // Whoever has no token gets no second try on this connection (`ConnectionGuard` closes it).
            return Responses.closing(response)
        case let .invalid(id, code, message, data, status):
            return Self.error(id: id, code: code, message: message, data: data, status: status)
        case .missingSession:
            return Self.error(id: .null, code: -32600, message: "Bad Request: Missing session ID", status: .badRequest)
        case .sessionNotFound:
            return Self.error(id: .null, code: -32600, message: "Session not found", status: .notFound)
        case .limited(let message, let retryAfter):
            var response = Self.error(id: .null, code: -32000, message: "Too Many Requests: \(message)",
                                      status: .tooManyRequests)
            response.headers[.retryAfter] = String(retryAfter)
            return response
        case .forbidden(let message):
            let refused = Self.error(id: .null, code: -32600, message: "Forbidden: \(message)", status: .forbidden)
            return Responses.closing(refused)
        case .slowBody:
            let message = "the request's body did not arrive within \(MCPRoute.bodyDeadlineSeconds) s; it was not read"
            return Responses.closing(Self.error(id: .null, code: -32600, message: message, status: .requestTimeout))
        case .busy:
            let message = "the server is busy: \(MCPWork.slotCount) calls run and \(MCPWork.waitingLimit) wait; "
                + "try again shortly"
            var response = Self.error(id: .null, code: -32603, message: message, status: .serviceUnavailable)
            response.headers[.retryAfter] = "1"
            return response
        }
    }

    static func error(id: JSONValue, code: Int, message: String, data: JSONValue? = nil,
                      status: HTTPResponse.Status) -> Response {
        var error: [String: JSONValue] = ["code": .int(Int64(code)), "message": .string(message)]
        if let data { error["data"] = data }
        let body = JSONValue.object(["jsonrpc": .string("2.0"), "id": id, "error": .object(error)])
        var response = Responses.json(Array(body.canonical.utf8), status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }
}

/// The sessions 2025-11-25 clients open with `initialize`, kept by no server: an id is 128 random bits and an
/// HMAC of them under a key derived from the token's digest, so any server that knows the token (every server
/// on one PostgreSQL store) can check it, and a session is only ever good with the token that opened it. The
/// token's holder could make such ids itself, which gives it nothing its token does not. Sessions hold no state
/// of the protocol (every tool call opens the workspace anew). DELETE ends one on the server that answers it
/// (the last `limit` ended are remembered there); a client sent to another server after that is still served.
final class MCPSessions: @unchecked Sendable {
    static let limit = 10_000
    private let lock = NSLock()
    private var ended: Set<String> = []
    private var endedOrder: [String] = []

    static func key(_ token: ServeToken) -> SymmetricKey {
        SymmetricKey(data: SHA256.hash(data: Data(("ws-mcp-session\u{0}" + token.digest).utf8)))
    }

    static func mac(_ random: String, _ token: ServeToken) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(random.utf8), using: key(token))
            .prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    func begin(token: ServeToken) -> String {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        return random + "-" + Self.mac(random, token)
    }

    /// Nil when `id` is a session this token opened and nobody ended here; else why the request is refused.
    func check(_ id: String?, token: ServeToken) -> MCPRefusal? {
        guard let id else { return .missingSession }
        let parts = id.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, parts[0].count == 32, ServeTokens.constantTimeEqual(parts[1], Self.mac(parts[0], token)),
              !lock.withLock({ ended.contains(id) }) else { return .sessionNotFound }
        return nil
    }

    func end(_ id: String, token: ServeToken) -> Bool {
        guard check(id, token: token) == nil else { return false }
        lock.withLock {
            if endedOrder.count >= Self.limit, let oldest = endedOrder.first { endedOrder.removeFirst(); ended.remove(oldest) }
            ended.insert(id)
            endedOrder.append(id)
        }
        return true
    }
}

/// Where tool calls run: each on a thread of its own (they block on the log, git and checks, never on Swift's
/// cooperative pool nor on Dispatch's two workers, which the board's log queue needs), at most `slotCount` at
/// once and `waitingLimit` more waiting; past that the server says it is busy (503) instead of queuing without end.
enum MCPWork {
    /// Four times an agent's default allowance in flight (`MCPLimits`): one agent alone cannot take every slot.
    static let slotCount = 16
    static let waitingLimit = 64
    private static let slots = WorkSlots(slotCount)
    nonisolated(unsafe) private static var admitted = 0
    private static let lock = NSLock()

    /// The answer to one message, or nil when the server is busy.
    static func run(_ message: String, caller: MCPCaller) async -> JSONValue? {
        let admit = lock.withLock {
            guard admitted < slotCount + waitingLimit else { return false }
            admitted += 1
            return true
        }
        guard admit else { return nil }
        await slots.acquire()
        let answer = await withCheckedContinuation { (continuation: CheckedContinuation<JSONValue?, Never>) in
            Thread { continuation.resume(returning: MCPServer(caller: caller).answer(message)) }.start()
        }
        await slots.release()
        lock.withLock { admitted -= 1 }
        return answer
    }
}
