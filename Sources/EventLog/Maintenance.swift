import Foundation
import GRDB
import WorkstreamKit

/// `ws verify` and `ws rebuild`: checking the log against itself, and
/// regenerating the read models from it.
extension Ledger {
    public struct VerifyReport: Sendable {
        public var events: Int64
        public var head: String
        /// Each problem found, in log order; empty when the log is sound.
        public var problems: [String]
        /// The first sequence number whose row does not match its hash or place in the chain.
        public var firstBadSequence: Int64?
        public var ok: Bool { problems.isEmpty }

        public init(events: Int64, head: String, problems: [String], firstBadSequence: Int64?) {
            self.events = events; self.head = head; self.problems = problems; self.firstBadSequence = firstBadSequence
        }
    }

    public func verify() throws -> VerifyReport {
        try store.read { db in
            var chain = ChainCheck()
            try SQLiteEventStore.forEachEventInArrivalOrder(in: db) { chain.check($0) }
            var problems = chain.problems
            let head = try SQLiteEventStore.head(in: db)
            if problems.isEmpty {
                problems += try Self.readModelDrift(in: db)
            }
            return VerifyReport(events: chain.count, head: head.hash, problems: problems, firstBadSequence: chain.firstBadSequence)
        }
    }

    /// Differences between the read models and a fresh replay of the log.
    static func readModelDrift(in db: Database) throws -> [String] {
        let replayed = try replay(in: db)
        let stored = WorkspaceState(workstreams: try ReadModel.loadAll(in: db))
        var problems = drift(replayed: replayed.state, stored: stored)
        let miscounted = try String.fetchAll(db.cachedStatement(sql: """
            SELECT id FROM workstreams WHERE open_deps <> \(ReadModel.openDependencyCount(of: "workstreams.id")) ORDER BY position
            """))
        for id in miscounted { problems.append("read model counts the open dependencies of \(id) wrongly (run 'ws rebuild')") }
        if try ReadModel.devlog(of: nil, in: db) != replayed.devlog {
            problems.append("devlog read model differs from a replay of the log (run 'ws rebuild')")
        }
        return problems
    }

    /// Workstreams on which the stored read model and a replay disagree, in words.
    public static func drift(replayed: WorkspaceState, stored: WorkspaceState) -> [String] {
        var problems: [String] = []
        for id in Set(replayed.workstreams.keys).union(stored.workstreams.keys).sorted() {
            switch (replayed[id], stored[id]) {
            case (nil, _?): problems.append("read model has workstream \(id), which the log never declared")
            case (_?, nil): problems.append("read model is missing workstream \(id)")
            case (let a?, let b?) where a != b: problems.append("read model of \(id) differs from a replay of the log (run 'ws rebuild')")
            default: break
            }
        }
        return problems
    }

    /// Replays the whole log into fresh read models, in one transaction.
    @discardableResult
    public func rebuild() throws -> Int64 {
        try store.write { db in try Self.rebuildReadModels(in: db) }
    }

    /// `rebuild`, handing back the history it replayed: `ws rebuild` renders
    /// every document from it instead of replaying a million events again.
    public func rebuildKeepingHistory() throws -> (seq: Int64, history: ProjectHistory?) {
        try store.write { db in
            try ReadModel.clear(in: db)
            var history = ProjectHistory()
            let devlog = try Self.replayEvents(in: db, upTo: nil) { history.apply($0) }
            return (try Self.saveReadModels(state: history.state, devlog: devlog, in: db), history)
        }
    }

    @discardableResult
    static func rebuildReadModels(in db: Database) throws -> Int64 {
        try ReadModel.clear(in: db)
        let replayed = try replay(in: db)
        return try saveReadModels(state: replayed.state, devlog: replayed.devlog, in: db)
    }

    /// Fills the cleared read models from a replayed state; returns the log's head.
    private static func saveReadModels(state: WorkspaceState, devlog: [DevlogEntry], in db: Database) throws -> Int64 {
        for w in state.ordered { try ReadModel.save(w, old: nil, in: db) }
        for d in devlog {
            try db.cachedStatement(sql: "INSERT INTO devlog (seq, workstream_id, kind, message, hours, actor, time) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .execute(arguments: [d.seq, d.workstream, d.kind.rawValue, d.message, d.hours, d.actor, d.time])
        }
        try db.execute(sql: "UPDATE workstreams SET open_deps = \(ReadModel.openDependencyCount(of: "workstreams.id"))")
        return try SQLiteEventStore.head(in: db).seq
    }
}
