import Hummingbird
import NIOCore
import NIOHTTPTypes

/// Where the board decides a connection's end, below the router: a request with a body is
/// answered 413 and its connection closed before a byte of the body is read, and a connection
/// whose answer says `Connection: close` (every refusal, see `BoardGuard`) is closed once the
/// answer is written. Hummingbird would otherwise read a refused request's body to its end,
/// and a body that trickles in a byte at a time resets the idle timeout: 400 such connections
/// kept every authorised request waiting. The board is read-only, so it takes no request bodies; only
/// `POST /mcp` has one: of a declared length of at most `MCPRoute.maxBodyBytes`, or chunked (as a proxy may send
/// it), then cut off at that size and at `MCPRoute.bodyDeadlineSeconds` by the route.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Set once a request was refused here: whatever else arrives on the connection is dropped.
    private var refused = false
    private var closeAfterAnswer = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        if case .head(let request) = unwrapInboundIn(data), Self.hasBody(request), !Self.isMCPMessage(request) {
            refused = true
            refuse(context)
            return
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let response):
            if response.headerFields[.connection]?.lowercased() == "close" { closeAfterAnswer = true }
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            guard closeAfterAnswer else { return context.write(data, promise: promise) }
            context.writeAndFlush(data, promise: promise)
            context.close(promise: nil)
        }
    }

    /// A Content-Length other than 0, or any Transfer-Encoding (a chunked body has no length to check).
    static func hasBody(_ request: HTTPRequest) -> Bool {
        if request.headerFields[.transferEncoding] != nil { return true }
        return request.headerFields[values: .contentLength].contains { $0.trimmingCharacters(in: .whitespaces) != "0" }
    }

    /// `POST /mcp` with one Content-Length of at most `MCPRoute.maxBodyBytes`, or chunked without one.
    static func isMCPMessage(_ request: HTTPRequest) -> Bool {
        guard request.method == .post, request.path?.split(separator: "?", maxSplits: 1).first == "/mcp" else {
            return false
        }
        let lengths = request.headerFields[values: .contentLength]
        if let encoding = request.headerFields[.transferEncoding] {
            return encoding.lowercased() == "chunked" && lengths.isEmpty
        }
        guard lengths.count == 1, let length = Int(lengths[0].trimmingCharacters(in: .whitespaces)) else { return false }
        return (0...MCPRoute.maxBodyBytes).contains(length)
    }

    private func refuse(_ context: ChannelHandlerContext) {
        let text = ByteBuffer(string: "the board takes no request bodies; POST /mcp takes one of at most "
                              + "\(MCPRoute.maxBodyBytes) bytes, with a Content-Length\n")
        var fields = Responses.securityFields
        fields[.contentType] = "text/plain; charset=utf-8"
        fields[.contentLength] = String(text.readableBytes)
        fields[.connection] = "close"
        fields[.cacheControl] = "no-store"
        let head = HTTPResponse(status: .contentTooLarge, headerFields: fields)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(text)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        context.close(promise: nil)
    }
}
