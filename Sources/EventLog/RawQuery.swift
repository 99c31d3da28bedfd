import GRDB
import GRDBSQLite

/// Steps a cached statement with SQLite's own column functions. GRDB's row
/// decoding goes through generic casts that cost more than SQLite itself on
/// listings of tens of thousands of rows; this is for those listings only.
struct RawRow: ColumnRow {
    let statement: OpaquePointer

    func text(_ i: Int32) -> String { String(decoding: bytes(i), as: UTF8.self) }

    /// The column's bytes, valid only until the statement steps again.
    func bytes(_ i: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let p = sqlite3_column_text(statement, i) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(statement, i)))
    }

    func optionalText(_ i: Int32) -> String? {
        sqlite3_column_type(statement, i) == SQLITE_NULL ? nil : text(i)
    }

    func int(_ i: Int32) -> Int { Int(sqlite3_column_int64(statement, i)) }

    func optionalDouble(_ i: Int32) -> Double? {
        sqlite3_column_type(statement, i) == SQLITE_NULL ? nil : sqlite3_column_double(statement, i)
    }
}

enum RawQuery {
    /// Runs `sql` (no parameters) and calls `body` for each row.
    static func each(_ db: Database, _ sql: String, _ body: (RawRow) throws -> Void) throws {
        let statement = try db.cachedStatement(sql: sql)
        let s = statement.sqliteStatement
        sqlite3_reset(s)
        defer { sqlite3_reset(s) }
        while true {
            let rc = sqlite3_step(s)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
            }
            try body(RawRow(statement: s))
        }
    }
}

/// `?,?,…,?` for an `IN (…)` of `count` values. GRDB's `databaseQuestionMarks` joins an array of "?" through the
/// generic `joined`, whose first use costs a Swift runtime conformance scan: 0.46 M of the 15.9 M instructions
/// of a `ws log` (callgrind, the bench's 100-workstream plan).
func questionMarks(count: Int) -> String {
    count > 0 ? String(repeating: "?,", count: count - 1) + "?" : ""
}
