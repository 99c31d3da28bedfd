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
    static func inline(_ s: String) -> String {
        let bytes = Array(s.utf8)
        guard bytes.indices.contains(where: { startsMarkup(bytes, at: $0) }) else { return s }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        for i in bytes.indices {
            if startsMarkup(bytes, at: i) { out.append(0x5C) }
            out.append(bytes[i])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// An optional one-line field, escaped.
    static func inline(_ s: String?) -> String? { s.map { inline($0) } }

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
