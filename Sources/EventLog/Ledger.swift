import Foundation
import GRDB
import WorkstreamKit

/// The write path of ws: in one IMMEDIATE transaction, load what a command
/// reads from the read models, let the pure decider rule on it, append the
/// events with the versions that were read, and bring the read models up to
/// date. Another process can never slip in between the decision and the append.
public final class Ledger {
    public let store: SQLiteEventStore

    public init(store: SQLiteEventStore) { self.store = store }

    public struct Outcome: Sendable {
        /// The events this command recorded (empty when there was nothing to change).
        public var events: [RecordedEvent]
        /// The state of the workstreams the command touched, after it.
        public var state: WorkspaceState

        public init(events: [RecordedEvent], state: WorkspaceState) { self.events = events; self.state = state }
    }

    /// `requestCommit` records, in the same transaction, that these events are to be
    /// committed to git: a crash before the commit is then caught up by the next command.
    public func execute(_ command: Command, actor: String, time: String, eventIds: [String]? = nil,
                        requestCommit: Bool = false) throws -> Outcome {
        try store.write { db in
            var state = try Self.loadState(for: command, in: db)
            let pending: [PendingEvent]
            do { pending = try Decider.decide(command, state: state) } catch { throw error }
            guard !pending.isEmpty else { return Outcome(events: [], state: state) }
            let events = pending.enumerated().map { i, p in
                NewEvent(p, eventId: eventIds.flatMap { i < $0.count ? $0[i] : nil } ?? UUID().uuidString.lowercased(),
                         actor: actor, time: time)
            }
            var expecting: [String: ExpectedVersion] = [:]
            for stream in Set(pending.map(\.stream)) { expecting[stream] = .exactly(state[stream]?.version ?? 0) }
            let headBefore = try SQLiteEventStore.head(in: db).seq
            let recorded = try SQLiteEventStore.append(events, expecting: expecting, in: db)
            // A retried batch comes back as it was stored: it is already in the read models.
            guard let first = recorded.first, first.seq > headBefore else { return Outcome(events: recorded, state: state) }
            try Self.project(recorded, onto: &state, in: db)
            if requestCommit, let last = recorded.last { try Meta.set(Meta.commitRequested, String(last.seq), in: db) }
            return Outcome(events: recorded, state: state)
        }
    }

    /// Folds freshly appended events into `state` and saves what changed.
    static func project(_ recorded: [RecordedEvent], onto state: inout WorkspaceState, in db: Database) throws {
        let before = state
        var touched: [String] = []
        for r in recorded {
            let envelope = try r.envelope()
            state.evolve(envelope)
            try ReadModel.saveDevlog(envelope, in: db)
            if !touched.contains(r.stream) { touched.append(r.stream) }
        }
        for id in touched {
            guard let w = state[id] else { continue }
            try ReadModel.save(w, old: before[id], in: db)
        }
        for id in touched {
            let justCompleted = state[id]?.lifecycle == .completed && before[id]?.lifecycle != .completed
            try ReadModel.refreshOpenDependencies(of: id, completed: justCompleted, in: db)
        }
    }

    /// Loads the part of the project a command's decision reads.
    static func loadState(for command: Command, in db: Database) throws -> WorkspaceState {
        switch command {
        case .applyPlan:
            return WorkspaceState(workstreams: try ReadModel.loadAll(in: db))
        case .addDependency(let id, let dep):
            // A cycle can only run through what the new dependency already reaches.
            let reach = try ReadModel.dependencyClosure(of: dep, in: db)
            return try withDependencies(of: ReadModel.load(reach + [id], in: db), in: db)
        case .start, .complete, .declare:
            // These rules read the status of each dependency.
            return try withDependencies(of: ReadModel.load(command.subjects, in: db), in: db)
        default:
            // The rest read only the workstream itself (and, for a dependency, the other end).
            return WorkspaceState(workstreams: try ReadModel.load(command.subjects, in: db))
        }
    }

    /// Adds the dependencies of `workstreams`, and theirs, so that the status of
    /// every direct dependency (which refusals name) is exact.
    static func withDependencies(of workstreams: [Workstream], in db: Database) throws -> WorkspaceState {
        var state = WorkspaceState(workstreams: workstreams)
        var frontier = workstreams
        for _ in 0..<2 {
            let missing = Set(frontier.flatMap(\.dependsOn)).filter { state[$0] == nil }
            frontier = try ReadModel.load(Array(missing), in: db)
            for w in frontier { state[w.id] = w }
        }
        return state
    }
}
