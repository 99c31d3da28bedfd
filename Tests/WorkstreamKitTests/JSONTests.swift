import Foundation
import Testing
@testable import WorkstreamKit

/// The fast JSON writer must give exactly the bytes Foundation's
/// JSONSerialization gives (the canonical form hashes are computed over).
@Suite struct JSONTests {
    func foundation(_ object: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed]), as: UTF8.self)
    }

    @Test func canonicalTextMatchesFoundationOnVariedValues() throws {
        var rng = SystemRandomNumberGenerator()
        let alphabet: [Character] = ["a", "Z", "é", "€", "😀", "\"", "\\", "/", "\n", "\t", "\r", "\u{01}", "\u{1f}", "\u{7f}", " ", "\u{2028}", "0"]
        func randomString() -> String { String((0..<Int.random(in: 0...12, using: &rng)).map { _ in alphabet.randomElement(using: &rng) ?? "a" }) }
        for _ in 0..<300 {
            let object: [String: Any] = [
                "title": randomString(), "Title": randomString(), "estimate": Double(Int.random(in: 0...400, using: &rng)) / 4,
                "count": Int.random(in: -5000...5000, using: &rng), "flag": Bool.random(using: &rng),
                "list": [randomString(), randomString()], "nested": ["b": randomString(), "a": 0.1],
            ]
            let text = try foundation(object)
            let parsed = try JSONParser.parse(text)
            #expect(parsed.canonical == text)
            #expect(try JSONParser.parse(parsed.canonical) == parsed)
        }
    }

    /// The secret store, the trust list and the bench fixtures keep the bytes JSONSerialization gave them.
    @Test func foundationTextMatchesJSONSerializationCompactAndPretty() throws {
        var rng = SystemRandomNumberGenerator()
        let alphabet: [Character] = ["a", "Z", "é", "😀", "\"", "\\", "/", "\n", "\t", "\u{01}", "\u{7f}", " ", "_", "0"]
        func randomString() -> String { String((0..<Int.random(in: 0...10, using: &rng)).map { _ in alphabet.randomElement(using: &rng) ?? "a" }) }
        for _ in 0..<200 {
            var trusted: [String: Any] = [:]
            for _ in 0..<Int.random(in: 0...3, using: &rng) {
                trusted["/" + randomString()] = ["name": randomString(), "sha256": randomString(), "trustedAt": randomString()]
            }
            let object: [String: Any] = ["version": 1, "trusted": trusted, "list": [randomString()], "empty": [Any](),
                                         randomString(): [randomString(): randomString()]]
            let parsed = try JSONParser.parse(try foundation(object))
            for pretty in [false, true] {
                let options: JSONSerialization.WritingOptions = pretty ? [.sortedKeys, .prettyPrinted] : [.sortedKeys]
                let theirs = String(decoding: try JSONSerialization.data(withJSONObject: object, options: options), as: UTF8.self)
                #expect(parsed.foundationText(pretty: pretty) == theirs)
            }
        }
    }

    @Test func numbersPrintAsFoundationPrintsThem() throws {
        for d in [8.0, 2.5, 0.1, 1e21, 1.5e-7, 0.5, 1234567.25, 100.0, 1e15, 1e16, 123456789012.5, 0.25] {
            let theirs = try foundation(d)
            #expect(JSONValue.double(d).canonical == theirs, "\(d): \(JSONValue.double(d).canonical) vs \(theirs)")
        }
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\":1}x", "\"\\ud800\"", "nul", "01x", "{\"a\" 1}", "\"\u{01}\"", "[1e999]",
                      "01", "[-01]", "{\"id\":007}"])
    func malformedTextIsRejected(text: String) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(text) }
    }

    /// Numbers that come back as they were sent: "0" and "10" as integers, "-0" as the double it is (an MCP request's
    /// id must be echoed byte for byte, and -0 read as the integer 0 would not be).
    @Test func zeroAndNegativeZero() throws {
        #expect(try JSONParser.parse("0") == .int(0))
        #expect(try JSONParser.parse("[10,0.5]") == .array([.int(10), .double(0.5)]))
        guard case .double(let d) = try JSONParser.parse("-0") else { Issue.record("-0 is not a double"); return }
        #expect(d == 0 && d.sign == .minus)
    }
}
