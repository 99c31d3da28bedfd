import WorkstreamKit

/// The read rules, written once over the store's rows: answered from the read
/// models (never by replaying), each on one snapshot.
extension Ledger {
    public func summaries() throws -> [WorkstreamSummary] { try read { try $0.summaries(readyOnly: false) } }

    /// The summaries of `ids` that exist, in the order given, with their dependencies.
    public func summaries(of ids: [String]) throws -> [WorkstreamSummary] { try read { try $0.summaries(of: ids) } }

    /// Every summary, `dependsOn` possibly empty (see `LedgerRows.summariesWithoutDependencies`).
    public func summariesWithoutDependencies() throws -> [WorkstreamSummary] {
        try read { try $0.summariesWithoutDependencies() }
    }

    /// Ready work: open, unheld, unblocked, every dependency completed.
    public func ready() throws -> [WorkstreamSummary] { try read { try $0.summaries(readyOnly: true) } }

    /// Held workstreams whose lease had run out at `now`: work an agent may take over.
    public func staleLeases(now: String) throws -> [WorkstreamSummary] {
        try read { rows in
            try rows.summaries(of: rows.leasedWorkstreams()).compactMap { s in
                var s = s
                s.markStale(now: now)
                return s.isStale ? s : nil
            }
        }
    }

    /// Everything a person needs to see about one workstream: its document and its neighbours' summaries.
    public func detail(_ id: String) throws -> WorkstreamDetail {
        try read { rows in
            guard let w = try rows.load([id]).first, let summary = try rows.summaries(of: [id]).first else {
                throw Refusal.unknownWorkstream(id)
            }
            return WorkstreamDetail(workstream: w, summary: summary, dependencies: try rows.summaries(of: w.dependsOn),
                                    dependents: try rows.summaries(of: rows.dependents(of: id).sorted()),
                                    devlog: try rows.devlog(of: id))
        }
    }

    public func exists(_ id: String) throws -> Bool { try read { try $0.exists(id) } }

    /// Whether the log holds the event with this id.
    public func holdsEvent(_ eventId: String) throws -> Bool { try read { try $0.event(withId: eventId) != nil } }

    /// How many workstreams the log declares, counted by the store (not by loading them).
    public func workstreamCount() throws -> Int { try read { try $0.workstreamCount() } }

    /// Events in order, optionally of one stream and after a sequence number.
    public func history(stream: String? = nil, after: Int64 = 0, upTo: Int64? = nil) throws -> [RecordedEvent] {
        try read { try $0.events(after: after, upTo: upTo, stream: stream) }
    }

    /// The last sequence whose time is at or before `time` (ISO 8601 text compares in order).
    public func sequence(atOrBefore time: String) throws -> Int64 { try read { try $0.sequence(atOrBefore: time) } }

    // MARK: What incremental publishing reads: the neighbourhood of what changed, not a replay

    /// The hash of event `seq` (the genesis hash for 0), or nil when there is no such event.
    public func hash(at seq: Int64) throws -> String? {
        seq == 0 ? HashChain.genesis : try read { try $0.hash(at: seq) }
    }

    /// Workstreams that `ids` depend on, and those that depend on them.
    public func neighbours(of ids: Set<String>) throws -> (dependencies: Set<String>, dependents: Set<String>) {
        guard !ids.isEmpty else { return ([], []) }
        return try read { try $0.neighbours(of: Array(ids)) }
    }

    /// Streams with events after `seq`, and the workstreams those events name.
    public func changes(after seq: Int64) throws -> (streams: Set<String>, referenced: Set<String>) {
        try read { rows in
            let named = try rows.events(after: seq, ofTypes: WorkstreamEvent.typesNamingWorkstreams)
            return (try rows.streams(after: seq), Set(named.flatMap(\.namedWorkstreams)))
        }
    }

    /// The workstreams `stateIds` as the read models hold them, with the events of `eventStreams`.
    public func partialHistory(stateIds: Set<String>, eventStreams: Set<String>, upTo seq: Int64) throws -> ProjectHistory {
        try read { rows in
            var state = WorkspaceState(workstreams: try rows.load(Array(stateIds)))
            // The read models hold the latest state, and another process may have appended since `seq` was read
            // (a concurrent `ws task add` while this commit renders): such a workstream is folded again from its
            // own events up to `seq` (its state is a function of its stream alone), so every document of one
            // commit shows the log as of that commit's last sequence number.
            let ahead = try rows.streams(after: seq).intersection(stateIds)
            for (id, asOf) in try Self.folded(upTo: seq, ahead, in: rows) {
                state[id] = asOf
            }
            var events: [String: [EventEnvelope]] = [:]
            for stream in eventStreams {
                for r in try rows.events(after: 0, upTo: seq, stream: stream) { events[stream, default: []].append(try r.envelope()) }
            }
            return ProjectHistory(state: state, events: events, lastSeq: seq, lastTime: try rows.lastTime(upTo: seq) ?? "")
        }
    }

    /// `summaries` as of `seq`: those of workstreams another process changed since (see `partialHistory`) made
    /// again from their own events up to `seq` (their dependencies' statuses as the read models hold them), and
    /// those declared since left out. The index a commit publishes shows the log as of its last sequence number.
    public func summaries(_ summaries: [WorkstreamSummary], asOf seq: Int64) throws -> [WorkstreamSummary] {
        try read { rows in
            let ahead = try rows.streams(after: seq).intersection(summaries.map(\.id))
            guard !ahead.isEmpty else { return summaries }
            var patched: [String: WorkstreamSummary] = [:]
            for (id, asOf) in try Self.folded(upTo: seq, ahead, in: rows) {
                guard let asOf else { continue }
                var state = WorkspaceState(workstreams: try rows.load(asOf.dependsOn))
                state[id] = asOf
                patched[id] = state.summary(of: id)
            }
            return summaries.compactMap { ahead.contains($0.id) ? patched[$0.id] : $0 }
        }
    }

    /// Each of `ids` folded from its own events up to `seq` (a workstream's state is a function of its stream
    /// alone); nil for one not declared by then.
    static func folded(upTo seq: Int64, _ ids: Set<String>, in rows: some LedgerRows) throws -> [String: Workstream?] {
        var out: [String: Workstream?] = [:]
        for id in ids {
            var asOf = WorkspaceState()
            for r in try rows.events(after: 0, upTo: seq, stream: id) { asOf.evolve(try r.envelope()) }
            out[id] = .some(asOf[id])
        }
        return out
    }

    // MARK: This clone's bookkeeping

    public func meta(_ key: String) throws -> String? { try read { try $0.meta(key) } }

    public func setMeta(_ key: String, _ value: String) throws { try write { try $0.setMeta(key, value) } }

    public func hasPublished() throws -> Bool { try read { try $0.hasPublished() } }

    /// The documents last published for `workstreams` (all of them when nil).
    public func publishedPaths(of workstreams: Set<String>?) throws -> [String: String] {
        try read { try $0.publishedPaths(of: workstreams) }
    }

    /// Records the documents now published for `workstreams` (replacing what was recorded for them).
    public func recordPublished(_ owners: [String: String], for workstreams: Set<String>?) throws {
        try write { try $0.recordPublished(owners, for: workstreams) }
    }
}
