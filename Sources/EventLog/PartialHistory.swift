import GRDB
import WorkstreamKit

/// What incremental publishing and this clone's bookkeeping read and write, over SQLite.
extension SQLiteRows {
    public func neighbours(of ids: [String]) throws -> (dependencies: Set<String>, dependents: Set<String>) {
        var deps = Set<String>(), dependents = Set<String>()
        for chunk in ids.chunked(500) {
            let marks = questionMarks(count: chunk.count)
            deps.formUnion(try String.fetchAll(db.cachedStatement(sql: "SELECT depends_on FROM dependencies WHERE workstream_id IN (\(marks))"), arguments: StatementArguments(chunk)))
            dependents.formUnion(try String.fetchAll(db.cachedStatement(sql: "SELECT workstream_id FROM dependencies WHERE depends_on IN (\(marks))"), arguments: StatementArguments(chunk)))
        }
        return (deps, dependents)
    }

    public func streams(after seq: Int64) throws -> Set<String> {
        // Not DISTINCT: the planner would then walk a whole index of the log instead of the recent rows.
        Set(try String.fetchAll(db.cachedStatement(sql: "SELECT stream_id FROM events WHERE seq > ?"), arguments: [seq]))
    }

    public func events(after seq: Int64, ofTypes types: Set<String>) throws -> [WorkstreamEvent] {
        guard !types.isEmpty else { return [] }
        // `+type`: the recent rows by sequence, not every row of these types by the type index.
        let sql = "SELECT type, schema_version, payload FROM events WHERE seq > ? AND +type IN (\(questionMarks(count: types.count)))"
        return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: StatementArguments([seq] + types.sorted().map { $0 as any DatabaseValueConvertible }))
            .compactMap { row in try? EventCodec.decode(type: row[0], schemaVersion: row[1], payload: row[2]) }
    }

    public func lastTime(upTo seq: Int64) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT MAX(time) FROM events WHERE seq <= ?"), arguments: [seq])
    }

    public func hash(at seq: Int64) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT hash FROM events WHERE seq = ?"), arguments: [seq])
    }

    public func meta(_ key: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE key = ?"), arguments: [key])
    }

    public func setMeta(_ key: String, _ value: String) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: [key, value])
    }

    public func hasPublished() throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM published)")) ?? false
    }

    public func publishedPaths(of workstreams: Set<String>?) throws -> [String: String] {
        var out: [String: String] = [:]
        if let workstreams {
            for chunk in Array(workstreams).chunked(500) {
                for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT path, workstream FROM published WHERE workstream IN (\(questionMarks(count: chunk.count)))"), arguments: StatementArguments(chunk)) {
                    out[row[0]] = row[1]
                }
            }
        } else {
            for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT path, workstream FROM published")) { out[row[0]] = row[1] }
        }
        return out
    }

    public func recordPublished(_ owners: [String: String], for workstreams: Set<String>?) throws {
        if let workstreams {
            for chunk in Array(workstreams).chunked(500) {
                try db.execute(sql: "DELETE FROM published WHERE workstream IN (\(questionMarks(count: chunk.count)))", arguments: StatementArguments(chunk))
            }
        } else {
            try db.execute(sql: "DELETE FROM published")
        }
        let insert = try db.cachedStatement(sql: "INSERT OR REPLACE INTO published (path, workstream) VALUES (?, ?)")
        for (path, owner) in owners { try insert.execute(arguments: [path, owner]) }
    }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
