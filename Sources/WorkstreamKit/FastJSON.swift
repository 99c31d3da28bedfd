/// JSON written by hand, as bytes, for the listings that must answer in
/// milliseconds (`status`, `ready`, `blocked` of ten thousand workstreams):
/// JSONEncoder costs more than the query itself there. Keys in sorted order;
/// strings escaped exactly as `JSONValue.writeString` does.
public protocol FastJSON {
    func writeJSON(into out: inout JSONBuffer)
}

public struct JSONBuffer {
    public var bytes: [UInt8] = []

    public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            if !utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
                bytes.append(0x22)
                bytes.append(contentsOf: utf8)
                bytes.append(0x22)
            } else {
                var escaped = ""
                JSONValue.writeString(String(decoding: utf8, as: UTF8.self), into: &escaped)
                bytes.append(contentsOf: escaped.utf8)
            }
        }
    }

    mutating func number(_ d: Double) { bytes.append(contentsOf: JSONValue.format(d).utf8) }
    mutating func int(_ i: Int) { bytes.append(contentsOf: String(i).utf8) }
}

extension Array where Element: FastJSON {
    public var jsonBytes: [UInt8] {
        var out = JSONBuffer(capacity: count * 400)
        out.raw("[")
        var first = true
        for e in self {
            if !first { out.raw(",") }
            first = false
            e.writeJSON(into: &out)
        }
        out.raw("]")
        return out.bytes
    }

    public var json: String { String(decoding: jsonBytes, as: UTF8.self) }
}

/// Writes one object's members, each preceded by a comma after the first.
struct JSONObjectWriter {
    var first = true

    mutating func key(_ k: StaticString, _ out: inout JSONBuffer) {
        out.raw(first ? "\"" : ",\"")
        out.raw(k)
        out.raw("\":")
        first = false
    }
    mutating func string(_ k: StaticString, _ v: String?, _ out: inout JSONBuffer) {
        key(k, &out)
        if let v { out.string(v) } else { out.raw("null") }
    }
    mutating func optionalString(_ k: StaticString, _ v: String?, _ out: inout JSONBuffer) { if v != nil { string(k, v, &out) } }
    mutating func strings(_ k: StaticString, _ v: [String], _ out: inout JSONBuffer) {
        key(k, &out)
        out.raw("[")
        for (i, s) in v.enumerated() {
            if i > 0 { out.raw(",") }
            out.string(s)
        }
        out.raw("]")
    }
    mutating func number(_ k: StaticString, _ v: Double?, _ out: inout JSONBuffer) { if let v { key(k, &out); out.number(v) } }
    mutating func int(_ k: StaticString, _ v: Int, _ out: inout JSONBuffer) { key(k, &out); out.int(v) }
}

extension WorkstreamSummary: FastJSON {
    public func writeJSON(into out: inout JSONBuffer) {
        var w = JSONObjectWriter()
        out.raw("{")
        w.string("agent", agent, &out)
        w.optionalString("blockedReason", blockedReason, &out)
        w.optionalString("conflict", conflict, &out)
        w.strings("dependsOn", dependsOn, &out)
        w.number("estimate", estimate, &out)
        w.string("id", id, &out)
        w.optionalString("owner", owner, &out)
        w.optionalString("phase", phase, &out)
        w.string("status", status.rawValue, &out)
        w.int("tasksDone", tasksDone, &out)
        w.int("tasksTotal", tasksTotal, &out)
        w.string("title", title, &out)
        out.raw("}")
    }
}

extension BlockingReport: FastJSON {
    public func writeJSON(into out: inout JSONBuffer) {
        var w = JSONObjectWriter()
        out.raw("{")
        w.string("agent", agent, &out)
        w.strings("chain", chain, &out)
        w.int("chainLength", chainLength, &out)
        w.strings("dependsOn", dependsOn, &out)
        w.string("id", id, &out)
        w.optionalString("reason", reason, &out)
        w.strings("rootBlockers", rootBlockers, &out)
        w.string("status", status.rawValue, &out)
        w.string("title", title, &out)
        w.strings("waitingOn", waitingOn, &out)
        out.raw("}")
    }
}
