import EventLog
import Foundation
import WorkstreamKit

/// Reads one journal line as untrusted input: the current form (with `clock`)
/// or the form before clocks (with `seq` and `hash`, whose hash must match).
public enum JournalLineParser {
    struct Rejected: Error {
        var reason: String
    }

    /// A line longer than this is refused before parsing: a payload field is at most 1 MiB.
    static let maxLineBytes = EventValidation.maxFieldBytes + 64 * 1024

    static func parse(_ bytes: ArraySlice<UInt8>, fileStream: String) throws(Rejected) -> (event: NewEvent, legacy: Bool) {
        guard bytes.count <= maxLineBytes else { throw Rejected(reason: "the line has \(bytes.count) bytes, more than the \(maxLineBytes) a journal line may have") }
        let object: JSONValue
        do { object = try JSONParser.parse(bytes: Array(bytes)) } catch {
            throw Rejected(reason: "not JSON (\(error.reason) at byte \(error.offset))")
        }
        guard case .object = object else { throw Rejected(reason: "not a JSON object") }
        func text(_ key: String) throws(Rejected) -> String {
            guard let v = object[key]?.string else { throw Rejected(reason: "missing or wrong '\(key)'") }
            return v
        }
        func int(_ key: String) throws(Rejected) -> Int64 {
            guard let v = object[key]?.int else { throw Rejected(reason: "missing or wrong '\(key)'") }
            return v
        }
        guard let data = object["data"], case .object = data else { throw Rejected(reason: "missing 'data'") }
        let stream = try text("stream")
        let legacy = object["clock"] == nil
        let clock = legacy ? try int("seq") : try int("clock")
        let event = NewEvent(eventId: try text("eventId"), stream: stream, type: try text("type"),
                             schemaVersion: Int(clamping: try int("schemaVersion")), payload: data.canonical,
                             actor: try text("actor"), time: try text("time"), clock: clock)
        do {
            _ = try EventValidation.validate(eventId: event.eventId, stream: stream, type: event.type, schemaVersion: event.schemaVersion,
                                             payload: data, actor: event.actor, time: event.time, clock: clock)
        } catch {
            throw Rejected(reason: error.description)
        }
        guard stream == fileStream else { throw Rejected(reason: "the event belongs to '\(stream)', not to this file's workstream '\(Text.clip(fileStream, 64))'") }
        if legacy { try checkLegacyHash(object, event: event) }
        return (event, legacy)
    }

    /// A line written before clocks carries its origin's hash: an edit that did not recompute it is caught here.
    private static func checkLegacyHash(_ object: JSONValue, event: NewEvent) throws(Rejected) {
        guard let seq = object["seq"]?.int, let version = object["version"]?.int,
              let prev = object["prevHash"]?.string, let hash = object["hash"]?.string else {
            throw Rejected(reason: "a line without 'clock' must carry 'seq', 'version', 'prevHash' and 'hash'")
        }
        let expected = HashChain.hash(prev: prev, seq: seq, eventId: event.eventId, stream: event.stream, version: version, type: event.type,
                                      schemaVersion: event.schemaVersion, actor: event.actor, time: event.time, payload: event.payload, clock: seq)
        guard expected == hash else { throw Rejected(reason: "event \(seq) does not match its hash (edited by hand?)") }
    }
}
