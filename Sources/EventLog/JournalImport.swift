import Foundation
import GRDB
import WorkstreamKit

/// What importing a journal did: events new to this log, events it already
/// held, lines refused because their event id is stored with other content, and
/// lines refused because their clock is more than any real history reaches.
public struct JournalImportResult: Sendable {
    public var imported: Int
    public var alreadyPresent: Int
    public var reused: [String]
    public var clockTooHigh: [ClockRefusal]

    public init(imported: Int, alreadyPresent: Int, reused: [String], clockTooHigh: [ClockRefusal] = []) {
        self.imported = imported; self.alreadyPresent = alreadyPresent; self.reused = reused
        self.clockTooHigh = clockTooHigh
    }
}

/// An imported event whose Lamport clock exceeds the number of events the log would hold with every
/// line imported. A clock is one more than the greatest its recorder held, and that event's clock
/// was one more than its own recorder's, and so on: an event clocked c has at least c events in its
/// causal history, all of which travel in the same journals. So no real event is clocked beyond
/// that count; a line that is was written by hand, and would push every later event's clock to the
/// bound (2^53), where they sort by event id instead of by what came first.
public struct ClockRefusal: Sendable, Equatable {
    public var eventId: String
    public var clock: Int64
    /// The events the log holds plus the lines read (the refused ones too): the most a clock can be.
    public var bound: Int64

    public init(eventId: String, clock: Int64, bound: Int64) {
        self.eventId = eventId; self.clock = clock; self.bound = bound
    }

    public var reason: String {
        "its clock \(clock) exceeds \(bound), the number of events this log would hold with every line read; a "
            + "Lamport clock never exceeds the number of events before it, so this one was written by hand"
    }

    /// The most a clock may be when `held` events are in the log and `read` lines come in.
    public static func bound(held: Int64, read: Int) -> Int64 { held + Int64(read) }
}

/// The store-independent part of a journal import: which events are new,
/// which are known, which reuse a known id for another fact.
public enum JournalMerge {
    public struct Plan {
        public var fresh: [NewEvent] = []
        public var present = 0
        public var reused: [String] = []
        public var clockTooHigh: [ClockRefusal] = []

        public func result(imported: Int) -> JournalImportResult {
            JournalImportResult(imported: imported, alreadyPresent: present, reused: reused, clockTooHigh: clockTooHigh)
        }
    }

    /// Sorted into the total order, so the log's arrival order is the same wherever the same journal is read.
    /// `held`: the events the log holds; `refused`: the lines read but refused for other reasons. They count
    /// toward the clock bound, so a line a newer ws refuses never takes the lines after it down with it.
    public static func plan(_ events: [NewEvent], held: Int64, refused: Int,
                            stored: (String) throws -> RecordedEvent?) throws -> Plan {
        var plan = Plan()
        var seen: Set<String> = []
        var candidates: [NewEvent] = []
        for e in events.sorted(by: { ($0.clock, $0.eventId) < ($1.clock, $1.eventId) }) where seen.insert(e.eventId).inserted {
            if let known = try stored(e.eventId) {
                if known.sameFact(as: e) { plan.present += 1 } else { plan.reused.append(e.eventId) }
                continue
            }
            candidates.append(e)
        }
        let bound = ClockRefusal.bound(held: held, read: candidates.count + plan.reused.count + refused)
        for e in candidates {
            if e.clock <= bound { plan.fresh.append(e); continue }
            plan.clockTooHigh.append(ClockRefusal(eventId: e.eventId, clock: e.clock, bound: bound))
        }
        return plan
    }

    /// Whether every event sorts after `last`, the greatest (clock, event id) the log held.
    public static func allAfter(_ events: [NewEvent], last: (clock: Int64, eventId: String)?) -> Bool {
        guard let last else { return true }
        return events.allSatisfy { ($0.clock, $0.eventId) > (last.clock, last.eventId) }
    }

    /// The workstreams the events touch, and those their dependency events name.
    public static func subjects(_ recorded: [RecordedEvent]) -> [String] {
        var ids = Set(recorded.map(\.stream))
        for r in recorded where WorkstreamEvent.typesNamingWorkstreams.contains(r.type) {
            ids.formUnion((try? r.decoded())?.namedWorkstreams ?? [])
        }
        return Array(ids)
    }
}
