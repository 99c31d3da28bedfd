import Foundation
@testable import GitStore
import Testing

/// GitText trims without Foundation (its first use costs the one-append path more than the append):
/// checked against Foundation itself, the reference: its sets on every Unicode scalar, and its
/// `trimmingCharacters(in:)` on the near misses (zero-width space, BOM, NEL's neighbours) and mixes.
@Suite struct GitTextTests {
    /// Every scalar Foundation treats as whitespace or newline, and ones it does not that look alike.
    static let edges: [String] = ["\u{09}", "\u{0A}", "\u{0B}", "\u{0C}", "\u{0D}", "\u{20}", "\u{85}", "\u{A0}",
        "\u{1680}", "\u{2000}", "\u{2005}", "\u{200A}", "\u{200B}", "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}",
        "\u{3000}", "\u{FEFF}", "\u{180E}", "\u{84}", "\u{86}", "\u{1F}", "\"", "\r\n"]
    static let middles = ["", "x", "ref: refs/heads/main", "Zoë \"Ünï\" Name", "e\u{301}", "a b\tc", "\u{1F600}"]

    static var samples: [String] {
        var all: [String] = []
        for middle in middles {
            for edge in edges {
                all += [edge + middle, middle + edge, edge + middle + edge, edge + edge + middle + "\n"]
            }
        }
        return all + ["", " ", "\n\n", "\t \u{A0}\u{2028}"]
    }

    @Test func everyScalarIsTrimmedExactlyWhenFoundationsSetsHoldIt() {
        var differing: [String] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(scalar)
            if GitText.trimmed(text).isEmpty != CharacterSet.whitespacesAndNewlines.contains(scalar)
                || GitText.trimmedSpaces(text).isEmpty != CharacterSet.whitespaces.contains(scalar) {
                differing.append(String(value, radix: 16))
            }
        }
        #expect(differing.isEmpty, "scalars trimmed differently from Foundation: \(differing.prefix(20))")
    }

    @Test func trimmedMatchesFoundationsWhitespacesAndNewlines() {
        for sample in Self.samples {
            #expect(GitText.trimmed(sample) == sample.trimmingCharacters(in: .whitespacesAndNewlines),
                    "\(sample.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func trimmedSpacesMatchesFoundationsWhitespaces() {
        for sample in Self.samples {
            #expect(GitText.trimmedSpaces(sample) == sample.trimmingCharacters(in: .whitespaces),
                    "\(sample.unicodeScalars.map { String($0.value, radix: 16) })")
            let sub = sample[...]
            #expect(GitText.trimmedSpaces(sub) == sub.trimmingCharacters(in: .whitespaces))
        }
    }

    @Test func trimmedQuotesMatchesFoundationsQuoteSet() {
        for sample in Self.samples + ["\"\"", "\"a\"", "\"\"a\"\"b\""] {
            #expect(GitText.trimmedQuotes(sample) == sample.trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
        }
    }
}
