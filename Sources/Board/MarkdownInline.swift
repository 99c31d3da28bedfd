import Foundation

/// The inline part of `Markdown`, and the line tests its blocks use.
extension Markdown {
    /// Code spans, links, emphasis and backslash escapes; everything else escaped as text.
    func inline(_ text: String) -> String {
        let chars = Array(text)
        var out = ""
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count, chars[i + 1].isASCII, chars[i + 1].isPunctuation || chars[i + 1].isSymbol {
                out += HTML.escape(String(chars[i + 1]))
                i += 2
                continue
            }
            if c == "`" {
                let run = Self.run(chars, at: i, of: "`")
                if let close = Self.findRun(chars, from: i + run, of: "`", length: run) {
                    var code = String(chars[(i + run)..<close])
                    if code.count > 2, code.hasPrefix(" "), code.hasSuffix(" ") { code = String(code.dropFirst().dropLast()) }
                    out += "<code>" + HTML.escape(code) + "</code>"
                    i = close + run
                    continue
                }
                out += String(repeating: "`", count: run)
                i += run
                continue
            }
            if c == "[" || (c == "!" && i + 1 < chars.count && chars[i + 1] == "["), let link = Self.link(chars, at: c == "!" ? i + 1 : i) {
                let label = inline(link.label)
                if let href = target(link.url) {
                    out += "<a href=\"" + HTML.escape(href) + "\">" + label + "</a>"
                } else {
                    out += label
                }
                i = link.end
                continue
            }
            if c == "*" || c == "_" {
                let run = min(Self.run(chars, at: i, of: c), 2)
                let leftOK = c == "*" || i == 0 || !(chars[i - 1].isLetter || chars[i - 1].isNumber)
                if leftOK, i + run < chars.count, chars[i + run] != " ",
                   let close = Self.closing(chars, from: i + run, of: c, length: run) {
                    let tag = run == 2 ? "strong" : "em"
                    out += "<\(tag)>" + inline(String(chars[(i + run)..<close])) + "</\(tag)>"
                    i = close + run
                    continue
                }
            }
            out += HTML.escape(String(c))
            i += 1
        }
        return out
    }

    /// Where a link may go: the web, mail, or a page of the board; never `javascript:` or `data:`.
    func target(_ url: String) -> String? {
        let lower = url.lowercased()
        if lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("mailto:") { return url }
        if lower.contains(":") { return nil }
        return resolve(url)
    }

    static func run(_ chars: [Character], at i: Int, of c: Character) -> Int {
        var n = 0
        while i + n < chars.count, chars[i + n] == c { n += 1 }
        return n
    }

    static func findRun(_ chars: [Character], from start: Int, of c: Character, length: Int) -> Int? {
        var j = start
        while j < chars.count {
            if chars[j] == c {
                let n = run(chars, at: j, of: c)
                if n == length { return j }
                j += n
            } else { j += 1 }
        }
        return nil
    }

    /// The closing emphasis delimiter: the same run, after a non-space, and for `_` not inside a word.
    static func closing(_ chars: [Character], from start: Int, of c: Character, length: Int) -> Int? {
        var j = start + 1
        while j < chars.count {
            if chars[j] == "`" { j += max(run(chars, at: j, of: "`"), 1); continue }
            if chars[j] == c, run(chars, at: j, of: c) >= length, chars[j - 1] != " " {
                let after = j + length
                if c == "_", after < chars.count, chars[after].isLetter || chars[after].isNumber { j += 1; continue }
                return j
            }
            j += 1
        }
        return nil
    }

    /// `[label](url)` or `[label](url "title")` starting at `[`.
    static func link(_ chars: [Character], at start: Int) -> (label: String, url: String, end: Int)? {
        var depth = 0
        var j = start
        while j < chars.count {
            if chars[j] == "[" { depth += 1 } else if chars[j] == "]" { depth -= 1; if depth == 0 { break } }
            j += 1
        }
        guard j + 1 < chars.count, chars[j] == "]", chars[j + 1] == "(" else { return nil }
        guard let close = chars[(j + 2)...].firstIndex(of: ")") else { return nil }
        let inside = String(chars[(j + 2)..<close]).trimmingCharacters(in: .whitespaces)
        let url = inside.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
        return (String(chars[(start + 1)..<j]), url.trimmingCharacters(in: CharacterSet(charactersIn: "<>")), close + 1)
    }

    static func fence(_ trimmed: String) -> (char: Character, count: Int, info: String)? {
        guard let first = trimmed.first, first == "`" || first == "~" else { return nil }
        let count = trimmed.prefix { $0 == first }.count
        guard count >= 3 else { return nil }
        return (first, count, trimmed.dropFirst(count).trimmingCharacters(in: .whitespaces))
    }

    static func heading(_ trimmed: String) -> (Int, String)? {
        let level = trimmed.prefix { $0 == "#" }.count
        guard level >= 1, level <= 6 else { return nil }
        let rest = trimmed.dropFirst(level)
        guard rest.isEmpty || rest.first == " " else { return nil }
        var text = rest.trimmingCharacters(in: .whitespaces)
        while text.hasSuffix("#") { text.removeLast() }
        return (level, text.trimmingCharacters(in: .whitespaces))
    }

    static func isRule(_ trimmed: String) -> Bool {
        let compact = trimmed.filter { $0 != " " }
        guard compact.count >= 3, let first = compact.first, first == "-" || first == "*" || first == "_" else { return false }
        return compact.allSatisfy { $0 == first }
    }

    static func isTableSeparator(_ line: String) -> Bool {
        let t = line.trimmingCharacters(in: .whitespaces)
        guard t.contains("-"), t.contains("|") || t.hasPrefix(":") || t.hasPrefix("-") else { return false }
        return t.allSatisfy { "|-: ".contains($0) }
    }

    /// A row's cells, split at pipes that are not escaped (`\|` stays in the cell).
    static func cells(_ row: String) -> [String] {
        var t = row.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("|") { t.removeFirst() }
        if t.hasSuffix("|"), !t.hasSuffix("\\|") { t.removeLast() }
        var cells: [String] = []
        var current = ""
        var escaped = false
        for c in t {
            if escaped { current += c == "|" ? "\\|" : "\\" + String(c); escaped = false; continue }
            if c == "\\" { escaped = true; continue }
            if c == "|" { cells.append(current.trimmingCharacters(in: .whitespaces)); current = ""; continue }
            current.append(c)
        }
        if escaped { current += "\\" }
        cells.append(current.trimmingCharacters(in: .whitespaces))
        return cells
    }

    struct ListItem { var indent: Int; var ordered: Bool; var text: String; var contentIndent: Int }

    static func listItem(_ line: String) -> ListItem? {
        let indent = line.prefix { $0 == " " }.count
        let rest = line.dropFirst(indent)
        if let m = rest.first, m == "-" || m == "*" || m == "+", rest.dropFirst().first == " " {
            return ListItem(indent: indent, ordered: false, text: String(rest.dropFirst(2)), contentIndent: indent + 2)
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        let after = rest.dropFirst(digits.count)
        guard let d = after.first, d == "." || d == ")", after.dropFirst().first == " " else { return nil }
        return ListItem(indent: indent, ordered: true, text: String(after.dropFirst(2)), contentIndent: indent + digits.count + 2)
    }
}
