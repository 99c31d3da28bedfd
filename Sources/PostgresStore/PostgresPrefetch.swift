import EventLog
import PostgresNIO
import WorkstreamKit

/// What a command's append reads, fetched right behind BEGIN by the statement that takes the append lock
/// (`ws_append_begin`, schema 5; before, the statement after the lock's: one round trip more under it),
/// so the calling thread waits once while it holds the lock instead of once a read (each wait is a wake-up
/// scheduled among every other writer's). PostgresNIO still sends a queued statement only once the one
/// before it is done, so each statement under the lock remains a round trip of its event-loop thread:
/// `ws log` went from 5 reads + 4 writes + COMMIT to 1 read + 3 writes + COMMIT (the open dependency refresh
/// skipped when nothing moved). 16 processes x 100, 10,000 workstreams, release, one server, alternated,
/// load 2.4-4: 361-405 appends/s before, 422-488 with the prefetch, 597-615 with the skip too.
/// Since then the 3 writes go as one statement (`PostgresWriteBatch`): 1 read + 1 write + COMMIT; and since
/// schema 7 the read takes the lock at session level (`ws_append_lock`) and the write commits in the same call
/// (`ws_append_commit`): 2 statements in all.
///
/// It holds the rows `LedgerRules.execute` asks for first: the documents and stream versions of the
/// command's subjects, the head and the last event in the total order. Those are read after the lock is
/// granted (a VOLATILE function's statements, in READ COMMITTED, each take a new snapshot), so
/// they are the latest state, exactly what the queries they replace return at that point. A question
/// it cannot answer (a dependency of a subject, another stream) goes to the server as before. It stops
/// answering once the transaction writes, so nothing reads a row it changed from here.
final class PostgresPrefetch {
    private let ids: Set<String>
    private let docs: [String: String]
    private let versions: [String: Int64]
    private let head: (seq: Int64, hash: String)
    private let last: (clock: Int64, eventId: String, time: String)?
    private(set) var current = true

    private init(ids: Set<String>, docs: [String: String], versions: [String: Int64], head: (seq: Int64, hash: String),
                 last: (clock: Int64, eventId: String, time: String)?) {
        (self.ids, self.docs, self.versions, self.head, self.last) = (ids, docs, versions, head, last)
    }

    /// One query, which takes the append lock first (`ws_append_begin`, schema 5): one row per id, or one row
    /// when there is none. Its wait also reports BEGIN's errors.
    /// Without `locked`, the same read without the lock (`ws_append_peek`, schema 9) for an append the server
    /// numbers (`PostgresSession.numberedAppend`).
    static func fetch(_ ids: [String], in session: PostgresSession, locked: Bool = true) throws -> PostgresPrefetch {
        // In `appendTransaction` the lock is the session's (`ws_append_lock`, schema 7), else the transaction's.
        let rows = !locked ? try session.query("SELECT * FROM ws_append_peek($1, $2)", [Array(Set(ids)), HashChain.genesis])
            : session.appendState == .awaitingLock
            ? try session.query("SELECT * FROM ws_append_lock($1, $2)", [Array(Set(ids)), HashChain.genesis])
            : try session.query("SELECT * FROM ws_append_begin($1, $2, $3)",
                                [Array(Set(ids)), HashChain.genesis, String(PostgresSchema.version)])
        var (docs, versions) = ([String: String](), [String: Int64]())
        var head = (seq: Int64(0), hash: HashChain.genesis)
        var last: (clock: Int64, eventId: String, time: String)?
        for row in rows {
            let (seq, hash, clock, eventId, time, id, doc, version) = try session.decoded(
                row, as: (Int64, String, Int64?, String?, String?, String?, String?, Int64?).self)
            head = (seq, hash)
            if let clock, let eventId, let time { last = (clock, eventId, time) }
            guard let id else { continue }
            versions[id] = version ?? 0
            if let doc { docs[id] = doc }
        }
        return PostgresPrefetch(ids: Set(ids), docs: docs, versions: versions, head: head, last: last)
    }

    /// Whether a saved workstream is new or its dependencies changed: its open dependency count must be counted.
    private(set) var dependenciesMoved = false

    /// The transaction wrote: later reads go to the server, which sees the writes.
    func wrote() { current = false }

    func saved(_ w: Workstream, old: Workstream?) {
        wrote()
        if old.map({ Set($0.dependsOn) != Set(w.dependsOn) }) ?? true { dependenciesMoved = true }
    }

    /// The documents of `ids` when every one of them was fetched (an absent one stays absent), else nil.
    func load(_ ids: [String]) throws -> [Workstream]? {
        guard current, Set(ids).isSubset(of: self.ids) else { return nil }
        return try Set(ids).compactMap { docs[$0] }.map(WorkstreamRecord.decode)
    }

    func lastInOrderWithTime() -> (clock: Int64, eventId: String, time: String)?? {
        current ? .some(last) : nil
    }

    func appendPosition(streams: Set<String>) -> AppendPosition? {
        guard current, streams.isSubset(of: ids) else { return nil }
        var versions: [String: Int64] = [:]
        for stream in streams { versions[stream] = self.versions[stream] ?? 0 }
        return AppendPosition(seq: head.seq, hash: head.hash, versions: versions, clock: last?.clock ?? 0)
    }

    /// A write whose first attempt failed only because an event id it took for new is stored: the events
    /// table's unique key refused it, and the append runs again reading everything (it then returns the
    /// stored batch, or refuses the reused id, as the rules say).
    static func isStoredEventId(_ error: any Error) -> Bool {
        if case PostgresStoreError.server(_, let detail) = error { return detail.hasSuffix("(SQLSTATE 23505)") }
        return false
    }
}
