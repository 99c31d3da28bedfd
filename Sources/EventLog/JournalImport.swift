import Foundation
import GRDB
import WorkstreamKit

extension Ledger {
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

    /// Appends the journal events this log has not seen (by event id), each with
    /// the clock it came with, in one transaction. When they all sort after
    /// what the log holds, they are projected like local appends; an event that
    /// sorts earlier changes what came after it, so the read models are replayed.
    public func importJournal(_ events: [NewEvent]) throws -> JournalImportResult {
        try store.write { db in
            let plan = try JournalMerge.plan(events) { try SQLiteEventStore.event(withId: $0, in: db) }
            guard !plan.fresh.isEmpty else { return plan.result(imported: 0) }
            let last = try Row.fetchOne(db.cachedStatement(sql: "SELECT clock, event_id FROM events ORDER BY clock DESC, event_id DESC LIMIT 1"))
                .map { (clock: $0[0] as Int64, eventId: $0[1] as String) }
            let recorded = try SQLiteEventStore.append(plan.fresh, expecting: [:], in: db)
            if JournalMerge.allAfter(plan.fresh, last: last) {
                var state = try Self.withDependencies(of: ReadModel.load(JournalMerge.subjects(recorded), in: db), in: db)
                try Self.project(recorded, onto: &state, in: db)
            } else {
                try Self.rebuildReadModels(in: db)
            }
            return plan.result(imported: recorded.count)
        }
    }
}

/// The store-independent part of a journal import: which events are new,
/// which are known, which reuse a known id for another fact.
public enum JournalMerge {
    public struct Plan {
        public var fresh: [NewEvent] = []
        public var present = 0
        public var reused: [String] = []

        public func result(imported: Int) -> Ledger.JournalImportResult {
            Ledger.JournalImportResult(imported: imported, alreadyPresent: present, reused: reused)
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
        for r in recorded where r.type == "DependencyAdded" || r.type == "DependencyRemoved" {
            if case .dependencyAdded(let d)? = try? r.decoded() { ids.insert(d.dependsOn) }
            if case .dependencyRemoved(let d)? = try? r.decoded() { ids.insert(d.dependsOn) }
        }
        return Array(ids)
    }
}
