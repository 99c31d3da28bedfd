import Foundation
import WorkstreamKit

/// `verify`, `rebuild` and the imports, once for every store.
extension LedgerRules {
    /// The chain walked in arrival order, then (when it is intact) the read
    /// models compared with a fresh replay in the total order.
    public static func verify(in rows: some LedgerRows) throws -> VerifyReport {
        var chain = ChainCheck()
        try rows.forEachEventInArrivalOrder { chain.check($0) }
        var problems = try rows.storageDamage() + chain.problems
        let head = try rows.head()
        if problems.isEmpty {
            let replayed = try replay(upTo: nil, in: rows)
            problems += LedgerRules.drift(replayed: replayed.state, stored: WorkspaceState(workstreams: try rows.loadAll()))
            problems += try rows.derivedDrift()
            if try rows.devlog(of: nil) != replayed.devlog {
                problems.append("devlog read model differs from a replay of the log (run 'ws rebuild')")
            }
        }
        return VerifyReport(events: chain.count, head: head.hash, problems: problems, firstBadSequence: chain.firstBadSequence)
    }

    /// Replays the whole log into fresh read models; returns the head's sequence.
    @discardableResult
    public static func rebuildReadModels(in rows: some LedgerRows) throws -> Int64 {
        try rebuildKeepingHistory(in: rows).seq
    }

    /// `rebuildReadModels`, handing back the history it replayed: `ws rebuild` renders
    /// every document from it instead of replaying a million events again.
    /// `observer` sees each event of the one ordered scan (journals are written from it) and the history once
    /// replayed, before the rows are written (so documents can be rendered meanwhile).
    public static func rebuildKeepingHistory(in rows: some LedgerRows, observer: RebuildObserver = RebuildObserver())
        throws -> (seq: Int64, history: ProjectHistory) {
        try rows.clearReadModels()
        var history = ProjectHistory()
        let devlog = try replayEvents(upTo: nil, in: rows, raw: observer.event) { history.apply($0) }
        observer.replayed(history)
        for w in history.state.ordered { try rows.save(w, old: nil) }
        for entry in devlog { try rows.saveDevlog(entry) }
        try rows.refreshAllDerived()
        return (try rows.head().seq, history)
    }

    /// Into an empty log, the events are stored exactly as exported (same
    /// sequence numbers and hashes). Into a log that has events, the ones not
    /// seen yet (by event id) are appended after it, chained anew. With
    /// `rechainIfNeeded`, events that do not form one chain go in as into a used log.
    public static func importEvents(_ events: [RecordedEvent], rechainIfNeeded: Bool, in rows: some LedgerRows) throws -> EventImportResult {
        let head = try rows.head()
        try refuseForgedClocks(events, held: head.seq)
        if head.seq == 0 && !(rechainIfNeeded && !LedgerRules.formsOneChain(events)) {
            var expected: (seq: Int64, hash: String) = (1, HashChain.genesis)
            for (i, r) in events.enumerated() {
                guard r.seq == expected.seq, r.prevHash == expected.hash else {
                    throw EventStoreError.importRejected(line: i + 1, detail: "event \(r.seq) breaks the chain (expected sequence \(expected.seq))")
                }
                expected = (r.seq + 1, r.hash)
            }
            try rows.insert(events, origin: "here")
            try rebuildReadModels(in: rows)
            return EventImportResult(imported: events.count, alreadyPresent: 0, verbatim: true)
        }
        var imported = 0
        var present = 0
        for r in events {
            let candidate = NewEvent(eventId: r.eventId, stream: r.stream, type: r.type, schemaVersion: r.schemaVersion,
                                     payload: r.payload, actor: r.actor, time: r.time, clock: r.clock)
            if let stored = try rows.event(withId: r.eventId) {
                guard stored.sameFact(as: candidate) else { throw EventStoreError.eventIdReused(r.eventId) }
                present += 1
                continue
            }
            _ = try append([candidate], expecting: [:], in: rows)
            imported += 1
        }
        if imported > 0 { try rebuildReadModels(in: rows) }
        return EventImportResult(imported: imported, alreadyPresent: present, verbatim: false)
    }

    /// Appends the journal events this log has not seen (by event id), each with
    /// the clock it came with. When they all sort after what the log holds, they
    /// are projected like local appends; an event that sorts earlier changes what
    /// came after it in its own stream, so the streams they touch are folded again (`refold`).
    /// An event clocked past what the log could hold after the import is refused (`ClockRefusal`); `refused`
    /// counts the lines the caller refused for other reasons, which a real clock may have counted.
    public static func importJournal(_ events: [NewEvent], refused: Int, in rows: some LedgerRows) throws
        -> JournalImportResult {
        let plan = try JournalMerge.plan(events, held: rows.head().seq, refused: refused) { try rows.event(withId: $0) }
        guard !plan.fresh.isEmpty else { return plan.result(imported: 0) }
        let last = try rows.lastInOrder()
        let (recorded, _) = try append(plan.fresh, expecting: [:], in: rows)
        if JournalMerge.allAfter(plan.fresh, last: last) {
            var state = try withDependencies(of: rows.load(JournalMerge.subjects(recorded)), in: rows)
            try project(recorded, onto: &state, in: rows)
        } else {
            try refold(recorded, in: rows)
        }
        return plan.result(imported: recorded.count)
    }

    /// A `ws import` file is refused whole when an event's clock is past the events the log would then hold
    /// (see `ClockRefusal`): an export line without a clock is clocked by its sequence number.
    static func refuseForgedClocks(_ events: [RecordedEvent], held: Int64) throws {
        let bound = ClockRefusal.bound(held: held, read: events.count)
        for (i, r) in events.enumerated() {
            let clock = r.clock > 0 ? r.clock : r.seq
            guard clock <= bound else {
                let refusal = ClockRefusal(eventId: r.eventId, clock: clock, bound: bound)
                throw EventStoreError.importRejected(line: i + 1, detail: refusal.reason)
            }
        }
    }
}
