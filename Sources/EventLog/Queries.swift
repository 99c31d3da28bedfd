import Foundation
import GRDB
import WorkstreamKit

/// The read-side questions over SQLite: the rules over them are in `Ledger+Reads`.
extension SQLiteRows {
    public func summaries(of ids: [String]) throws -> [WorkstreamSummary] {
        try ids.flatMap { try summaries(only: $0) }
    }

    /// Two queries (workstreams, then their dependencies), decoded by column
    /// position: listings of ten thousand workstreams are on the hot path of
    /// `status`, `ready` and `blocked`.
    public func summaries(readyOnly: Bool) throws -> [WorkstreamSummary] {
        try summaries(only: nil, readyOnly: readyOnly)
    }

    /// The 30,000 rows of edges at 10,000 workstreams are a third of reading every summary: the index summary
    /// of a large project reads none of them.
    public func summariesWithoutDependencies() throws -> [WorkstreamSummary] {
        try summaries(only: nil, dependencies: false)
    }

    /// `condition`: SQL without parameters, for few rows (their edges are looked up by id).
    func summaries(only id: String?, condition: String? = nil, readyOnly: Bool = false,
                   dependencies: Bool = true) throws -> [WorkstreamSummary] {
        var conditions: [String] = []
        if id != nil { conditions.append("id = ?") }
        if let condition { conditions.append("(\(condition))") }
        if readyOnly { conditions.append(SummaryColumns.ready) }
        let sql = """
            SELECT \(SummaryColumns.sql) FROM workstreams \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")) ORDER BY position
            """
        var rows: [WorkstreamSummary] = []
        func add(_ r: RawRow) throws { rows.append(try SummaryColumns.summary(r)) }
        if let id {
            let statement = try db.cachedStatement(sql: sql)
            try statement.setArguments([id])
            let cursor = try Row.fetchCursor(statement)
            while let row = try cursor.next() { _ = row; try add(RawRow(statement: statement.sqliteStatement)) }
        } else {
            try RawQuery.each(db, sql, add)
        }
        guard !rows.isEmpty, dependencies else { return rows }
        if id != nil || condition != nil || rows.count < 200 {
            var deps: [String: [String]] = [:]
            let marks = questionMarks(count: rows.count)
            let c = try Row.fetchCursor(db.cachedStatement(sql: "SELECT workstream_id, depends_on FROM dependencies WHERE workstream_id IN (\(marks)) ORDER BY workstream_id, depends_on"),
                                        arguments: StatementArguments(rows.map(\.id)))
            while let r = try c.next() { deps[r[0], default: []].append(r[1]) }
            for i in rows.indices { rows[i].dependsOn = deps[rows[i].id] ?? [] }
        } else {
            // Rows come grouped by workstream: one id lookup per group, not per dependency.
            var rowIndex: [String: Int] = [:]
            rowIndex.reserveCapacity(rows.count)
            for (i, r) in rows.enumerated() { rowIndex[r.id] = i }
            var groupKey: [UInt8] = []
            var group: Int?
            try RawQuery.each(db, "SELECT workstream_id, depends_on FROM dependencies ORDER BY workstream_id, depends_on") { r in
                let key = r.bytes(0)
                if !key.elementsEqual(groupKey) {
                    groupKey = Array(key)
                    group = rowIndex[String(decoding: key, as: UTF8.self)]
                }
                if let group { rows[group].dependsOn.append(r.text(1)) }
            }
        }
        return rows
    }

    public func leasedWorkstreams() throws -> [String] {
        try String.fetchAll(db.cachedStatement(
            sql: "SELECT id FROM workstreams WHERE \(SummaryColumns.leased) ORDER BY position"))
    }

    public func dependents(of id: String) throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT workstream_id FROM dependencies WHERE depends_on = ?"), arguments: [id])
    }

    public func exists(_ id: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM workstreams WHERE id = ?)"), arguments: [id]) ?? false
    }

    public func workstreamCount() throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM workstreams")) ?? 0
    }

    public func sequence(atOrBefore time: String) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(seq) FROM events WHERE time <= ?"), arguments: [time]) ?? 0
    }
}

/// Everything a person needs to see about one workstream.
public struct WorkstreamDetail: Sendable {
    public var workstream: Workstream
    public var summary: WorkstreamSummary
    public var dependencies: [WorkstreamSummary]
    public var dependents: [WorkstreamSummary]
    public var devlog: [DevlogEntry]

    public init(workstream: Workstream, summary: WorkstreamSummary, dependencies: [WorkstreamSummary],
                dependents: [WorkstreamSummary], devlog: [DevlogEntry]) {
        self.workstream = workstream; self.summary = summary; self.dependencies = dependencies
        self.dependents = dependents; self.devlog = devlog
    }
}
