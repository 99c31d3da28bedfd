import Foundation
import WorkstreamKit

/// The write path of ws, once for every store: inside one transaction, load
/// what a command reads from the read models, let the pure decider rule on
/// it, append the events with the versions that were read, and bring the
/// read models up to date. Another process can never slip in between the
/// decision and the append. The store only moves rows (`LedgerRows`).
public enum LedgerRules {
    /// `requestCommit` records, in the same transaction, that these events are to be
    /// committed to git: a crash before the commit is then caught up by the next command.
    public static func execute(_ command: Command, actor: String, time: String, eventIds: [String]?, requestCommit: Bool,
                               in rows: some LedgerRows) throws -> CommandOutcome {
        try EventValidation.actor(actor)
        var state = try loadState(for: command, in: rows)
        let pending = try Decider.decide(command, state: state, now: time, actor: actor)
        guard !pending.isEmpty else { return CommandOutcome(events: [], state: state) }
        let events = try newEvents(pending, eventIds: eventIds, actor: actor, time: time, in: rows)
        var expecting: [String: ExpectedVersion] = [:]
        for stream in Set(pending.map(\.stream)) { expecting[stream] = .exactly(state[stream]?.version ?? 0) }
        let (recorded, fresh) = try append(events, expecting: expecting, in: rows)
        if fresh && eventIds == nil { try checkContentIds(recorded) }
        // A retried batch comes back as it was stored: it is already in the read models.
        guard fresh else { return CommandOutcome(events: recorded, state: state) }
        try project(recorded, onto: &state, in: rows)
        if requestCommit, let last = recorded.last { try rows.setMeta(Meta.commitRequested, String(last.seq)) }
        return CommandOutcome(events: try rows.settled(recorded), state: state)
    }

    /// Appends `events` as one batch: each stream named in `expecting` must be at
    /// that version; a batch whose ids are all stored with the same content comes
    /// back as stored (`fresh` false); an id stored with other content is refused.
    public static func append(_ events: [NewEvent], expecting: [String: ExpectedVersion],
                              in rows: some LedgerRows) throws -> (events: [RecordedEvent], fresh: Bool) {
        guard !events.isEmpty else { return ([], false) }
        let stored = try events.compactMap { try rows.event(withId: $0.eventId) }
        if !stored.isEmpty {
            guard stored.count == events.count, zip(stored, events).allSatisfy({ $0.sameFact(as: $1) }) else {
                let reused = events.first { e in stored.contains { $0.eventId == e.eventId && !$0.sameFact(as: e) } }?.eventId ?? stored[0].eventId
                throw EventStoreError.eventIdReused(reused)
            }
            return (stored, false)
        }
        let position = try rows.appendPosition(streams: Set(events.map(\.stream)))
        for (stream, expected) in expecting {
            let current = position.versions[stream] ?? 0
            if case .exactly(let version) = expected, version != current {
                throw EventStoreError.versionConflict(stream: stream, expected: version, actual: current)
            }
        }
        let origin = events.contains { $0.clock > 0 } ? "git" : "here"
        let recorded = HashChain.number(events, after: position.seq, prev: position.hash, versions: position.versions,
                                        clock: position.clock, origin: origin)
        try rows.insert(recorded, origin: origin)
        return (recorded, true)
    }

    /// Folds freshly appended events into `state` and saves what changed.
    static func project(_ recorded: [RecordedEvent], onto state: inout WorkspaceState, in rows: some LedgerRows) throws {
        let before = state
        var touched: [String] = []
        for r in recorded {
            let envelope = try r.envelope()
            state.evolve(envelope)
            if let entry = DevlogEntry(r, envelope) { try rows.saveDevlog(entry) }
            if !touched.contains(r.stream) { touched.append(r.stream) }
        }
        for id in touched {
            guard let w = state[id] else { continue }
            try rows.save(w, old: before[id])
        }
        // Dependents count open dependencies: they change when a workstream becomes completed, and
        // also when it stops being completed (a conflict settled in favour of a cancellation).
        let completionMoved = Set(touched.filter { (state[$0]?.lifecycle == .completed) != (before[$0]?.lifecycle == .completed) })
        try rows.refreshDerived(touched: touched, completed: completionMoved)
    }

