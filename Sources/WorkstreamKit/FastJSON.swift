/// JSON written by hand, as bytes, for the listings that must answer in
/// milliseconds (`status`, `ready`, `blocked` of ten thousand workstreams):
/// JSONEncoder costs more than the query itself there. Keys in sorted order;
/// strings escaped exactly as `JSONValue.writeString` does.
public protocol FastJSON {
    func writeJSON(into out: JSONBuffer)
}

/// A growable byte buffer that owns its memory. Swift's `[UInt8]` checks
/// uniqueness and capacity on every append; ten thousand workstreams make
/// half a million small appends, so this one copies with memcpy and grows by
/// doubling.
public final class JSONBuffer {
    // Only ever touched by one thread: dynamic exclusivity checks on these
    // cost more than the copies they guard.
    @exclusivity(unchecked) public private(set) var count = 0
    @exclusivity(unchecked) private var capacity: Int
    @exclusivity(unchecked) private var base: UnsafeMutablePointer<UInt8>

    public init(capacity: Int = 4096) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes written so far, valid only inside `body`.
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    public var bytes: [UInt8] { withBytes { Array($0) } }

    @inline(__always) private func reserve(_ n: Int) {
        guard count + n > capacity else { return }
        var grown = capacity * 2
        while grown < count + n { grown *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = grown
    }

    @inline(__always) public func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always) public func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let from = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + count).update(from: from, count: bytes.count)
        count += bytes.count
    }

    @inline(__always) public func raw(_ s: StaticString) {
        if s.hasPointerRepresentation {
            append(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
        } else {
            s.withUTF8Buffer { append($0) }
        }
    }

    public func string(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            if !utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
                reserve(utf8.count + 2)
                append(0x22)
                append(utf8)
                append(0x22)
            } else {
                var escaped = ""
                JSONValue.writeString(String(decoding: utf8, as: UTF8.self), into: &escaped)
                var e = escaped
                e.withUTF8 { append($0) }
            }
        }
    }

    /// UTF-8 text as it is, no quoting: for markdown built the same way.
    @inline(__always) public func text(_ s: String) {
        var s = s
        s.withUTF8 { append($0) }
    }

    /// The bytes as a String (they are valid UTF-8: only Strings and ASCII went in).
    public var string: String { withBytes { String(decoding: $0, as: UTF8.self) } }

    public func number(_ d: Double) { var t = JSONValue.format(d); t.withUTF8 { append($0) } }

    public func int(_ i: Int) {
        // Digits backwards into a small stack buffer: no String per number.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { digits in
            var v = i.magnitude
            var at = 24
            repeat { at -= 1; digits[at] = UInt8(truncatingIfNeeded: v % 10) + 0x30; v /= 10 } while v > 0
            if i < 0 { at -= 1; digits[at] = 0x2D }
            append(UnsafeBufferPointer(rebasing: digits[at..<24]))
        }
    }
}

extension Array where Element: FastJSON {
    /// The whole array as one JSON document.
    public func jsonBuffer() -> JSONBuffer {
        let out = JSONBuffer(capacity: count * 256 + 64)
        out.raw("[")
        var first = true
        for e in self {
            if !first { out.raw(",") }
            first = false
            e.writeJSON(into: out)
        }
        out.raw("]")
        return out
    }

    public var jsonBytes: [UInt8] { jsonBuffer().bytes }

    public var json: String { jsonBuffer().withBytes { String(decoding: $0, as: UTF8.self) } }
}

/// Writes one object's members, each preceded by a comma after the first.
struct JSONObjectWriter {
    var first = true

    mutating func key(_ k: StaticString, _ out: JSONBuffer) {
        out.raw(first ? "\"" : ",\"")
        out.raw(k)
        out.raw("\":")
        first = false
    }
    mutating func string(_ k: StaticString, _ v: String?, _ out: JSONBuffer) {
        key(k, out)
        if let v { out.string(v) } else { out.raw("null") }
    }
    mutating func optionalString(_ k: StaticString, _ v: String?, _ out: JSONBuffer) { if v != nil { string(k, v, out) } }
    mutating func strings(_ k: StaticString, _ v: [String], _ out: JSONBuffer) {
        key(k, out)
        out.raw("[")
        for (i, s) in v.enumerated() {
            if i > 0 { out.raw(",") }
            out.string(s)
        }
        out.raw("]")
    }
    mutating func number(_ k: StaticString, _ v: Double?, _ out: JSONBuffer) { if let v { key(k, out); out.number(v) } }
    mutating func int(_ k: StaticString, _ v: Int, _ out: JSONBuffer) { key(k, out); out.int(v) }
}

extension WorkstreamSummary: FastJSON {
    public func writeJSON(into out: JSONBuffer) {
        var w = JSONObjectWriter()
        out.raw("{")
        w.string("agent", agent, out)
        w.optionalString("blockedReason", blockedReason, out)
        w.optionalString("conflict", conflict, out)
        w.strings("dependsOn", dependsOn, out)
        w.number("estimate", estimate, out)
        w.string("id", id, out)
        if let lease {
            w.key("lease", out)
            var l = JSONObjectWriter()
            out.raw("{")
            l.string("expiresAt", lease.expiresAt, out)
            l.string("holder", lease.holder, out)
            l.key("stale", out)
            out.raw(lease.stale ? "true" : "false")
            out.raw("}")
        }
        w.optionalString("owner", owner, out)
        w.optionalString("phase", phase, out)
        w.string("status", status.rawValue, out)
        w.int("tasksDone", tasksDone, out)
        w.int("tasksTotal", tasksTotal, out)
        w.string("title", title, out)
        out.raw("}")
    }
}

extension BlockingReport: FastJSON {
    public func writeJSON(into out: JSONBuffer) {
        var w = JSONObjectWriter()
        out.raw("{")
        w.string("agent", agent, out)
        w.strings("chain", chain, out)
        w.int("chainLength", chainLength, out)
        w.strings("dependsOn", dependsOn, out)
        w.string("id", id, out)
        w.optionalString("reason", reason, out)
        w.strings("rootBlockers", rootBlockers, out)
        w.string("status", status.rawValue, out)
        w.string("title", title, out)
        w.strings("waitingOn", waitingOn, out)
        out.raw("}")
    }
}
