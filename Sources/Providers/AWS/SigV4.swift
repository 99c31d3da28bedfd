import Crypto
import Foundation

/// AWS Signature Version 4: the canonical request, the string to sign and the
/// derived key, as https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
/// describes. Pure: the clock is an argument.
struct SigV4 {
    let credentials: AWSCredentials
    let region: String
    let service: String

    /// Adds `x-amz-date`, `x-amz-content-sha256`, the session token and `Authorization` to `request`.
    func sign(_ request: inout HTTPRequest, date: Date) {
        let stamp = Self.stamp(date)
        let day = String(stamp.prefix(8))
        let payloadHash = Self.hex(SHA256.hash(data: request.body))
        guard let url = URLComponents(string: request.url), let host = url.host else { return }
        let hostHeader = url.port.map { "\(host):\($0)" } ?? host
        request.headers.append(("x-amz-date", stamp))
        // S3 wants the payload hash as a header too; the other services take it from the canonical request alone.
        if service == "s3" { request.headers.append(("x-amz-content-sha256", payloadHash)) }
        if let token = credentials.sessionToken { request.headers.append(("x-amz-security-token", token)) }
        var canonicalHeaders: [(String, String)] = [("host", hostHeader)]
        for (k, v) in request.headers { canonicalHeaders.append((k.lowercased(), v.trimmingCharacters(in: .whitespaces))) }
        canonicalHeaders.sort { $0.0 < $1.0 }
        let signedHeaders = canonicalHeaders.map(\.0).joined(separator: ";")
        let path = url.percentEncodedPath.isEmpty ? "/" : url.percentEncodedPath
        let canonical = [
            request.method,
            service == "s3" ? path : Self.encodePath(path),
            Self.canonicalQuery(url.percentEncodedQuery),
            canonicalHeaders.map { "\($0.0):\($0.1)\n" }.joined(),
            signedHeaders,
            payloadHash,
        ].joined(separator: "\n")
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let toSign = ["AWS4-HMAC-SHA256", stamp, scope, Self.hex(SHA256.hash(data: Data(canonical.utf8)))].joined(separator: "\n")
        var key = SymmetricKey(data: Data(("AWS4" + credentials.secretAccessKey).utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        let signature = Self.hex(HMAC<SHA256>.authenticationCode(for: Data(toSign.utf8), using: key))
        request.headers.append(("Authorization",
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyId)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"))
    }

    static func stamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return f.string(from: date)
    }

    static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// RFC 3986 encoding: only unreserved characters stay as they are.
    static func encode(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(Character(UnicodeScalar(b)))
            default: out += String(format: "%%%02X", b)
            }
        }
        return out
    }

    /// Services other than S3 want each path segment encoded a second time.
    static func encodePath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { encode(String($0)) }.joined(separator: "/")
    }

    static func canonicalQuery(_ query: String?) -> String {
        guard let query, !query.isEmpty else { return "" }
        return query.split(separator: "&").map { pair -> (String, String) in
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map { String($0).removingPercentEncoding ?? String($0) }
            return (encode(kv[0]), encode(kv.count > 1 ? kv[1] : ""))
        }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// A Query API body (RDS, ElastiCache): `Action=…&Version=…&…`, encoded the same way.
    static func form(_ params: [(String, String)]) -> [UInt8] {
        Array(params.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&").utf8)
    }
}
