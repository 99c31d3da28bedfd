import Foundation
import GRDB
import WorkstreamKit

/// `ws export` / `ws import`: the log as JSON lines, one event a line, every
/// stored field included, so an import into an empty log reproduces it
/// exactly, hashes included.
public enum ExportFormat {
    /// One line, keys in canonical order, the payload embedded as stored.
    public static func line(_ r: RecordedEvent) -> String {
        var out = "{\"actor\":"
        JSONValue.writeString(r.actor, into: &out)
        // Only where it differs from the sequence, so exports of logs from before clocks keep their bytes.
        if r.clock != r.seq { out += ",\"clock\":\(r.clock)" }
        out += ",\"data\":"
        out += r.payload
        out += ",\"eventId\":"
        JSONValue.writeString(r.eventId, into: &out)
        out += ",\"hash\":\"\(r.hash)\",\"prevHash\":\"\(r.prevHash)\",\"schemaVersion\":\(r.schemaVersion),\"seq\":\(r.seq),\"stream\":"
        JSONValue.writeString(r.stream, into: &out)
        out += ",\"time\":"
        JSONValue.writeString(r.time, into: &out)
        out += ",\"type\":"
        JSONValue.writeString(r.type, into: &out)
        out += ",\"version\":\(r.version)}"
        return out
    }

    /// Parses one line; `number` is its line number, for the error.
    public static func parse(_ text: Substring, number: Int) throws -> RecordedEvent {
        try parse(bytes: Array(text.utf8), number: number)
    }

    public static func parse(bytes: [UInt8], number: Int) throws -> RecordedEvent {
        let object: JSONValue
        do { object = try JSONParser.parse(bytes: bytes) } catch {
            throw EventStoreError.importRejected(line: number, detail: "not JSON (\(error.reason) at byte \(error.offset))")
        }
        func field(_ key: String) throws -> String {
            guard let v = object[key]?.string else { throw EventStoreError.importRejected(line: number, detail: "missing or wrong '\(key)'") }
            return v
        }
        func int(_ key: String) throws -> Int64 {
            guard let v = object[key]?.int else { throw EventStoreError.importRejected(line: number, detail: "missing or wrong '\(key)'") }
            return v
        }
        guard let data = object["data"], case .object = data else {
            throw EventStoreError.importRejected(line: number, detail: "missing 'data'")
        }
        let r = RecordedEvent(seq: try int("seq"), eventId: try field("eventId"), stream: try field("stream"),
                              version: try int("version"), type: try field("type"), schemaVersion: Int(try int("schemaVersion")),
                              payload: data.canonical, actor: try field("actor"), time: try field("time"),
                              prevHash: try field("prevHash"), hash: try field("hash"), clock: object["clock"]?.int ?? 0)
        guard HashChain.hash(of: r) == r.hash else {
            throw EventStoreError.importRejected(line: number, detail: "event \(r.seq) does not match its hash (edited export?)")
        }
        // An export is input like a journal line: the same checks, so a hand-made file cannot carry what git could not.
        do {
            _ = try EventValidation.validate(eventId: r.eventId, stream: r.stream, type: r.type,
                                             schemaVersion: r.schemaVersion, payload: data, actor: r.actor,
                                             time: r.time, clock: r.clock > 0 ? r.clock : r.seq)
        } catch {
            throw EventStoreError.importRejected(line: number, detail: error.description)
        }
        return r
    }

    /// Splits on newline bytes (not characters: a 400 MB export must not pay for
    /// grapheme breaking) and parses each line.
    public static func parseAll(_ data: Data) throws -> [RecordedEvent] {
        var events: [RecordedEvent] = []
        var number = 0
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            while start <= bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != 0x0A { end += 1 }
                number += 1
                let line = bytes[start..<end]
                if line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) {
                    events.append(try parse(bytes: Array(line), number: number))
                }
                start = end + 1
            }
        }
        return events
    }
}
