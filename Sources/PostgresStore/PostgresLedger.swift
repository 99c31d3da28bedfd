import EventLog
import Foundation
import WorkstreamKit

/// The write path over PostgreSQL, as `Ledger` is over SQLite: in one
/// transaction holding the append lock, load what the command reads, let the
/// pure decider rule, append with the versions that were read, and update the
/// read models. Another writer can never slip in between decision and append.
public final class PostgresLedger: WorkspaceLedger {
    public let store: PostgresEventStore
    /// Whose bookkeeping (`meta`, `published`) this is: the clone, since several share one log.
    public let clone: String
    var session: PostgresSession { store.session }

    public init(store: PostgresEventStore, clone: String) {
        self.store = store
        self.clone = clone
    }

    public var storeDescription: String { store.url.redacted }

    public func execute(_ command: Command, actor: String, time: String, eventIds: [String]?, requestCommit: Bool) throws -> Ledger.Outcome {
        try session.transaction(write: true) {
            var state = try loadState(for: command)
            let pending = try Decider.decide(command, state: state)
            guard !pending.isEmpty else { return Ledger.Outcome(events: [], state: state) }
            let events = pending.enumerated().map { i, p in
                NewEvent(p, eventId: eventIds.flatMap { i < $0.count ? $0[i] : nil } ?? UUID().uuidString.lowercased(),
                         actor: actor, time: time)
            }
            var expecting: [String: ExpectedVersion] = [:]
            for stream in Set(pending.map(\.stream)) { expecting[stream] = .exactly(state[stream]?.version ?? 0) }
            let (recorded, fresh) = try PostgresEventStore.appendReporting(events, expecting: expecting, in: session)
            // A retried batch comes back as it was stored: it is already in the read models.
            guard fresh else { return Ledger.Outcome(events: recorded, state: state) }
            try project(recorded, onto: &state)
            if requestCommit, let last = recorded.last { try setMetaInTransaction(Meta.commitRequested, String(last.seq)) }
            return Ledger.Outcome(events: recorded, state: state)
        }
    }

    /// Folds freshly appended events into `state` and saves what changed.
    func project(_ recorded: [RecordedEvent], onto state: inout WorkspaceState) throws {
        let before = state
        var touched: [String] = []
        for r in recorded {
            let envelope = try r.envelope()
            state.evolve(envelope)
            if let entry = PostgresReadModel.devlogEntry(r, envelope) { try PostgresReadModel.saveDevlog(entry, in: session) }
            if !touched.contains(r.stream) { touched.append(r.stream) }
        }
        for id in touched {
            guard let w = state[id] else { continue }
            try PostgresReadModel.save(w, old: before[id], in: session)
        }
    }

    /// Loads the part of the project a command's decision reads (as `Ledger` does).
    func loadState(for command: Command) throws -> WorkspaceState {
        switch command {
        case .applyPlan:
            return WorkspaceState(workstreams: try PostgresReadModel.loadAll(in: session))
        case .addDependency(let id, let dep):
            // A cycle can only run through what the new dependency already reaches.
            let reach = try PostgresReadModel.dependencyClosure(of: dep, in: session)
            return try withDependencies(of: PostgresReadModel.load(reach + [id], in: session))
        case .start, .complete, .declare:
            return try withDependencies(of: PostgresReadModel.load(command.subjects, in: session))
        default:
            return WorkspaceState(workstreams: try PostgresReadModel.load(command.subjects, in: session))
        }
    }

    /// Adds the dependencies of `workstreams`, and theirs, so the status of every direct dependency is exact.
    func withDependencies(of workstreams: [Workstream]) throws -> WorkspaceState {
        var state = WorkspaceState(workstreams: workstreams)
        var frontier = workstreams
        for _ in 0..<2 {
            let missing = Set(frontier.flatMap(\.dependsOn)).filter { state[$0] == nil }
            frontier = try PostgresReadModel.load(Array(missing), in: session)
            for w in frontier { state[w.id] = w }
        }
        return state
    }

    func setMetaInTransaction(_ key: String, _ value: String) throws {
        try session.query("""
            INSERT INTO meta (clone, key, value) VALUES ($1, $2, $3)
            ON CONFLICT (clone, key) DO UPDATE SET value = EXCLUDED.value
            """, [clone, key, value])
    }

    /// Runs `body` on one consistent snapshot.
    func read<T>(_ body: () throws -> T) throws -> T { try session.transaction(write: false, body) }
    func write<T>(_ body: () throws -> T) throws -> T { try session.transaction(write: true, body) }
}
