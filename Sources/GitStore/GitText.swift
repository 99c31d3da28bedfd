/// Trimming for the small text files git keeps (HEAD, refs, `commondir`, `gitdir:`, config lines),
/// without Foundation: `trimmingCharacters(in:)` on Linux bridges to NSString and CFCharacterSet,
/// and its first use in a process cost 1.8 M instructions of the one-append path's 21.5 M
/// (callgrind, static release build), more than reading the files.
/// The sets are Foundation's own on Linux (CFCharacterSet's): its documented definitions plus U+200B, the
/// zero-width space, which CoreFoundation still counts as a space; GitTextTests compare all of Unicode.
enum GitText {
    /// `text.trimmingCharacters(in: .whitespacesAndNewlines)`: Unicode Z*, U+0009-U+000D, U+0085 and U+200B.
    static func trimmed<S: StringProtocol>(_ text: S) -> String {
        trimmed(text) { isSpace($0) || isNewline($0) }
    }

    /// `text.trimmingCharacters(in: .whitespaces)`: Unicode Zs, U+0009 and U+200B.
    static func trimmedSpaces<S: StringProtocol>(_ text: S) -> String {
        trimmed(text) { $0.value == 0x09 || $0.value == 0x200B || $0.properties.generalCategory == .spaceSeparator }
    }

    /// `text.trimmingCharacters(in: CharacterSet(charactersIn: "\""))`.
    static func trimmedQuotes<S: StringProtocol>(_ text: S) -> String {
        trimmed(text) { $0 == "\"" }
    }

    private static func trimmed<S: StringProtocol>(_ text: S, _ trims: (Unicode.Scalar) -> Bool) -> String {
        let scalars = Substring(text).unicodeScalars
        guard let first = scalars.firstIndex(where: { !trims($0) }),
              let last = scalars.lastIndex(where: { !trims($0) }) else { return "" }
        return String(Substring(scalars[first...last]))
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value == 0x09 || scalar.value == 0x200B { return true }
        switch scalar.properties.generalCategory {
        case .spaceSeparator, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    private static func isNewline(_ scalar: Unicode.Scalar) -> Bool {
        (0x0A...0x0D).contains(scalar.value) || scalar.value == 0x85
    }
}
