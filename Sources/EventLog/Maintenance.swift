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
    }

    public func verify() throws -> VerifyReport {
        try store.read { db in
            var problems: [String] = []
            var firstBad: Int64?
            var expectedSeq: Int64 = 1
            var prev = HashChain.genesis
            var count: Int64 = 0
            var chainIntact = true
            try SQLiteEventStore.forEachEvent(in: db) { r in
                count += 1
                if chainIntact {
                    var why: String?
                    if r.seq != expectedSeq { why = "sequence \(expectedSeq) is missing (next stored is \(r.seq))" }
                    else if r.prevHash != prev { why = "event \(r.seq) does not follow the hash of event \(r.seq - 1)" }
                    else if HashChain.hash(of: r) != r.hash { why = "event \(r.seq) (\(r.type) on \(r.stream)) was altered: its content no longer matches its hash" }
                    if let why {
                        chainIntact = false
                        firstBad = r.seq == expectedSeq ? r.seq : expectedSeq
                        problems.append(why)
                    }
                }
                do { _ = try r.decoded() } catch {
                    problems.append("event \(r.seq) cannot be read: \(error)")
                }
                expectedSeq = r.seq + 1
                prev = r.hash
            }
            let head = try SQLiteEventStore.head(in: db)
            if problems.isEmpty {
                problems += try Self.readModelDrift(in: db)
                problems += try String.fetchAll(db.cachedStatement(sql: "SELECT id || ': ' || conflict FROM workstreams WHERE conflict IS NOT NULL ORDER BY position"))
                    .map { "conflict on \($0)" }
            }
            return VerifyReport(events: count, head: head.hash, problems: problems, firstBadSequence: firstBad)
        }
    }

    /// Differences between the read models and a fresh replay of the log.
    static func readModelDrift(in db: Database) throws -> [String] {
        let replayed = try replay(in: db)
        let stored = WorkspaceState(workstreams: try ReadModel.loadAll(in: db))
        var problems: [String] = []
        for id in Set(replayed.state.workstreams.keys).union(stored.workstreams.keys).sorted() {
            switch (replayed.state[id], stored[id]) {
            case (nil, _?): problems.append("read model has workstream \(id), which the log never declared")
            case (_?, nil): problems.append("read model is missing workstream \(id)")
            case (let a?, let b?) where a != b: problems.append("read model of \(id) differs from a replay of the log (run 'ws rebuild')")
            default: break
            }
        }
        let miscounted = try String.fetchAll(db.cachedStatement(sql: """
            SELECT id FROM workstreams WHERE open_deps <> \(ReadModel.openDependencyCount(of: "workstreams.id")) ORDER BY position
            """))
        for id in miscounted { problems.append("read model counts the open dependencies of \(id) wrongly (run 'ws rebuild')") }
        if try ReadModel.devlog(of: nil, in: db) != replayed.devlog {
            problems.append("devlog read model differs from a replay of the log (run 'ws rebuild')")
        }
        return problems
    }

    /// Replays the whole log into fresh read models, in one transaction.
    @discardableResult
    public func rebuild() throws -> Int64 {
        try store.write { db in try Self.rebuildReadModels(in: db) }
    }

    @discardableResult
    static func rebuildReadModels(in db: Database) throws -> Int64 {
        try ReadModel.clear(in: db)
        let replayed = try replay(in: db)
        for w in replayed.state.ordered { try ReadModel.save(w, old: nil, in: db) }
        for d in replayed.devlog {
            try db.cachedStatement(sql: "INSERT INTO devlog (seq, workstream_id, kind, message, hours, actor, time) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .execute(arguments: [d.seq, d.workstream, d.kind.rawValue, d.message, d.hours, d.actor, d.time])
        }
        try db.execute(sql: "UPDATE workstreams SET open_deps = \(ReadModel.openDependencyCount(of: "workstreams.id"))")
        return try SQLiteEventStore.head(in: db).seq
    }
}
