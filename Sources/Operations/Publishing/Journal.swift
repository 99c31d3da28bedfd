import EventLog
import Foundation
import WorkstreamKit

/// `.ws/journal/<id>.jsonl`: each workstream's events, one JSON line each,
/// committed with the documents so the log travels with the repository.
///
/// A line is a pure function of its event: id, stream, type, schema version,
/// payload, actor, time and Lamport clock; no clone-local sequence, version or
/// hash. So the same event is the same line in every clone, a union merge of
/// two branches' journals never holds two lines for one event, and lines are
/// sorted in the total order (clock, then event id) every clone computes alike.
/// The local hash chain stays in the log and proves that this clone's copy was
/// not edited; the journal proves nothing by itself and is read as untrusted input.
public enum Journal {
    static let folder = ".ws/journal"

    /// `.ws/journal/<id>.jsonl`, or `.ws/journal/<xx>/<id>.jsonl` in a large project (see `DocumentLayout`).
    static func path(_ stream: String, _ layout: DocumentLayout) -> String { "\(folder)/\(layout.journalName(stream))" }

    /// One line, keys in canonical (sorted) order, the payload embedded as stored (see `EventIdentity`).
    static func line(_ r: RecordedEvent) -> String { EventIdentity.line(r) }

    /// The legacy seal (see `LegacySeal`): beside the journals, never read as one.
    static let sealPath = "\(folder)/legacy.seal"

    /// The stream's events, given in the total order.
    static func render(_ events: [RecordedEvent]) -> String {
        events.map(line).joined(separator: "\n") + (events.isEmpty ? "" : "\n")
    }

    /// A journal line that was not imported, with where it is and why.
    public struct Quarantined: Codable, Equatable {
        public var file: String
        public var line: Int
        public var reason: String
        /// The event id the line claims, when it could be read: `ws quarantine drop <event-id>` names it so.
        public var eventId: String?

        /// The file's path for people: a peer names it, so its control characters are shown as `\u{…}`, never sent
        /// to a terminal (an OSC sequence in a journal file's name retitled the reader's terminal: red team).
        public var shownFile: String { Text.printable(file, 300) }
        /// The reason, which may quote the line (a workstream id it names) or the file's name: printable, likewise.
        public var shownReason: String { Text.printable(reason, 600) }

        public var message: String {
            // Line 0: the file itself was refused (a symlink, a folder, a FIFO...), none of it read.
            if line == 0 {
                return "\(shownFile) was not read: \(shownReason). 'ws sync' writes the journal ws generates in its "
                    + "place."
            }
            return "\(shownFile) line \(line) was not imported: \(shownReason). Show it with 'ws quarantine'; "
                + "'ws sync' or 'ws quarantine drop \(shownFile):\(line)' drops it from the journal (it is not in the log)."
        }
    }

    struct Reading {
        var events: [NewEvent] = []
        var quarantined: [Quarantined] = []
        /// Lines in the form before clocks (`seq`, `hash`, `prevHash`, `version`): rewritten at the next commit.
        var legacyLines = 0
        /// Where each event's line is, for reports.
        var places: [String: (file: String, line: Int)] = [:]
        /// False when some file holds a line twice or out of order (a union merge does that): rewritten at the next commit.
        var canonical = true
    }

