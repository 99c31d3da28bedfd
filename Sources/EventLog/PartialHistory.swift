import GRDB
import WorkstreamKit

/// What incremental publishing reads: the neighbourhood of the workstreams
/// that changed, from the read models, instead of a replay of the whole log.
extension Ledger {
    /// Workstreams that `ids` depend on, and those that depend on them.
    public func neighbours(of ids: Set<String>) throws -> (dependencies: Set<String>, dependents: Set<String>) {
        guard !ids.isEmpty else { return ([], []) }
        return try store.read { db in
            var deps = Set<String>(), dependents = Set<String>()
            for chunk in Array(ids).chunked(500) {
                let marks = databaseQuestionMarks(count: chunk.count)
                deps.formUnion(try String.fetchAll(db.cachedStatement(sql: "SELECT depends_on FROM dependencies WHERE workstream_id IN (\(marks))"), arguments: StatementArguments(chunk)))
                dependents.formUnion(try String.fetchAll(db.cachedStatement(sql: "SELECT workstream_id FROM dependencies WHERE depends_on IN (\(marks))"), arguments: StatementArguments(chunk)))
            }
            return (deps, dependents)
        }
    }

    /// Streams with events after `seq`, and the workstreams those events name as dependencies.
    public func changes(after seq: Int64) throws -> (streams: Set<String>, referenced: Set<String>) {
        try store.read { db in
            // Not DISTINCT: the planner would then walk a whole index of the log instead of the recent rows.
            let streams = Set(try String.fetchAll(db.cachedStatement(sql: "SELECT stream_id FROM events WHERE seq > ?"), arguments: [seq]))
            var referenced = Set<String>()
            for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT type, schema_version, payload FROM events WHERE seq > ? AND +type IN ('DependencyAdded', 'DependencyRemoved')"), arguments: [seq]) {
                if case .dependencyAdded(let d)? = try? EventCodec.decode(type: row[0], schemaVersion: row[1], payload: row[2]) { referenced.insert(d.dependsOn) }
                if case .dependencyRemoved(let d)? = try? EventCodec.decode(type: row[0], schemaVersion: row[1], payload: row[2]) { referenced.insert(d.dependsOn) }
            }
            return (streams, referenced)
        }
    }

    /// The workstreams `stateIds` as the read models hold them, with the events of `eventStreams`.
    public func partialHistory(stateIds: Set<String>, eventStreams: Set<String>, upTo seq: Int64) throws -> ProjectHistory {
        try store.read { db in
            let state = WorkspaceState(workstreams: try ReadModel.load(Array(stateIds), in: db))
            var events: [String: [EventEnvelope]] = [:]
            for stream in eventStreams {
                for r in try SQLiteEventStore.events(in: db, upTo: seq, stream: stream) { events[stream, default: []].append(try r.envelope()) }
            }
            let last = try String.fetchOne(db.cachedStatement(sql: "SELECT MAX(time) FROM events WHERE seq <= ?"), arguments: [seq])
            return ProjectHistory(state: state, events: events, lastSeq: seq, lastTime: last ?? "")
        }
    }

    public func hasPublished() throws -> Bool {
        try store.read { db in try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM published)")) ?? false }
    }

    /// The documents last published for `workstreams` (all of them when nil).
    public func publishedPaths(of workstreams: Set<String>?) throws -> [String: String] {
        try store.read { db in
            var out: [String: String] = [:]
            if let workstreams {
                for chunk in Array(workstreams).chunked(500) {
                    for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT path, workstream FROM published WHERE workstream IN (\(databaseQuestionMarks(count: chunk.count)))"), arguments: StatementArguments(chunk)) {
                        out[row[0]] = row[1]
                    }
                }
            } else {
                for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT path, workstream FROM published")) { out[row[0]] = row[1] }
            }
            return out
        }
    }

    /// Records the documents now published for `workstreams` (replacing what was recorded for them).
    public func recordPublished(_ owners: [String: String], for workstreams: Set<String>?) throws {
        try store.write { db in
            if let workstreams {
                for chunk in Array(workstreams).chunked(500) {
                    try db.execute(sql: "DELETE FROM published WHERE workstream IN (\(databaseQuestionMarks(count: chunk.count)))", arguments: StatementArguments(chunk))
                }
            } else {
                try db.execute(sql: "DELETE FROM published")
            }
            let insert = try db.cachedStatement(sql: "INSERT OR REPLACE INTO published (path, workstream) VALUES (?, ?)")
            for (path, owner) in owners { try insert.execute(arguments: [path, owner]) }
        }
    }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
