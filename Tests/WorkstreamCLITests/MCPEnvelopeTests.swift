import Foundation
import Testing

/// The JSON-RPC envelope is checked before anything is done: an id of null, a version other than "2.0"
/// (or none), a key given twice, an id ws could not echo exactly: each is an error, nothing is recorded.
@Suite struct MCPEnvelopeTests {
    static func call(_ head: String, _ note: String) -> String {
        head + #","method":"tools/call","params":{"name":"log","arguments":{"id":"A1","message":""# + note + #""}}}"#
    }

    @Test func aMalformedEnvelopeIsAnInvalidRequestAndRecordsNothing() throws {
        let s = try Sandbox.planned()
        let lines = [
            #"{"jsonrpc":"2.0","id":null,"method":"ping"}"#,
            Self.call(#"{"jsonrpc":"2.0","id":null"#, "zq null id"),
            Self.call(#"{"jsonrpc":"1.0","id":3"#, "zq rpc one"),
            Self.call(#"{"id":4"#, "zq no version"),
            #"{"jsonrpc":"2.0","id":5,"method":"ping","method":"tools/list"}"#,
            Self.call(#"{"jsonrpc":"2.0","id":6,"params":{},"id":60"#, "zq twice id"),
            #"{"jsonrpc":"2.0","id":123456789012345678901234567890,"method":"ping"}"#,
            #"{"jsonrpc":"2.0","id":8,"method":"ping"}"#,
        ]
        let r = try s.ws(["mcp"], stdin: lines.joined(separator: "\n") + "\n")
        #expect(r.code == 0, "\(r.stderr)")
        let answers = r.stdout.split(separator: "\n").map(String.init)
        #expect(answers.count == lines.count, "one answer a line: \(r.stdout)")
        let parsed = try answers.map { try #require(try json($0) as? [String: Any]) }
        for (i, answer) in parsed.enumerated().dropLast() {
            let code = (answer["error"] as? [String: Any])?["code"] as? Int
            #expect(code == -32600 || code == -32700, "line \(i + 1) was not refused: \(answers[i])")
        }
        #expect(parsed.first?["id"] is NSNull && parsed.dropFirst().first?["id"] is NSNull, "\(answers.prefix(2))")
        #expect(parsed.dropFirst(2).first?["id"] as? Int == 3 && parsed.dropFirst(3).first?["id"] as? Int == 4)
        #expect(!r.stdout.contains("e+29"), "an id came back other than it was sent: \(r.stdout)")
        #expect(parsed.last?["id"] as? Int == 8 && parsed.last?["result"] != nil, "\(answers.last ?? "")")
        #expect(!(try s.ws("export").check().stdout.contains("zq ")), "a refused call was recorded")
    }
}
