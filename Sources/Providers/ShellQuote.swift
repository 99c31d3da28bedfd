import Foundation

/// The one quoting path for every command ws prints or runs (docs/providers.md,
/// "Commands that run as printed"): POSIX-shell words that keep any value
/// whole — spaces, quotes, `$`, backticks, `${`, newlines, braces, an empty
/// value. A value is left bare only when every character is plainly safe, and
/// otherwise single-quoted (a `'` inside becomes `'\''`); a value is never put
/// inside double quotes, where `$`, backticks and `\` would still be live.
public enum ShellQuote {
    /// Characters that mean nothing to a POSIX shell anywhere in a word (after the command name).
    static let safe = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789@%+=:,./_-")

    public static func quote(_ s: String) -> String {
        if !s.isEmpty && s.unicodeScalars.allSatisfy({ safe.contains($0) }) { return s }
        return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    public static func join(_ words: [String]) -> String { words.map(quote).joined(separator: " ") }

    /// One command line of words that may hold placeholders.
    public static func line(_ words: [ShellWord]) -> String { words.map(\.rendered).joined(separator: " ") }

    /// The name a placeholder gets as a shell variable: `password` → `PASSWORD`, `auth-token` → `AUTH_TOKEN`.
    public static func variableName(_ key: String) -> String {
        var name = String(key.uppercased().unicodeScalars.map { scalar -> Character in
            CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789").contains(scalar) ? Character(scalar) : "_"
        })
        if name.first.map({ $0.isNumber }) ?? true { name = "_" + name }
        return name
    }

    /// The line at the top of a printed plan that stops it, with a message, when the variable is not set:
    /// `: "${PASSWORD:?set PASSWORD to the master password}"`.
    public static func declaration(_ variable: String, purpose: String) -> String {
        // Inside "${…:?word}" the word is expanded: only characters that expand to themselves are kept.
        // No quote: bash reads a ' inside a double-quoted ${…} as opening a quotation.
        let keep = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: " .,()/_-"))
        let text = String(String.UnicodeScalarView(purpose.unicodeScalars.filter { keep.contains($0) && $0.isASCII }))
        return ": \"${\(variable):?set \(variable) to \(text)}\""
    }
}

/// One shell word made of literal text and variable references: `--password=` + `$PASSWORD`
/// prints as `--password="$PASSWORD"`. Literal text goes through `ShellQuote.quote`; a variable
/// is the only thing ever written inside double quotes.
public struct ShellWord: Sendable, ExpressibleByStringLiteral, Equatable {
    public enum Part: Sendable, Equatable {
        case text(String)
        case variable(String)
    }

    public var parts: [Part]

    public init(_ parts: [Part]) { self.parts = parts }
    public init(stringLiteral value: String) { parts = [.text(value)] }
    public static func text(_ s: String) -> ShellWord { ShellWord([.text(s)]) }
    public static func variable(_ name: String) -> ShellWord { ShellWord([.variable(name)]) }

    /// Literal text followed by this word (`"--region=" + region`).
    public static func + (lhs: String, rhs: ShellWord) -> ShellWord { ShellWord([.text(lhs)] + rhs.parts) }

    public var rendered: String {
        var merged: [Part] = []
        for part in parts {
            if case .text(let t) = part, case .text(let before)? = merged.last { merged[merged.count - 1] = .text(before + t); continue }
            if case .text(let t) = part, t.isEmpty { continue }
            merged.append(part)
        }
        if merged.isEmpty { return "''" }
        return merged.map { part -> String in
            switch part {
            case .text(let t): return ShellQuote.quote(t)
            case .variable(let v): return "\"$\(v)\""
            }
        }.joined()
    }
}