    /// Loads the part of the project a command's decision reads.
    static func loadState(for command: Command, in rows: some LedgerRows) throws -> WorkspaceState {
        switch command {
        case .applyPlan:
            return WorkspaceState(workstreams: try rows.loadAll())
        case .addDependency(let id, let dep), .removeDependency(let id, let dep):
            // A cycle can only run through what the dependency reaches: adding one is refused when it would close
            // a cycle, and removing one from a closed workstream is allowed only when it breaks a cycle between clones.
            let reach = try rows.dependencyClosure(of: dep)
            return try withDependencies(of: rows.load(reach + [id]), in: rows)
        case .declare(let d):
            // The status of each dependency, and the workstreams whose documents could collide with the new one's.
            var state = try withDependencies(of: rows.load(command.subjects), in: rows)
            for w in try rows.loadIgnoringCase(DocumentKey.candidates(id: d.id, title: d.title)) where state[w.id] == nil { state[w.id] = w }
            return state
        case .start, .complete, .takeOver:
            // These rules read the status of each dependency.
            return try withDependencies(of: rows.load(command.subjects), in: rows)
        case .writeBrief, .addTask, .completeTask, .reopenTask, .log, .recordArtifact, .block, .unblock,
             .cancel, .resolveHolder, .resolveConflict, .requestProvision, .settleProvision, .planProvision,
             .renew, .release, .addCheck, .recordCheck:
            // The rest read only the workstream itself.
            return WorkspaceState(workstreams: try rows.load(command.subjects))
        }
    }

    /// Whether the decision on `command` reads only the streams its events are written to (`loadState`'s last
    /// group): such an append is exact whenever those streams are still at the versions read, whatever else was
    /// appended meanwhile, so a store may read without the append lock and check the versions when it writes
    /// (PostgreSQL's one-call append, `LedgerStore.writeRows(prefetching:numberedInStore:)`).
    public static func readsOnlyItsStreams(_ command: Command) -> Bool {
        switch command {
        case .applyPlan, .addDependency, .removeDependency, .declare, .start, .complete, .takeOver:
            return false
        case .writeBrief, .addTask, .completeTask, .reopenTask, .log, .recordArtifact, .block, .unblock,
             .cancel, .resolveHolder, .resolveConflict, .requestProvision, .settleProvision, .planProvision,
             .renew, .release, .addCheck, .recordCheck:
            return true
        }
    }

    /// Adds the dependencies of `workstreams`, and theirs, so that the status of
    /// every direct dependency (which refusals name) is exact.
    static func withDependencies(of workstreams: [Workstream], in rows: some LedgerRows) throws -> WorkspaceState {
        var state = WorkspaceState(workstreams: workstreams)
        var frontier = workstreams
        for _ in 0..<2 {
            let missing = Set(frontier.flatMap(\.dependsOn)).filter { state[$0] == nil }
            frontier = try rows.load(Array(missing))
            for w in frontier { state[w.id] = w }
        }
        return state
    }

    /// Every event up to `seq` in the total order, decoded (old shapes upcast) and
    /// handed to `body`; returns the devlog entries among them.
    /// `raw` sees each event as stored, before it is decoded.
    public static func replayEvents(upTo seq: Int64?, in rows: some LedgerRows, raw: (RecordedEvent) -> Void = { _ in },
                                    _ body: (EventEnvelope) -> Void) throws -> [DevlogEntry] {
        var devlog: [DevlogEntry] = []
        try rows.forEachEvent(upTo: seq) { r in
            raw(r)
            let e = try r.envelope()
            body(e)
            if let entry = DevlogEntry(r, e) { devlog.append(entry) }
        }
        return devlog
    }

    public static func replay(upTo seq: Int64?, in rows: some LedgerRows) throws -> (state: WorkspaceState, devlog: [DevlogEntry]) {
        var state = WorkspaceState()
        let devlog = try replayEvents(upTo: seq, in: rows) { state.evolve($0) }
        return (state, devlog)
    }

    public static func projectHistory(upTo seq: Int64?, in rows: some LedgerRows) throws -> ProjectHistory {
        var history = ProjectHistory()
        try rows.forEachEvent(upTo: seq) { history.apply(try $0.envelope()) }
        return history
    }
}
