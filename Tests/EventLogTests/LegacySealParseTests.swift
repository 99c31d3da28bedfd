import Foundation
import Testing
@testable import EventLog

/// `LegacySeal.parse` reads the seal as bytes; the reference is the Character-level reading it replaced.
@Suite struct LegacySealParseTests {
    static func reference(_ text: String) -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, parts[1].utf8.count == 64 else { continue }
            out[String(parts[0]), default: []].insert(String(parts[1]))
        }
        return out
    }

    @Test func theByteReadingFindsWhatTheCharacterReadingFound() {
        let digest = String(repeating: "ab", count: 32)
        let other = String(repeating: "0f", count: 32)
        let lines = [
            "W1 \(digest)", "W2 \(other)", "W1 \(other)", "  W3   \(digest)  ", "", "W4 \(digest) extra",
            "W5 \(digest.dropLast())", "é-ü \(digest)", "W6\t\(digest)", "W7 \(digest)x", "lonely",
            String(repeating: "long-id-", count: 20) + " " + other,
        ]
        var texts: [String] = []
        // Every line alone, and the lines in several orders with blank lines and no final line break.
        for line in lines { texts.append(line + "\n") }
        for shift in 0..<lines.count {
            let turned = Array(lines[shift...] + lines[..<shift])
            texts.append(turned.joined(separator: shift % 2 == 0 ? "\n" : "\n\n"))
        }
        var found = 0
        for text in texts {
            let parsed = LegacySeal.parse(text)
            #expect(parsed == Self.reference(text), "\(text.debugDescription)")
            found += parsed.count
        }
        #expect(LegacySeal.parse(lines.joined(separator: "\n"))["W1"] == [digest, other])
        #expect(found > texts.count, "the texts hold sealed ids")
    }
}
