import Foundation
import Testing
@testable import EventLog

/// `LegacySeal.parse` reads the seal as bytes; the reference is the Character-level reading it replaced.
@Suite struct LegacySealParseTests {
    static let digest = String(repeating: "ab", count: 32)
    static let other = String(repeating: "0f", count: 32)

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
        let (digest, other) = (Self.digest, Self.other)
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

    /// Reading only some ids finds for each exactly what the whole reading found: ids of other lengths, blank and
    /// odd lines, a non-ASCII id, and one Swift equates with an ASCII id of another length (KELVIN SIGN, "K").
    @Test func readingSomeIdsFindsWhatTheWholeReadingFoundForThem() {
        let (digest, other) = (Self.digest, Self.other)
        let text = [
            "W1 \(digest)", "W10 \(other)", "  W1   \(other)  ", "", "K \(digest)", "\u{212A} \(other)",
            "é-ü \(digest)", "e\u{301}-ü \(other)", "W2 \(digest) extra", "W3", "lonely",
            "3a9f3c4e-0000-4000-8000-000000000001 \(digest)",
        ].joined(separator: "\n")
        let whole = LegacySeal.parse(text)
        let wanted: [Set<String>] = [
            [], ["W1"], ["W1", "W10"], ["K"], ["\u{212A}"], ["é-ü"], ["W2", "W3", "lonely", "absent"],
            ["3a9f3c4e-0000-4000-8000-000000000001", "W1"], Set(whole.keys),
        ]
        for ids in wanted {
            #expect(LegacySeal.parse(text, only: ids) == whole.filter { ids.contains($0.key) }, "\(ids)")
        }
        #expect(LegacySeal.parse(text, only: ["K"])["K"] == [digest, other])
    }
}
