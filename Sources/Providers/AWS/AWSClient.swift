import Crypto
import Foundation
import WorkstreamKit

/// One signed call to an AWS API, and AWS's error answer as a typed error.
struct AWSClient {
    let config: AWSConfig

    struct APIError: Error {
        var status: Int
        var code: String
        var message: String
        var failure: ProviderFailure {
            ProviderFailure("AWS said \(code)" + (message.isEmpty ? "" : ": \(message)") + " (HTTP \(status))",
                            retryable: status >= 500 || code.contains("Throttl"))
        }
    }

    func send(_ service: String, _ request: HTTPRequest, signingName: String? = nil) throws(ProviderFailure) -> HTTPResponse {
        var request = request
        SigV4(credentials: config.credentials, region: config.region, service: signingName ?? service).sign(&request, date: Date())
        do { return try HTTPClient.send(request) } catch {
            throw ProviderFailure("aws: \(error); is the endpoint \(config.endpoint(service).url) reachable?", retryable: true)
        }
    }

    /// The Query APIs (RDS, ElastiCache): a form POST, an XML answer.
    func query(_ service: String, action: String, version: String, _ params: [(String, String)]) throws(ProviderFailure) -> Result<String, APIError> {
        let body = SigV4.form([("Action", action), ("Version", version)] + params)
        let r = try send(service, HTTPRequest(method: "POST", url: config.endpoint(service).url + "/",
                                              headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")], body: body))
        if r.status < 300 { return .success(r.text) }
        return .failure(APIError(status: r.status, code: XML.first("Code", in: r.text) ?? "HTTP \(r.status)", message: XML.first("Message", in: r.text) ?? ""))
    }

    /// The JSON 1.1 APIs (Secrets Manager).
    func json(_ service: String, target: String, _ body: JSONValue) throws(ProviderFailure) -> Result<JSONValue, APIError> {
        let r = try send(service, HTTPRequest(method: "POST", url: config.endpoint(service).url + "/",
                                              headers: [("Content-Type", "application/x-amz-json-1.1"), ("X-Amz-Target", target)],
                                              body: Array(body.canonical.utf8)))
        let parsed = try? JSONParser.parse(r.text)
        if r.status < 300 { return .success(parsed ?? .object([:])) }
        var code = "HTTP \(r.status)", message = ""
        if case .object(let o)? = parsed {
            code = (o["__type"]?.string ?? code).split(separator: "#").last.map(String.init) ?? code
            message = o["message"]?.string ?? o["Message"]?.string ?? ""
        }
        return .failure(APIError(status: r.status, code: code, message: message))
    }

    /// S3's REST API; path-style against a custom endpoint (moto, MinIO), virtual-hosted against AWS.
    func s3(_ method: String, bucket: String, subresource: String? = nil, body: [UInt8] = [], md5: Bool = false) throws(ProviderFailure) -> Result<HTTPResponse, APIError> {
        let (endpoint, custom) = config.endpoint("s3")
        let base = custom ? "\(endpoint)/\(bucket)" : "https://\(bucket).s3.\(config.region).amazonaws.com"
        var headers: [(String, String)] = []
        if !body.isEmpty { headers.append(("Content-Type", "application/xml")) }
        if md5 { headers.append(("Content-MD5", Data(Insecure.MD5.hash(data: body)).base64EncodedString())) }
        let url = base + "/" + (subresource.map { "?\($0)" } ?? "")
        let r = try send("s3", HTTPRequest(method: method, url: url, headers: headers, body: body))
        if r.status < 300 { return .success(r) }
        return .failure(APIError(status: r.status, code: XML.first("Code", in: r.text) ?? (r.status == 404 ? "NotFound" : "HTTP \(r.status)"),
                                 message: XML.first("Message", in: r.text) ?? ""))
    }
}

/// Just enough XML for AWS answers: the text of the first element of a name.
enum XML {
    static func first(_ tag: String, in text: String) -> String? {
        guard let open = text.range(of: "<\(tag)>"), let close = text[open.upperBound...].range(of: "</\(tag)>") else {
            return nil
        }
        return unescape(String(text[open.upperBound..<close.lowerBound]))
    }

    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&apos;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }
}
