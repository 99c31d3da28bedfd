import Operations
import WorkstreamKit

/// Hours and estimates as people type them: digits, optionally a '.' and more digits ("2", "1.5").
/// Swift's own number parsing also reads "0x10" (as 16), "0x1p-1074" (as 5e-324), "1e3" and "inf",
/// which nobody types as hours and which a typo should not turn into a recorded figure.
enum PlainNumber {
    static let range = "a finite number from 0 to 1,000,000"

    /// The value of a plain decimal number; nil for anything else (signs, exponents, hex, inf, nan).
    static func value(_ text: String) -> Double? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let digits: (Substring) -> Bool = { !$0.isEmpty && $0.unicodeScalars.allSatisfy { ("0"..."9").contains($0) } }
        guard (1...2).contains(parts.count), parts.allSatisfy(digits) else { return nil }
        return Double(text)
    }

    /// The option's value, refused (exit 1, as any invalid input) naming the option and what it takes.
    static func parse(_ text: String?, option: String) throws -> Double? {
        guard let text else { return nil }
        guard let number = value(text), number <= 1_000_000 else {
            throw CLIError(code: ExitCodes.error, message: "--\(option) '\(Text.printable(text, 40))' is not a plain "
                           + "decimal number (like 2 or 1.5): it takes \(range)")
        }
        return number
    }
}
