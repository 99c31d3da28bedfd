import EventLog
import PostgresNIO
import WorkstreamKit

/// `verify`, `rebuild`, `export`/`import` and this clone's bookkeeping over
/// PostgreSQL, judged by the same rules as the SQLite log.
extension PostgresLedger {
    public func verify() throws -> Ledger.VerifyReport {
        try read {
            var chain = ChainCheck()
            try PostgresEventStore.forEachEventInArrivalOrder(in: session) { chain.check($0) }
            var problems = chain.problems
            let head = try PostgresEventStore.head(in: session)
            if problems.isEmpty {
                let replayed = try replayInTransaction()
                let stored = try state()
                problems += Ledger.drift(replayed: replayed.state, stored: stored)
                if try PostgresReadModel.devlog(of: nil, in: session) != replayed.devlog {
                    problems.append("devlog read model differs from a replay of the log (run 'ws rebuild')")
                }
                let edges = try session.query("SELECT workstream_id, depends_on FROM dependencies").map { try session.decoded($0, as: (String, String).self) }
                let expected = Set(replayed.state.workstreams.values.flatMap { w in w.dependsOn.map { "\(w.id)>\($0)" } })
                if Set(edges.map { "\($0.0)>\($0.1)" }) != expected {
                    problems.append("dependency read model differs from a replay of the log (run 'ws rebuild')")
                }
            }
            return Ledger.VerifyReport(events: chain.count, head: head.hash, problems: problems, firstBadSequence: chain.firstBadSequence)
        }
    }

    @discardableResult
    public func rebuild() throws -> Int64 { try write { try rebuildInTransaction() } }

    @discardableResult
    func rebuildInTransaction() throws -> Int64 { try Self.rebuildReadModels(in: session) }

    @discardableResult
    static func rebuildReadModels(in session: PostgresSession) throws -> Int64 {
        try PostgresReadModel.clear(in: session)
        let replayed = try replay(in: session)
        for w in replayed.state.ordered { try PostgresReadModel.save(w, old: nil, in: session) }
        for d in replayed.devlog { try PostgresReadModel.saveDevlog(d, in: session) }
        return try PostgresEventStore.head(in: session).seq
    }

    /// As `Ledger.importEvents`: verbatim into an empty log, unseen events appended to a used one; one transaction.
    public func importEvents(_ events: [RecordedEvent], rechainIfNeeded: Bool) throws -> Ledger.ImportResult {
        try write {
            let head = try PostgresEventStore.head(in: session)
            if head.seq == 0 && !(rechainIfNeeded && !Ledger.formsOneChain(events)) {
                var expected: (seq: Int64, hash: String) = (1, HashChain.genesis)
                for (i, r) in events.enumerated() {
                    guard r.seq == expected.seq, r.prevHash == expected.hash else {
                        throw EventStoreError.importRejected(line: i + 1, detail: "event \(r.seq) breaks the chain (expected sequence \(expected.seq))")
                    }
                    try PostgresEventStore.insert(r, in: session)
                    expected = (r.seq + 1, r.hash)
                }
                try rebuildInTransaction()
                return Ledger.ImportResult(imported: events.count, alreadyPresent: 0, verbatim: true)
            }
            var imported = 0, present = 0
            for r in events {
                let candidate = NewEvent(eventId: r.eventId, stream: r.stream, type: r.type, schemaVersion: r.schemaVersion,
                                         payload: r.payload, actor: r.actor, time: r.time, clock: r.clock)
                if let stored = try PostgresEventStore.event(withId: r.eventId, in: session) {
                    guard stored.sameFact(as: candidate) else { throw EventStoreError.eventIdReused(r.eventId) }
                    present += 1
                    continue
                }
                _ = try PostgresEventStore.append([candidate], expecting: [:], in: session)
                imported += 1
            }
            if imported > 0 { try rebuildInTransaction() }
            return Ledger.ImportResult(imported: imported, alreadyPresent: present, verbatim: false)
        }
    }

    /// As `Ledger.importJournal`: the unseen events with their clocks; projected like appends when
    /// they all sort after what the log holds, otherwise the read models are replayed.
    public func importJournal(_ events: [NewEvent]) throws -> Ledger.JournalImportResult {
        try write {
            let plan = try JournalMerge.plan(events) { try PostgresEventStore.event(withId: $0, in: session) }
            guard !plan.fresh.isEmpty else { return plan.result(imported: 0) }
            let last = try session.query("SELECT clock, event_id FROM events ORDER BY clock DESC, event_id DESC LIMIT 1").first
                .map { try session.decoded($0, as: (Int64, String).self) }
            let recorded = try PostgresEventStore.append(plan.fresh, expecting: [:], in: session)
            if JournalMerge.allAfter(plan.fresh, last: last.map { (clock: $0.0, eventId: $0.1) }) {
                var state = try withDependencies(of: PostgresReadModel.load(JournalMerge.subjects(recorded), in: session))
                try project(recorded, onto: &state)
            } else {
                try rebuildInTransaction()
            }
            return plan.result(imported: recorded.count)
        }
    }

    public func export(_ sink: (String) throws -> Void) throws {
        try read { try PostgresEventStore.forEachEventInArrivalOrder(in: session) { try sink(ExportFormat.line($0)) } }
    }

    // MARK: This clone's bookkeeping

    public func meta(_ key: String) throws -> String? {
        try session.value("SELECT value FROM meta WHERE clone = $1 AND key = $2", [clone, key], as: String.self)
    }

    public func setMeta(_ key: String, _ value: String) throws {
        try write { try setMetaInTransaction(key, value) }
    }

    public func hasPublished() throws -> Bool {
        try session.value("SELECT EXISTS (SELECT 1 FROM published WHERE clone = $1)", [clone], as: Bool.self) ?? false
    }

    public func publishedPaths(of workstreams: Set<String>?) throws -> [String: String] {
        let rows = try workstreams.map { try session.query("SELECT path, workstream FROM published WHERE clone = $1 AND workstream = ANY($2)", [clone, Array($0)]) }
            ?? session.query("SELECT path, workstream FROM published WHERE clone = $1", [clone])
        var out: [String: String] = [:]
        for row in rows {
            let (path, owner) = try session.decoded(row, as: (String, String).self)
            out[path] = owner
        }
        return out
    }

    public func recordPublished(_ owners: [String: String], for workstreams: Set<String>?) throws {
        try write {
            if let workstreams {
                try session.query("DELETE FROM published WHERE clone = $1 AND workstream = ANY($2)", [clone, Array(workstreams)])
            } else {
                try session.query("DELETE FROM published WHERE clone = $1", [clone])
            }
            for (path, owner) in owners {
                try session.query("""
                    INSERT INTO published (clone, path, workstream) VALUES ($1, $2, $3)
                    ON CONFLICT (clone, path) DO UPDATE SET workstream = EXCLUDED.workstream
                    """, [clone, path, owner])
            }
        }
    }
}
