import Foundation
import Hummingbird
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

    static func secured(_ response: Response) -> Response {
        var response = response
        response.headers[.contentSecurityPolicy] = contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        for (name, value) in extraHeaders { response.headers[name] = value }
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
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
        text += jsonString(message)
        text += "}"
        return json(Array(text.utf8), status: status)
    }

    static func text(_ text: String, status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }

    static func asset(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func jsonString(_ s: String) -> String {
        let data = (try? JSONEncoder().encode(s)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Encoded as `Output.json` does on the command line, so the bytes match `--json`.
    static func encoded<T: Encodable>(_ value: T) throws -> [UInt8] { try CanonicalJSON.encode(value) }
}

