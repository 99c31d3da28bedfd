import Crypto
import Foundation
import WorkstreamKit

/// An event's id covers its content. A new event's id is the SHA-256 (64 hex
/// digits) of its journal line written without the id: actor, clock, payload,
/// schema version, stream, time and type. A line edited by hand no longer
/// matches its id, so every clone, one cloned after the edit included, sees
/// the edit; a line re-hashed by the editor is simply another event.
///
/// Events recorded before this (the current release's UUID ids) keep their
/// ids; `LegacySeal` pins their content instead.
public enum EventIdentity {
    /// The journal line of an event: keys in sorted order, the payload embedded as stored,
    /// `eventId` left out when nil (the text the id is the hash of).
    public static func line(eventId: String?, stream: String, type: String, schemaVersion: Int, payload: String,
                            actor: String, time: String, clock: Int64) -> String {
        var out = "{\"actor\":"
        JSONValue.writeString(actor, into: &out)
        out += ",\"clock\":\(clock),\"data\":"
        out += payload
        if let eventId {
            out += ",\"eventId\":"
            JSONValue.writeString(eventId, into: &out)
        }
        out += ",\"schemaVersion\":\(schemaVersion),\"stream\":"
        JSONValue.writeString(stream, into: &out)
        out += ",\"time\":"
        JSONValue.writeString(time, into: &out)
        out += ",\"type\":"
        JSONValue.writeString(type, into: &out)
        out += "}"
        return out
    }

    public static func line(_ r: RecordedEvent) -> String {
        line(eventId: r.eventId, stream: r.stream, type: r.type, schemaVersion: r.schemaVersion, payload: r.payload,
             actor: r.actor, time: r.time, clock: r.clock)
    }

    /// The id of an event with this content at this clock.
    public static func contentId(stream: String, type: String, schemaVersion: Int, payload: String,
                                 actor: String, time: String, clock: Int64) -> String {
        digest(line(eventId: nil, stream: stream, type: type, schemaVersion: schemaVersion, payload: payload,
                    actor: actor, time: time, clock: clock))
    }

    public static func contentId(of e: NewEvent) -> String {
        contentId(stream: e.stream, type: e.type, schemaVersion: e.schemaVersion, payload: e.payload,
                  actor: e.actor, time: e.time, clock: e.clock)
    }

    /// Whether `id` has the shape of a content id (64 lowercase hex digits); a UUID never has.
    public static func isContentId(_ id: String) -> Bool {
        id.utf8.count == 64 && id.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// Whether an imported event is what its id says; nil when its id is not a content id (a legacy event).
    public static func matches(_ e: NewEvent) -> Bool? {
        isContentId(e.eventId) ? contentId(of: e) == e.eventId : nil
    }

    static func digest(_ text: String) -> String {
        HashChain.sha256Hex(text)
    }
}

/// The upgrade of a journal written before content ids. ws writes, once, a
/// seal: for every legacy (UUID) event the log holds, the SHA-256 of its whole
/// journal line. Every clone holding those events computes the same seal. Once
/// a journal holds a content id or a seal, a UUID line is imported only when
/// the seal holds its digest, so an edited legacy line (or a new line posing
/// as legacy) is quarantined by every clone, one cloned later included.
public enum LegacySeal {
    /// One line a legacy event: "<event id> <sha-256 of its journal line>", sorted by id.
    public static func render(_ legacy: [RecordedEvent]) -> String {
        render(entries: legacy.map { entry($0, journalLine: EventIdentity.line($0)) })
    }

    /// The seal's line of `r`, whose journal line is already made (`ws rebuild` writes both from one scan).
    public static func entry(_ r: RecordedEvent, journalLine: String) -> String {
        "\(r.eventId) \(EventIdentity.digest(journalLine))"
    }

    public static func render(entries: [String]) -> String {
        entries.sorted().joined(separator: "\n") + (entries.isEmpty ? "" : "\n")
    }

    public static func digest(of r: RecordedEvent) -> String { EventIdentity.digest(EventIdentity.line(r)) }

    public static func digest(of e: NewEvent) -> String {
        EventIdentity.digest(EventIdentity.line(eventId: e.eventId, stream: e.stream, type: e.type,
                                                schemaVersion: e.schemaVersion, payload: e.payload,
                                                actor: e.actor, time: e.time, clock: e.clock))
    }

    /// Each sealed id with the digests the seal gives it (two when a merge brought an edited seal).
    /// Read as bytes: a seal of 180,000 events is 15 MB, and splitting it by Characters cost 12 G instructions
    /// on every catch-up after HEAD moved (a person's own commit between `ws start` and `ws complete`).
    /// Lines are split at "\n", fields at runs of spaces, as `split(separator:)` on the text did.
    /// `wanted`: read only these ids' lines (nil: every line). A rewritten history brings back a few legacy
    /// lines, and the dictionary of all 180,000 cost more than the rest of the first command after it.
    public static func parse(_ text: String, only wanted: Set<String>? = nil) -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        var text = text
        let filter = wanted.map(SealFilter.init)
        text.withUTF8 { bytes in
            for line in bytes.split(separator: 0x0A) {
                if let filter, !filter.mayHold(line) { continue }
                let parts = line.split(separator: 0x20)
                guard parts.count == 2, parts[1].count == 64 else { continue }
                let id = String(decoding: UnsafeBufferPointer(rebasing: parts[0]), as: UTF8.self)
                out[id, default: []].insert(String(decoding: UnsafeBufferPointer(rebasing: parts[1]), as: UTF8.self))
            }
        }
        return out
    }
}

/// Which seal lines `LegacySeal.parse` reads when only some ids are wanted, decided from the first field's bytes.
struct SealFilter {
    let wanted: Set<String>
    /// The UTF-8 lengths of the wanted ids, when all are ASCII: an ASCII field of another length is none of
    /// them. A field with other bytes is compared as a String (Swift equates "\u{212A}" with "K").
    let asciiLengths: Set<Int>?

    init(_ wanted: Set<String>) {
        self.wanted = wanted
        asciiLengths = wanted.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } } ? Set(wanted.map(\.utf8.count)) : nil
    }

    /// Whether the line's first field (after leading spaces) may be a wanted id.
    func mayHold(_ line: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard let start = line.firstIndex(where: { $0 != 0x20 }) else { return false }
        let end = line[start...].firstIndex(of: 0x20) ?? line.endIndex
        let field = line[start..<end]
        if let asciiLengths, field.allSatisfy({ $0 < 0x80 }), !asciiLengths.contains(field.count) { return false }
        return wanted.contains(String(decoding: UnsafeBufferPointer(rebasing: field), as: UTF8.self))
    }
}
