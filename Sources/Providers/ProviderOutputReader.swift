import WorkstreamKit

/// Reads a provider's stdout as protocol v1 JSON lines, as they arrive.
/// Anything else — a line that is not JSON, an unknown line type, a second
/// result, a line or a total beyond the limits — ends the action as failed.
public struct ProviderOutputReader {
    public static let maxLineBytes = 1 << 20
    public static let maxTotalBytes = 8 << 20

    public enum Line: Equatable {
        case progress(String)
        /// Values the plugin declares secret (a progress line's `"secrets"`): masked in this line and every later one.
        case secrets([String])
        /// The plugin asks that its progress lines be held back until its result (a progress line's `"hold": true`).
        case hold
        case result(ProviderResult)
        case error(ProviderFailure)
    }

    private var pending: [UInt8] = []
    private var total = 0
    private var lineNumber = 0
    public private(set) var final: Line?
    let provider: String
    /// Every secret known so far (the request's, then those the plugin declares): a quoted line is masked
    /// with it before it is cut, since a secret cut in half no longer matches.
    public private(set) var mask: SecretMask

    public init(provider: String, mask: SecretMask = SecretMask()) { self.provider = provider; self.mask = mask }

    /// Feeds bytes; returns the complete lines they finished.
    public mutating func feed(_ bytes: [UInt8]) throws(ProviderFailure) -> [Line] {
        total += bytes.count
        guard total <= Self.maxTotalBytes else {
            throw ProviderFailure("provider '\(provider)' flooded its output (more than \(Self.maxTotalBytes >> 20) MiB); it was stopped")
        }
        pending += bytes
        var lines: [Line] = []
        while let nl = pending.firstIndex(of: 0x0A) {
            let line = Array(pending[..<nl])
            pending.removeSubrange(...nl)
            lines += try parse(line)
        }
        guard pending.count <= Self.maxLineBytes else {
            throw ProviderFailure("provider '\(provider)' printed a line longer than \(Self.maxLineBytes >> 10) KiB; it was stopped")
        }
        return lines
    }

    /// At end of output: the last line may lack its newline.
    public mutating func finish() throws(ProviderFailure) -> [Line] {
        let rest = pending
        pending = []
        return try parse(rest)
    }

    mutating func parse(_ raw: [UInt8]) throws(ProviderFailure) -> [Line] {
        lineNumber += 1
        let text = String(decoding: raw, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return [] }
        if final != nil { throw garbage("printed more after its final result", text) }
        let json: JSONValue
        do { json = try JSONParser.parse(text) } catch { throw garbage("printed something that is not protocol JSON", text) }
        guard case .object(let o) = json, let type = o["type"]?.string else {
            throw garbage("printed a JSON line without a \"type\"", text)
        }
        switch type {
        case "progress":
            guard let m = o["message"]?.string else { throw garbage("printed a progress line without a \"message\"", text) }
            return try progress(o, message: m)
        case "result":
            let r = try result(o, text: "")
            // Before anything else is read: a line after the result is quoted masked with the result's secrets.
            mask.add(contentsOf: Array(r.secrets.values))
            let line = Line.result(r)
            final = line
            return [line]
        case "error":
            guard let m = o["message"]?.string else { throw garbage("printed an error line without a \"message\"", text) }
            let line = Line.error(ProviderFailure("provider '\(provider)': \(m)", retryable: o["retryable"]?.bool ?? false))
            final = line
            return [line]
        default:
            throw garbage("printed a line of unknown type \"\(type.prefix(40))\"", text)
        }
    }

    /// A progress line: its declared secrets first, so that the message itself is already masked.
    /// Its text is never quoted in an error, since it may hold the very secrets it declares.
    mutating func progress(_ o: [String: JSONValue], message: String) throws(ProviderFailure) -> [Line] {
        var lines: [Line] = []
        if let s = o["secrets"], s != .null {
            guard let list = s.array, list.allSatisfy({ $0.string != nil }) else {
                throw garbage("sent progress \"secrets\" that is not a list of text", "")
            }
            lines.append(.secrets(list.compactMap(\.string)))
            mask.add(contentsOf: list.compactMap(\.string))
        }
        if let h = o["hold"], h != .null {
            guard let hold = h.bool else { throw garbage("sent progress \"hold\" that is not true or false", "") }
            if hold { lines.append(.hold) }
        }
        return lines + [.progress(message)]
    }

    func result(_ o: [String: JSONValue], text: String) throws(ProviderFailure) -> ProviderResult {
        func strings(_ key: String) throws(ProviderFailure) -> [String: String] {
            guard let v = o[key], v != .null else { return [:] }
            guard case .object(let m) = v else { throw garbage("sent \"\(key)\" that is not an object", text) }
            var out: [String: String] = [:]
            for (k, value) in m {
                switch value {
                case .string(let s): out[k] = s
                case .int(let i): out[k] = String(i)
                case .bool(let b): out[k] = String(b)
                default: throw garbage("sent \"\(key).\(k)\" that is not text", text)
                }
            }
            return out
        }
        var r = ProviderResult(outputs: try strings("outputs"), secrets: try strings("secrets"))
        if let c = o["commands"], c != .null {
            guard let list = c.array, list.allSatisfy({ $0.string != nil }) else { throw garbage("sent \"commands\" that is not a list of text", text) }
            r.commands = list.compactMap(\.string)
        }
        r.exists = o["exists"]?.bool
        if let res = o["resources"]?.array {
            r.resources = try res.map { (item: JSONValue) throws(ProviderFailure) -> ResourceSpec in
                guard case .object(let s) = item, let t = s["type"]?.string else { throw garbage("sent a resource without a \"type\"", text) }
                let params = (s["params"]?.array ?? []).compactMap { p -> ParameterSpec? in
                    guard case .object(let q) = p, let n = q["name"]?.string else { return nil }
                    return ParameterSpec(n, q["summary"]?.string ?? "", required: q["required"]?.bool ?? false, default: q["default"]?.string,
                                         secret: q["secret"]?.bool ?? false, generated: q["generated"]?.bool ?? false)
                }
                return ResourceSpec(type: t, summary: s["summary"]?.string ?? "", params: params)
            }
        }
        return r
    }

    /// `text` is the offending line, quoted in part; empty for a line that may hold secrets (a result, a progress line with secrets).
    func garbage(_ what: String, _ text: String) -> ProviderFailure {
        let masked = mask.apply(text)
        let shown = masked.count > 80 ? String(masked.prefix(80)) + "…" : masked
        let quoted = shown.isEmpty ? "" : ": \(shown)"
        return ProviderFailure("provider '\(provider)' \(what) (line \(lineNumber)\(quoted)); see docs/providers.md for the protocol")
    }
}
