import Foundation
import Testing
@testable import Providers

@Suite struct SigV4Tests {
    /// The worked example of AWS's documentation (IAM ListUsers, 2015-08-30), signature included.
    @Test func signsTheDocumentedExampleExactly() throws {
        var request = HTTPRequest(method: "GET", url: "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08",
                                  headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")])
        let signer = SigV4(credentials: AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: nil),
                           region: "us-east-1", service: "iam")
        signer.sign(&request, date: Date(timeIntervalSince1970: 1_440_938_160))
        let auth = try #require(request.headers.first { $0.0 == "Authorization" }?.1)
        #expect(auth == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")
    }

    @Test func queryEncodingFollowsRFC3986() {
        #expect(SigV4.encode("a b/c~d*") == "a%20b%2Fc~d%2A")
        #expect(SigV4.canonicalQuery("b=2&a=1&a=0") == "a=0&a=1&b=2")
    }
}
