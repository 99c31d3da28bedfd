import Crypto
import Foundation
import WorkstreamKit

/// SHA-256 over the previous hash and every stored field of the event, so
/// that editing, reordering or deleting any row breaks the chain from there on.
public enum HashChain {
    public static let genesis = String(repeating: "0", count: 64)

    public static func hash(prev: String, seq: Int64, eventId: String, stream: String, version: Int64, type: String,
                            schemaVersion: Int, actor: String, time: String, payload: String, clock: Int64) -> String {
        // Unit separators keep field boundaries unambiguous whatever the fields contain.
        var fields = [prev, String(seq), eventId, stream, String(version), type, String(schemaVersion), actor, time, payload]
        // The clock is covered whenever it differs from the sequence: rows written before clocks existed
        // (clock = seq) keep their hashes, and an edit of any clock still breaks the chain, either way.
        if clock != seq { fields.append(String(clock)) }
        return sha256Hex(fields.joined(separator: "\u{1F}"))
    }

    /// The SHA-256 of `text`'s UTF-8, in hex, hashed where the string holds its bytes. `Data(text.utf8)` copied them
    /// first, and its initializer's dynamic cast made the Swift runtime scan every protocol conformance record of the
    /// binary (10,933) on a process's first event: 2 % of a `ws log` (perf, 100-workstream plan).
    static func sha256Hex(_ text: String) -> String {
        var text = text
        var hasher = SHA256()
        text.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        return hex(hasher.finalize())
    }

    static let digits = Array("0123456789abcdef".utf8)

    static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0xF)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Numbers a batch after the head (`seq`, `prev`) and the current version of
    /// each of its streams, chaining every event to the one before: the one way
    /// both stores turn new events into rows.
    /// `clock` is the greatest clock the log holds: a new event is clocked after it, an imported one keeps its own.
    /// A new event's clock stops at `EventValidation.maxClock`, the most any clone imports: past it, every peer
    /// would quarantine the line (equal clocks are still ordered, by event id).
    public static func number(_ events: [NewEvent], after seq: Int64, prev: String, versions: [String: Int64],
                              clock: Int64, origin: String) -> [RecordedEvent] {
        var (seq, prev, versions, clock) = (seq, prev, versions, clock)
        return events.map { e in
            seq += 1
            clock = e.clock > 0 ? max(clock, e.clock) : min(clock + 1, EventValidation.maxClock)
            let eventClock = e.clock > 0 ? e.clock : clock
            let version = (versions[e.stream] ?? 0) + 1
            versions[e.stream] = version
            let hash = hash(prev: prev, seq: seq, eventId: e.eventId, stream: e.stream, version: version, type: e.type,
                            schemaVersion: e.schemaVersion, actor: e.actor, time: e.time, payload: e.payload, clock: eventClock)
            defer { prev = hash }
            return RecordedEvent(seq: seq, eventId: e.eventId, stream: e.stream, version: version, type: e.type,
                                 schemaVersion: e.schemaVersion, payload: e.payload, actor: e.actor, time: e.time,
                                 prevHash: prev, hash: hash, clock: eventClock, origin: origin)
        }
    }

    public static func hash(of e: RecordedEvent) -> String {
        hash(prev: e.prevHash, seq: e.seq, eventId: e.eventId, stream: e.stream, version: e.version, type: e.type,
             schemaVersion: e.schemaVersion, actor: e.actor, time: e.time, payload: e.payload, clock: e.clock)
    }
}
