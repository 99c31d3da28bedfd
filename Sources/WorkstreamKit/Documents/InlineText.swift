extension Doc {
    /// ASCII punctuation that starts Markdown inline syntax wherever it stands: escapes, code
    /// spans, links and images, and a heading's closing `#`s.
    static let alwaysEscaped: Set<UInt8> = Set("\\`[]#".utf8)

    /// A title, a name or a one-line field as literal text where a document renders it as
    /// Markdown (a heading, a table cell, a list item): each character that could start markup is
    /// backslash-escaped (CommonMark), so `[click](https://…)` shows as typed and is no link,
    /// `**b**` is no emphasis, `<script>` is no HTML and `&amp;` no entity. Characters that start
    /// nothing where they stand stay as they are (`a_b`, `a * b`, `R&D`, `x -> y`, `a < b`), so ordinary
    /// titles keep their bytes. Pipes are left to `cell`.
    ///
    /// At its start, where a list item's text begins a block, the field is text too: leading blanks
    /// (four would make indented code) are dropped, and a quote, a list marker or a thematic break
    /// (`> x`, `- x`, `+ x`, `* x`, `1. x`, `2) x`, `---`) gets its marker escaped.
    static func inline(_ s: String) -> String {
        let bytes = Array(s.utf8.drop { $0 == 0x20 || $0 == 0x09 })
        let blockMarker = blockMarkerIndex(bytes)
        let trimmed = bytes.count != s.utf8.count
        let markup = bytes.indices.contains { startsMarkup(bytes, at: $0) }
        guard blockMarker != nil || trimmed || markup else { return s }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        for i in bytes.indices {
            if i == blockMarker || startsMarkup(bytes, at: i) { out.append(0x5C) }
            out.append(bytes[i])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// An optional one-line field, escaped.
    static func inline(_ s: String?) -> String? { s.map { inline($0) } }

    /// Where a line starting with these bytes begins a block quote, a list item or a thematic break:
    /// the index of the character whose escape makes it a paragraph (CommonMark 4.1, 5.1, 5.2).
    private static func blockMarkerIndex(_ bytes: [UInt8]) -> Int? {
        guard let first = bytes.first else { return nil }
        if "->+*=".utf8.contains(first) { return 0 }
        let digits = bytes.prefix { $0 >= 0x30 && $0 <= 0x39 }.count
        guard digits > 0, digits <= 9, digits < bytes.count,
              bytes[digits] == UInt8(ascii: ".") || bytes[digits] == UInt8(ascii: ")") else { return nil }
        return digits + 1 == bytes.count || isSpace(bytes[digits + 1]) ? digits : nil
    }

    private static func startsMarkup(_ bytes: [UInt8], at i: Int) -> Bool {
        let b = bytes[i]
        if alwaysEscaped.contains(b) { return true }
        let next = i + 1 < bytes.count ? bytes[i + 1] : 0
        let previous = i > 0 ? bytes[i - 1] : 0
        switch b {
        case UInt8(ascii: "*"), UInt8(ascii: "~"):
            // With white space (or nothing) on both sides, a delimiter can neither open nor close emphasis.
            return !(isSpace(previous) && isSpace(next))
        case UInt8(ascii: "_"):
            // Nor between two letters or digits, for an underscore.
            let inWord = isASCIIAlphanumeric(previous) && isASCIIAlphanumeric(next)
            return !(isSpace(previous) && isSpace(next)) && !inWord
        case UInt8(ascii: "<"):
            // A tag, a closing tag, a comment, a declaration, a processing instruction or an autolink.
            return isASCIILetter(next) || "/!?".utf8.contains(next)
        case UInt8(ascii: "&"):
            // An entity (`&amp;`: letters and digits, then `;`) or a numeric character reference (`&#35;`).
            if next == UInt8(ascii: "#") { return true }
            let name = bytes[(i + 1)...].prefix(while: isASCIIAlphanumeric)
            guard !name.isEmpty, name.count <= 32, name.endIndex < bytes.count else { return false }
            return bytes[name.endIndex] == UInt8(ascii: ";")
        default:
            return false
        }
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0 || b == 0x20 || b == 0x09 || b == 0x0A }
    private static func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    private static func isASCIIAlphanumeric(_ b: UInt8) -> Bool { isASCIILetter(b) || (b >= 0x30 && b <= 0x39) }
}
