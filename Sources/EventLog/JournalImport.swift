import Foundation
import GRDB
import WorkstreamKit

/// What importing a journal did: events new to this log, events it already
/// held, and lines refused because their event id is stored with other content.
public struct JournalImportResult: Sendable {
    public var imported: Int
    public var alreadyPresent: Int
    public var reused: [String]

    public init(imported: Int, alreadyPresent: Int, reused: [String]) {
        self.imported = imported; self.alreadyPresent = alreadyPresent; self.reused = reused
    }
}

/// The store-independent part of a journal import: which events are new,
/// which are known, which reuse a known id for another fact.
public enum JournalMerge {
    public struct Plan {
        public var fresh: [NewEvent] = []
        public var present = 0
        public var reused: [String] = []

        public func result(imported: Int) -> JournalImportResult {
            JournalImportResult(imported: imported, alreadyPresent: present, reused: reused)
        }
    }

    /// Sorted into the total order, so the log's arrival order is the same wherever the same journal is read.
    public static func plan(_ events: [NewEvent], stored: (String) throws -> RecordedEvent?) throws -> Plan {
        var plan = Plan()
        var seen: Set<String> = []
        for e in events.sorted(by: { ($0.clock, $0.eventId) < ($1.clock, $1.eventId) }) where seen.insert(e.eventId).inserted {
            if let known = try stored(e.eventId) {
                if known.sameFact(as: e) { plan.present += 1 } else { plan.reused.append(e.eventId) }
                continue
            }
            plan.fresh.append(e)
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
