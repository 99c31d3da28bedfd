import ArgumentParser
import Foundation
import Operations
import Providers
import WorkstreamKit

/// How `ws env` writes one variable. Either way a value is exactly one line: a reader
/// that takes each line as a variable (`docker --env-file`) must never find a second
/// `NAME=value` inside one artifact's value.
enum EnvFormat: String, ExpressibleByArgument, CaseIterable {
    /// For `source`/`eval` by sh, bash, zsh: single quotes, or `$'…'` with escapes when the value holds a line break.
    case shell
    /// For `docker --env-file` and readers like it: `NAME=value` verbatim, nothing unquoted or unescaped by them.
    case envFile = "env-file"

    func line(name: String, value: String, of id: String) throws -> String {
        let oneLine = !value.unicodeScalars.contains(where: Text.isControl)
        switch self {
        case .shell:
            return "\(name)=" + (oneLine ? ShellQuote.quote(value) : Self.dollarQuoted(value))
        case .envFile:
            // Tabs are text to these readers; a line break (or a Unicode line separator) would end the line.
            guard !value.unicodeScalars.contains(where: { Text.isControl($0) && $0 != "\t" }) else {
                // The value itself may be secret: the message names the artifact only.
                throw CLIError(code: ExitCodes.error,
                               message: "\(name) of \(id) holds a line break or another control character, which an "
                               + "env file cannot hold in one line (its readers do not unquote). Use --format shell, "
                               + "or pass \(name) another way. Nothing was printed.")
            }
            return "\(name)=\(value)"
        }
    }

    /// `$'…'` (bash, zsh, ksh, busybox sh, and POSIX.1-2024 sh): every control character (and the
    /// Unicode line separators) written as `\xHH` escapes of its UTF-8 bytes, so the line holds none.
    /// A shell without `$'…'` sets the variable to the escaped text: wrong, but one variable, and inert.
    static func dollarQuoted(_ value: String) -> String {
        var out = "$'"
        for u in value.unicodeScalars {
            switch u {
            // Never `\'` or `\\`: a shell without `$'…'` (dash 0.5.12) reads the text as plain single quotes,
            // where `\'` would end the quotation early; `\x27` and `\x5c` keep it one harmless word there.
            case "\\": out += "\\x5c"
            case "'": out += "\\x27"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if Text.isControl(u) {
                    for byte in String(u).utf8 { out += "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16) }
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "'"
    }
}
