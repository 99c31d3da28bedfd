import EventLog
import PostgresNIO

/// An append numbered in the server (schema 9, `ws_append_numbered`), for a command whose decision reads only
/// the streams it writes. The body reads once without the lock (`ws_append_peek`, through `PostgresPrefetch`),
/// decides, and numbers the batch after what it read, provisionally; `PostgresRows.insert` hands the events
/// here instead of sending them, the read-model writes are held as one statement (`PostgresWriteBatch`), and
/// `PostgresRows.settled` sends everything in ONE call, which returns the numbers the server gave.
/// Anything else the body would send (a second read, a write that cannot be held, a held batch too large for one
/// statement) makes the append `Unavailable`, before anything was written: the caller runs it under the lock.
struct NumberedAppend {
    /// The append cannot be numbered in the server: run it again under the lock.
    struct Unavailable: Error {}

    /// The batch as `HashChain.number` numbered it after the unlocked read.
    var events: [RecordedEvent] = []
    /// The `origin` stored for every event (the clone's identity, or "git").
    var origin = ""
    /// Something was left unsent that the call cannot carry.
    var unavailable = false

    /// The index in the batch of the event numbered `seq` provisionally.
    func event(numbered seq: Int64) -> Int? {
        events.firstIndex { $0.seq == seq }
    }
}

extension PostgresSession {
    /// Runs `body` as an append numbered in the server, handing it what `subjects` read without the lock.
    /// Throws `NumberedAppend.Unavailable` (nothing written) when the body needs more than the one call.
    func numberedAppend<T>(subjects: [String], _ body: (PostgresPrefetch) throws -> T) throws -> T {
        let prefetched = try PostgresPrefetch.fetch(subjects, in: self, locked: false)
        numbering = NumberedAppend()
        defer { (numbering, batch) = (nil, PostgresWriteBatch()) }
        let result = try body(prefetched)
        // `settled` ends the numbering; a body that wrote and did not settle cannot be committed here.
        if let left = numbering, !left.events.isEmpty || !batch.isEmpty || left.unavailable {
            throw NumberedAppend.Unavailable()
        }
        return result
    }

    /// Sends the held events and writes in one call and returns the events as the server numbered them.
    func commitNumbered() throws -> [RecordedEvent] {
        guard let append = numbering, !append.unavailable else { throw NumberedAppend.Unavailable() }
        numbering = nil
        var (sql, values, slotElements, slotEvents): (String?, [String], [Int64], [Int64]) = (nil, [], [], [])
        if let (held, arguments, slots) = batch.take() {
            guard let text = PostgresWriteBatch.asText(held, arguments) else { throw NumberedAppend.Unavailable() }
            for slot in slots {
                guard let element = text.elements[slot.argument] else { throw NumberedAppend.Unavailable() }
                slotElements.append(Int64(element))
                slotEvents.append(Int64(slot.event + 1))
            }
            (sql, values) = (text.sql, text.values)
        }
        let events = append.events
        var checked: [String: Int64] = [:]
        for e in events where checked[e.stream] == nil { checked[e.stream] = e.version - 1 }
        let row = try Self.committing(url) { try query("""
            CALL ws_append_numbered($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
            """, [events.map(\.eventId), events.map(\.stream), events.map(\.version), events.map(\.type),
                  events.map { Int64($0.schemaVersion) }, events.map(\.payload), events.map(\.actor),
                  events.map(\.time), events.map(\.clock), append.origin, Array(checked.keys),
                  checked.keys.map { checked[$0] ?? 0 }, sql, values, slotElements, slotEvents,
                  String(PostgresSchema.version), HashChain.genesis]).first }
        guard let row else {
            throw PostgresStoreError.server(url.redacted, detail: "the numbered append returned nothing")
        }
        let (seqs, hashes, firstPrev) = try decoded(row, as: ([Int64], [String], String).self)
        guard seqs.count == events.count, hashes.count == events.count else {
            throw PostgresStoreError.server(url.redacted, detail: "the numbered append returned \(seqs.count) "
                                            + "numbers for \(events.count) events")
        }
        var prev = firstPrev
        return try events.indices.map { i in
            var e = events[i]
            (e.seq, e.prevHash, e.hash) = (seqs[i], prev, hashes[i])
            prev = hashes[i]
            // The reference: the chain as Swift computes it, which `ws verify` recomputes too.
            guard HashChain.hash(of: e) == e.hash else {
                throw PostgresStoreError.server(url.redacted, detail: "event \(e.seq) was chained differently from ws")
            }
            return e
        }
    }

    /// Runs the statement that commits an append: a connection lost before its answer leaves the outcome unknown.
    @discardableResult
    static func committing<T>(_ url: PostgresURL, _ statement: () throws -> T) throws -> T {
        do { return try statement() } catch PostgresStoreError.unreachable(let shown, let detail) {
            throw PostgresStoreError.outcomeUnknown(shown, detail: detail)
        }
    }

    /// Whether `error` says the numbered append cannot go as one call (the streams moved since they were read,
    /// an event id taken meanwhile, a database not in UTF-8): it runs again under the lock.
    static func runsUnderLock(_ error: any Error) -> Bool {
        if error is NumberedAppend.Unavailable { return true }
        guard case PostgresStoreError.server(_, let detail) = error else { return false }
        return ["40001", "23505", "0A000"].contains { detail.hasSuffix("(SQLSTATE \($0))") }
    }
}
