import CCurl
import CLibLoader
import Foundation

/// HTTPS through libcurl. One `CurlHandle` owns one easy handle and frees it
/// in deinit; every libcurl return code goes through `check`, which turns it
/// into an HTTPFailure carrying libcurl's own message.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(String, String)]
    public var body: [UInt8]
    public init(method: String, url: String, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.method = method; self.url = url; self.headers = headers; self.body = body
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    public var body: [UInt8]
    public var text: String { String(decoding: body, as: UTF8.self) }
}

public struct HTTPFailure: Error, CustomStringConvertible {
    public var description: String
}

/// libcurl opened (it is not linked at start-up, see CLibLoader) and its global
/// set-up done once, before any handle; nil when ready, else why not.
private let curlFailure: String? = {
    var message = [CChar](repeating: 0, count: 512)
    guard ws_load_libcurl(&message, message.count) == 0 else {
        let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return "libcurl could not be loaded (\(text)); install it (apt install libcurl4)"
    }
    return curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK ? nil : "libcurl could not be initialised"
}()

final class CurlHandle {
    let raw: UnsafeMutableRawPointer

    init() throws {
        if let curlFailure { throw HTTPFailure(description: curlFailure) }
        guard let h = curl_easy_init() else { throw HTTPFailure(description: "libcurl could not create a handle") }
        raw = h
    }

    deinit { curl_easy_cleanup(raw) }

    func check(_ code: CURLcode, _ what: String) throws {
        guard code == CURLE_OK else {
            throw HTTPFailure(description: "\(what): \(String(cString: curl_easy_strerror(code)))")
        }
    }
}

/// Collects a response body; libcurl calls back into it through an unmanaged pointer.
private final class BodySink {
    var bytes: [UInt8] = []
    let limit = 32 << 20
}

public enum HTTPClient {
    public static func send(_ request: HTTPRequest, timeout: Int = 60) throws -> HTTPResponse {
        let handle = try CurlHandle()
        let h = handle.raw
        try handle.check(ws_curl_setopt_string(h, CURLOPT_URL, request.url), "bad URL \(request.url)")
        try handle.check(ws_curl_setopt_long(h, CURLOPT_NOSIGNAL, 1), "setting NOSIGNAL")
        try handle.check(ws_curl_setopt_long(h, CURLOPT_TIMEOUT, timeout), "setting a timeout")
        try handle.check(ws_curl_setopt_long(h, CURLOPT_CONNECTTIMEOUT, 10), "setting a connect timeout")
        switch request.method {
        case "GET": break
        case "HEAD": try handle.check(ws_curl_setopt_long(h, CURLOPT_NOBODY, 1), "HEAD")
        default: try handle.check(ws_curl_setopt_string(h, CURLOPT_CUSTOMREQUEST, request.method), request.method)
        }
        var headers: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headers) }
        // libcurl would add "Expect: 100-continue" and a form content type of its own.
        for (k, v) in request.headers + [("Expect", "")] { headers = curl_slist_append(headers, "\(k): \(v)") }
        if !request.headers.contains(where: { $0.0.lowercased() == "content-type" }) { headers = curl_slist_append(headers, "Content-Type:") }
        try handle.check(ws_curl_setopt_slist(h, CURLOPT_HTTPHEADER, headers), "headers")
        let body = request.body
        return try body.withUnsafeBufferPointer { buf -> HTTPResponse in
            if !body.isEmpty || ["POST", "PUT"].contains(request.method) {
                try handle.check(ws_curl_setopt_long(h, CURLOPT_POSTFIELDSIZE, body.count), "body size")
                try handle.check(ws_curl_setopt_pointer(h, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: buf.baseAddress ?? UnsafePointer(bitPattern: 1))),
                                 "body")
            }
            let sink = BodySink()
            let box = Unmanaged.passRetained(sink)
            defer { box.release() }
            try handle.check(ws_curl_setopt_pointer(h, CURLOPT_WRITEDATA, box.toOpaque()), "write data")
            try handle.check(ws_curl_setopt_write_function(h, CURLOPT_WRITEFUNCTION) { ptr, size, count, user in
                guard let ptr, let user else { return 0 }
                let sink = Unmanaged<BodySink>.fromOpaque(user).takeUnretainedValue()
                let n = size * count
                guard sink.bytes.count + n <= sink.limit else { return 0 }
                ptr.withMemoryRebound(to: UInt8.self, capacity: n) { sink.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: n)) }
                return n
            }, "write function")
            try handle.check(curl_easy_perform(h), "\(request.method) \(Self.hostOf(request.url))")
            var status = 0
            try handle.check(ws_curl_getinfo_long(h, CURLINFO_RESPONSE_CODE, &status), "status")
            return HTTPResponse(status: status, body: sink.bytes)
        }
    }

    static func hostOf(_ url: String) -> String { URLComponents(string: url)?.host ?? url }
}
