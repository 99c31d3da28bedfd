import PostgresNIO

/// The writes of one append, held back and sent as ONE statement (writable CTEs:
/// `WITH w1 AS (INSERT …), w2 AS (INSERT …) INSERT … ON CONFLICT …`), every value still a bound parameter.
/// PostgresNIO sends a statement only once the one before it is done, so each statement sent while the
/// append lock is held is a round trip of the writer's event loop and of its server backend, each
/// waiting to be scheduled among every other writer: `ws log` sent its event, devlog entry and
/// workstream row as three; now one.
///
/// The statements of a WITH run on one snapshot and none sees another's rows, and PostgreSQL leaves
/// undefined a statement that changes one row twice. So a batch holds only writes to different rows
/// that read nothing another wrote (inserts and upserts by key); a write to a row already held, or any
/// other statement (a read, the open dependency refresh, COMMIT), sends the held writes first, as the
/// order they were made in.
struct PostgresWriteBatch {
    typealias Arguments = [(any PostgresDynamicTypeEncodable)?]

    /// An argument (0-based, in the whole batch) that holds the sequence number of the batch's `event`-th event
    /// (0-based): known only once the server numbers the append (`ws_append_numbered`).
    struct SequenceSlot: Equatable {
        var argument: Int
        var event: Int
    }

    private var statements: [String] = []
    private var arguments: Arguments = []
    private var rows: Set<String> = []
    private var slots: [SequenceSlot] = []

    /// Kept well under the protocol's 65,535 parameters and small enough to plan quickly: an import's
    /// thousands of events go as many statements of this size.
    static let maximumStatements = 32

    var isEmpty: Bool { statements.isEmpty }

    /// Whether `row` (table and key) can join the held writes, which never change one row twice.
    func accepts(row: String) -> Bool {
        !rows.contains(row) && statements.count < Self.maximumStatements
    }

    /// Holds `sql` (with `$1…` parameters, numbered from 1 as if it were alone) writing `row`; `slots` name its
    /// arguments (0-based, in `values`) that are sequence numbers still to be given.
    mutating func add(_ sql: String, _ values: Arguments, row: String, slots: [SequenceSlot] = []) {
        statements.append(Self.renumbered(sql, after: arguments.count))
        self.slots += slots.map { SequenceSlot(argument: $0.argument + arguments.count, event: $0.event) }
        arguments += values
        rows.insert(row)
    }

    /// The held writes as one statement, its parameters and their sequence slots, nil when none; the batch is
    /// empty after.
    mutating func take() -> (sql: String, arguments: Arguments, slots: [SequenceSlot])? {
        guard let last = statements.last else { return nil }
        let ctes = statements.dropLast().enumerated().map { "w\($0.offset + 1) AS (\($0.element))" }
        let sql = ctes.isEmpty ? last : "WITH \(ctes.joined(separator: ",\n"))\n\(last)"
        let taken = (sql, arguments, slots)
        self = PostgresWriteBatch()
        return taken
    }

    /// `sql` with each parameter `$n` as `$(n + offset)`.
    static func renumbered(_ sql: String, after offset: Int) -> String {
        offset > 0 ? substituted(sql) { "$\($0 + offset)" } : sql
    }

    /// `sql` with each parameter `$n` as `replacement(n)`. The writes batched are ws's own statements:
    /// no `$` other than a parameter (no dollar quoting, no `$` in a literal).
    static func substituted(_ sql: String, _ replacement: (Int) -> String) -> String {
        var out = ""
        var digits = ""
        var inParameter = false
        func endParameter() {
            out += Int(digits).map(replacement) ?? "$"
            (digits, inParameter) = ("", false)
        }
        for c in sql {
            if inParameter, c.isASCII, c.isNumber { digits.append(c); continue }
            if inParameter { endParameter() }
            if c == "$" { inParameter = true } else { out.append(c) }
        }
        if inParameter { endParameter() }
        return out
    }
}
