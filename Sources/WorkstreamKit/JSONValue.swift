import Foundation

/// A JSON value with a fast parser and one canonical writer (sorted keys, no
/// white space, the same text Foundation's JSONSerialization writes with
/// `.sortedKeys` and `.withoutEscapingSlashes`), so payloads hash the same on
/// append, export and import without going through Foundation's slow bridge.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
    /// Text already canonical, written as it is: a listing's document built once by its FastJSON writer
    /// (keys sorted, strings escaped as `writeString`) reaches MCP without being parsed back into values.
    case canonicalText(String)

    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    public var string: String? { if case .string(let s) = self { return s }; return nil }
    public var bool: Bool? { if case .bool(let b) = self { return b }; return nil }
    public var int: Int64? {
        switch self {
        case .int(let i): return i
        case .double(let d): return d == d.rounded() && abs(d) < 9.2e18 ? Int64(d) : nil
        default: return nil
        }
    }
    public var double: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }
    public var array: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    /// An object whose every value is text, as a map; nil for anything else.
    public var texts: [String: String]? {
        guard case .object(let o) = self else { return nil }
        let texts = o.compactMapValues(\.string)
        return texts.count == o.count ? texts : nil
    }

    // MARK: Writing

    public var canonical: String {
        var out = ""
        write(into: &out)
        return out
    }

    public func write(into out: inout String) { write(into: &out, foundation: false, indent: nil) }

    /// The text Foundation's `JSONSerialization` writes with `.sortedKeys` (and `.prettyPrinted` when `pretty`):
    /// slashes escaped. Only for the files ws wrote that way before (the secret store, the trust list), so
    /// their bytes stay the same; everything else is `canonical`.
    public func foundationText(pretty: Bool = false) -> String {
        var out = ""
        write(into: &out, foundation: true, indent: pretty ? "" : nil)
        return out
    }

    private func write(into out: inout String, foundation: Bool, indent: String?) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += Self.format(d)
        case .string(let s): Self.writeString(s, into: &out, escapingSlashes: foundation)
        case .array(let a):
            Self.writeContainer("[", "]", a.indices, into: &out, indent: indent) { i, out, inner in
                a[i].write(into: &out, foundation: foundation, indent: inner)
            }
        case .canonicalText(let text): out += text  // only ever sent canonical, never pretty nor as Foundation writes
        case .object(let o):
            // The order JSONSerialization uses: case-insensitive, ties broken by the exact text (for the keys of
            // payloads); the files written as Foundation wrote them take its own collation, whatever their keys.
            let keys = o.keys.sorted(by: foundation ? Self.foundationKeyOrder : Self.keyOrder)
            Self.writeContainer("{", "}", keys, into: &out, indent: indent) { key, out, inner in
                Self.writeString(key, into: &out, escapingSlashes: foundation)
                out += inner == nil ? ":" : " : "
                o[key]?.write(into: &out, foundation: foundation, indent: inner)
            }
        }
    }

    /// Pretty (`indent` not nil) as JSONSerialization lays it out: two spaces a level, an empty container on three lines.
    private static func writeContainer<C: Collection>(_ open: String, _ close: String, _ items: C, into out: inout String,
                                                      indent: String?, item: (C.Element, inout String, String?) -> Void) {
        out += open
        let inner = indent.map { $0 + "  " }
        for (i, element) in items.enumerated() {
            if i > 0 { out += "," }
            if let inner { out += "\n" + inner }
            item(element, &out, inner)
        }
        if let indent { out += (items.isEmpty ? "\n" : "") + "\n" + indent }
        out += close
    }

    /// What `JSONSerialization` compares keys with under `.sortedKeys`.
    static func foundationKeyOrder(_ a: String, _ b: String) -> Bool {
        a.compare(b, options: [.numeric, .caseInsensitive, .forcedOrdering], range: a.startIndex..<a.endIndex,
                  locale: Locale(identifier: "")) == .orderedAscending
    }

    static func keyOrder(_ a: String, _ b: String) -> Bool {
        let la = a.lowercased(), lb = b.lowercased()
        return la == lb ? a > b : la < lb
    }

    /// Integral values print as integers (as JSONSerialization does); others in their shortest form.
    static func format(_ d: Double) -> String {
        if d == 0 { return d.sign == .minus ? "-0" : "0" }
        if d == d.rounded() && abs(d) < 1e16 { return String(Int64(d)) }
        return d.description
    }

    static let hex: [Character] = Array("0123456789abcdef")

    public static func writeString(_ s: String, into out: inout String, escapingSlashes: Bool = false) {
        // Most text needs no escaping: copy it whole.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || (escapingSlashes && $0 == 0x2F) }) {
            out += "\""
            out += s
            out += "\""
            return
        }
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "/" where escapingSlashes: out += "\\/"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    out += "\\u00"
                    out.append(hex[Int(scalar.value >> 4)])
                    out.append(hex[Int(scalar.value & 0xF)])
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

extension String {
    /// Replaces single ASCII characters, in one pass over the bytes; the text
    /// comes back as it was when none of them occurs (the common case).
    /// Foundation's `replacingOccurrences` is far slower on Linux.
    public func replacingBytes(_ map: [Character: String]) -> String {
        replacingBytes(table: Self.byteTable(map))
    }

    /// The ASCII bytes of `map`'s keys, for a caller that escapes many strings with one map (hashing the
    /// Characters of the map again for each string cost more than the escaping).
    public static func byteTable(_ map: [Character: String]) -> [UInt8: String] {
        var table: [UInt8: String] = [:]
        for (k, v) in map { if let b = k.asciiValue { table[b] = v } }
        return table
    }

    public func replacingBytes(table: [UInt8: String]) -> String {
        guard utf8.contains(where: { table[$0] != nil }) else { return self }
        var out = ""
        out.reserveCapacity(utf8.count + 16)
        var run: [UInt8] = []
        for b in utf8 {
            if let r = table[b] {
                out += String(decoding: run, as: UTF8.self)
                run.removeAll(keepingCapacity: true)
                out += r
            } else {
                run.append(b)
            }
        }
        return out + String(decoding: run, as: UTF8.self)
    }
}
