/// Lines of text under a hard byte budget (4 bytes a token, so 2,000 tokens
/// are 8,000 bytes). A line that does not fit is left out, whole; each line
/// is clipped first, so one long handoff summary cannot crowd out the rest.
public struct BudgetedText {
    static let bytesPerToken = 4
    /// No line is longer than this (a summary's first 200-odd characters say what it is about).
    static let lineLimit = 240

    let limit: Int
    private(set) var lines: [String] = []
    /// Bytes used, with one newline per line.
    private(set) var used = 0

    init(tokens: Int) { limit = tokens * Self.bytesPerToken }

    /// Adds the line if it fits with `reserve` bytes to spare; says whether it did.
    @discardableResult
    mutating func add(_ line: String, reserve: Int = 0) -> Bool {
        let clipped = Self.clip(line)
        let cost = clipped.utf8.count + 1
        guard used + cost + reserve <= limit else { return false }
        lines.append(clipped)
        used += cost
        return true
    }

    /// Adds `items` in order while they fit, keeping room for the line that
    /// says how many were left out (`more(n)`), and adds that line when needed.
    mutating func add(items: [String], more: (Int) -> String) {
        for (i, item) in items.enumerated() {
            let left = items.count - i - 1
            let reserve = left > 0 ? Self.clip(more(left)).utf8.count + 1 : 0
            if !add(item, reserve: reserve) {
                add(more(items.count - i))
                return
            }
        }
    }

    var text: String { lines.map { $0 + "\n" }.joined() }

    static func clip(_ line: String) -> String {
        let oneLine = line.replacingBytes(["\n": " ", "\r": " "])
        guard oneLine.utf8.count > lineLimit else { return oneLine }
        var out = ""
        for ch in oneLine {
            if out.utf8.count + String(ch).utf8.count > lineLimit - 3 { break }
            out.append(ch)
        }
        return out + "…"
    }
}
