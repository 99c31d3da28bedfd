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

    @Test func numbersPrintAsFoundationPrintsThem() throws {
        for d in [8.0, 2.5, 0.1, 1e21, 1.5e-7, 0.5, 1234567.25, 100.0, 1e15, 1e16, 123456789012.5, 0.25] {
            let theirs = try foundation(d)
            #expect(JSONValue.double(d).canonical == theirs, "\(d): \(JSONValue.double(d).canonical) vs \(theirs)")
        }
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\":1}x", "\"\\ud800\"", "nul", "01x", "{\"a\" 1}", "\"\u{01}\"", "[1e999]"])
    func malformedTextIsRejected(text: String) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(text) }
    }
}