    /// Every valid event in the work tree's journal files. A bad line (not
    /// JSON, an unknown type, a path-like stream, an oversized field, a line in
    /// another stream's file, content that does not match its id, a legacy line
    /// the seal does not vouch for) is quarantined with its place; the rest import.
    /// `only`: the file names to read (nil: all of them). `wholeSeal`: read every digest of the seal, as before
    /// it was read for the legacy lines met alone (the reference the tests hold that reading to).
    static func read(workTree: URL, only: Set<String>? = nil, wholeSeal: Bool = false) -> Reading {
        var reading = Reading()
        reading.quarantined = foreignEntries(workTree: workTree)
        var lines: [ParsedLine] = []
        for name in only.map({ listable($0, workTree: workTree) }) ?? names(workTree: workTree) {
            let file = "\(folder)/\(name)"
            let data: Data
            switch OwnedFile.read(file, in: workTree) {
            case .read(let bytes): data = bytes
            case .absent:
                // A changed file git has and the work tree does not is not listed, so not read, as before.
                if only == nil {
                    reading.quarantined.append(Quarantined(file: file, line: 0, reason: "the file cannot be read"))
                }
                continue
            case .refused(let why): reading.quarantined.append(Quarantined(file: file, line: 0, reason: why))
                continue
            }
            let stream = Self.stream(ofName: name)
            JournalLines.each(data) { number, bytes in
                do {
                    let parsed = try JournalLineParser.parse(bytes, fileStream: stream)
                    lines.append(ParsedLine(file: file, number: number, event: parsed.event, legacy: parsed.legacy))
                } catch let rejected as JournalLineParser.Rejected {
                    reading.quarantined.append(Quarantined(file: file, line: number, reason: rejected.reason))
                } catch {
                    reading.quarantined.append(Quarantined(file: file, line: number, reason: "\(error)"))
                }
            }
        }
        // Only a legacy (UUID) line is checked against the seal: its digests are read for those ids alone, and
        // the seal not at all when every line read has a content id (the usual case after a rewrite).
        let legacyIds = Set(lines.lazy.map(\.event.eventId).filter { !EventIdentity.isContentId($0) })
        let seal = wholeSeal ? readSeal(workTree: workTree)
            : legacyIds.isEmpty ? nil : readSeal(workTree: workTree, only: legacyIds)
        let identity = IdentityRule(seal: seal, lines: lines)
        var firstById: [String: ParsedLine] = [:]
        var previous: (file: String, clock: Int64, eventId: String)?
        for line in lines {
            let e = line.event
            if let problem = identity.problem(with: e) {
                reading.quarantined.append(Quarantined(file: line.file, line: line.number, reason: problem,
                                                       eventId: e.eventId))
                continue
            }
            if let first = firstById[e.eventId] {
                // The same id twice: harmless when it is the same fact (a union merge), quarantined when not.
                reading.canonical = false
                if !first.event.sameFact(as: e) {
                    reading.quarantined.append(Quarantined(file: line.file, line: line.number,
                        reason: "its event id is also on line \(first.number) of \(first.file) with other content",
                        eventId: e.eventId))
                }
                continue
            }
            firstById[e.eventId] = line
            reading.events.append(e)
            reading.places[e.eventId] = (line.file, line.number)
            if line.legacy { reading.legacyLines += 1 }
            if let p = previous, p.file == line.file, (p.clock, p.eventId) >= (e.clock, e.eventId) {
                reading.canonical = false
            }
            previous = (line.file, e.clock, e.eventId)
        }
        return reading
    }

    struct ParsedLine {
        var file: String
        var number: Int
        var event: NewEvent
        var legacy: Bool
    }

    /// The seal as committed, nil when the journal has none (a journal from before content ids).
    /// `only`: the ids whose digests are wanted (nil: all).
    static func readSeal(workTree: URL, only: Set<String>? = nil) -> [String: Set<String>]? {
        guard let data = OwnedFile.contents(sealPath, in: workTree) else { return nil }
        return LegacySeal.parse(String(decoding: data, as: UTF8.self), only: only)
    }
}

/// Splits on newline bytes (a journal of a million events must not pay for
/// grapheme breaking) and hands over each non-blank line with its number.
public enum JournalLines {
    static func each(_ data: Data, _ body: (Int, ArraySlice<UInt8>) -> Void) {
        let bytes = [UInt8](data)
        var start = 0
        var number = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            number += 1
            let line = bytes[start..<end]
            if line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) { body(number, line) }
            start = end + 1
        }
    }
}
