/// JSON written by hand for the listings that must answer in milliseconds
/// (`status`, `ready`, `blocked` of ten thousand workstreams): JSONEncoder
/// costs more than the query itself there. Keys are in sorted order.
public protocol FastJSON {
    func writeJSON(into out: inout String)
}

extension Array where Element: FastJSON {
    public var json: String {
        var out = "["
        out.reserveCapacity(count * 200)
        for (i, e) in enumerated() {
            if i > 0 { out += "," }
            e.writeJSON(into: &out)
        }
        return out + "]"
    }
}

struct JSONObjectWriter {
    var out: String
    var first = true

    mutating func key(_ k: String) {
        out += first ? "\"" : ",\""
        out += k
        out += "\":"
        first = false
    }
    mutating func string(_ k: String, _ v: String?) {
        key(k)
        if let v { JSONValue.writeString(v, into: &out) } else { out += "null" }
    }
    mutating func optionalString(_ k: String, _ v: String?) { if v != nil { string(k, v) } }
    mutating func strings(_ k: String, _ v: [String]) {
        key(k)
        JSONValue.array(v.map { .string($0) }).write(into: &out)
    }
    mutating func number(_ k: String, _ v: Double?) { if let v { key(k); out += JSONValue.format(v) } }
    mutating func int(_ k: String, _ v: Int) { key(k); out += String(v) }
}

extension WorkstreamSummary: FastJSON {
    public func writeJSON(into out: inout String) {
        var w = JSONObjectWriter(out: "{")
        fields(&w)
        out += w.out + "}"
    }

    func fields(_ w: inout JSONObjectWriter) {
        w.string("agent", agent)
        w.optionalString("blockedReason", blockedReason)
        w.optionalString("conflict", conflict)
        w.strings("dependsOn", dependsOn)
        w.number("estimate", estimate)
        w.string("id", id)
        w.optionalString("owner", owner)
        w.optionalString("phase", phase)
        w.string("status", status.rawValue)
        w.int("tasksDone", tasksDone)
        w.int("tasksTotal", tasksTotal)
        w.string("title", title)
    }
}

extension BlockingReport: FastJSON {
    public func writeJSON(into out: inout String) {
        var w = JSONObjectWriter(out: "{")
        w.string("agent", agent)
        w.strings("chain", chain)
        w.strings("dependsOn", dependsOn)
        w.string("id", id)
        w.optionalString("reason", reason)
        w.strings("rootBlockers", rootBlockers)
        w.string("status", status.rawValue)
        w.string("title", title)
        w.strings("waitingOn", waitingOn)
        out += w.out + "}"
    }
}
