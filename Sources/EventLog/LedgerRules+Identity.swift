import WorkstreamKit

extension LedgerRules {
    /// The events a decision produced, as the log will store them: stamped at the log's time
    /// (`Timestamp.recording`), and each with its content id (`EventIdentity`) computed at the
    /// clock the append gives it, inside the same transaction. `eventIds` (a caller that retries
    /// a batch under ids of its own) are kept as given.
    static func newEvents(_ pending: [PendingEvent], eventIds: [String]?, actor: String, time: String,
                          in rows: some LedgerRows) throws -> [NewEvent] {
        let last = try rows.lastInOrderWithTime()
        let stamped = Timestamp.recording(time, latest: last?.time)
        return pending.enumerated().map { i, p in
            var e = NewEvent(p, eventId: "", actor: actor, time: stamped)
            if let given = eventIds, i < given.count {
                e.eventId = given[i]
                return e
            }
            // The clock HashChain.number gives the i-th new event of a batch after the log's greatest clock.
            e.clock = min((last?.clock ?? 0) + Int64(i) + 1, EventValidation.maxClock)
            e.eventId = EventIdentity.contentId(of: e)
            e.clock = 0
            return e
        }
    }

    /// Refuses (rolling the transaction back) a batch whose content ids do not match the clocks the store gave:
    /// a journal line that does not match its id is quarantined by every other clone.
    static func checkContentIds(_ recorded: [RecordedEvent]) throws {
        for r in recorded where r.eventId != EventIdentity.contentId(stream: r.stream, type: r.type,
                                                                    schemaVersion: r.schemaVersion, payload: r.payload,
                                                                    actor: r.actor, time: r.time, clock: r.clock) {
            throw EventStoreError.io("internal: event \(r.seq) was clocked \(r.clock), not the clock its id was computed for")
        }
    }
}
