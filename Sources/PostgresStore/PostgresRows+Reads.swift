import EventLog
import PostgresNIO
import WorkstreamKit

/// The read-side questions over PostgreSQL: the rules over them are in `Ledger+Reads`.
/// Listings read the query columns (`SummaryColumns`), never the documents.
extension PostgresRows {
    public func summaries(readyOnly: Bool) throws -> [WorkstreamSummary] {
        try summaries(where: readyOnly ? SummaryColumns.ready : "true", [])
    }

    public func summaries(of ids: [String]) throws -> [WorkstreamSummary] {
        guard !ids.isEmpty else { return [] }
        let found = Dictionary(try summaries(where: "id = ANY($1)", [ids]).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return ids.compactMap { found[$0] }
    }

    /// One text cell for the whole listing (schema 5's packed rows, see `PostgresSchema.version5`): 10,000 rows
    /// of 15 cells each cost the client more to receive and decode than the server spends answering.
    func summaries(where condition: String, _ arguments: [[String]]) throws -> [WorkstreamSummary] {
        guard let packed = try session.value(PostgresSchema.packedListing(where: condition), arguments,
                                             as: String?.self) ?? nil else { return [] }
        do { return try PackedListing.summaries(packed) } catch let error as PackedListing.Malformed {
            throw PostgresStoreError.server(session.url.redacted, detail: error.description)
        }
    }

    public func leasedWorkstreams() throws -> [String] {
        try session.column("SELECT id FROM workstreams WHERE \(SummaryColumns.leased) ORDER BY position, id", as: String.self)
    }

    public func dependents(of id: String) throws -> [String] {
        try session.column("SELECT workstream_id FROM dependencies WHERE depends_on = $1", [id], as: String.self)
    }

    public func neighbours(of ids: [String]) throws -> (dependencies: Set<String>, dependents: Set<String>) {
        let deps = try session.column("SELECT depends_on FROM dependencies WHERE workstream_id = ANY($1)", [ids], as: String.self)
        let dependents = try session.column("SELECT workstream_id FROM dependencies WHERE depends_on = ANY($1)", [ids], as: String.self)
        return (Set(deps), Set(dependents))
    }

    public func exists(_ id: String) throws -> Bool {
        try session.value("SELECT EXISTS (SELECT 1 FROM workstreams WHERE id = $1)", [id], as: Bool.self) ?? false
    }

    public func workstreamCount() throws -> Int {
        Int(try session.value("SELECT count(*)::bigint FROM workstreams", as: Int64.self) ?? 0)
    }

    public func events(after seq: Int64, ofTypes types: Set<String>) throws -> [WorkstreamEvent] {
        try events(after: seq, upTo: nil, stream: nil).filter { types.contains($0.type) }
            .compactMap { try? $0.decoded() }
    }

    public func streams(after seq: Int64) throws -> Set<String> {
        Set(try session.column("SELECT DISTINCT stream_id FROM events WHERE seq > $1", [seq], as: String.self))
    }

    public func sequence(atOrBefore time: String) throws -> Int64 {
        try session.value("SELECT COALESCE(MAX(seq), 0) FROM events WHERE time <= $1", [time], as: Int64.self) ?? 0
    }

    public func lastTime(upTo seq: Int64) throws -> String? {
        try session.value("SELECT MAX(time) FROM events WHERE seq <= $1", [seq], as: String.self)
    }

    public func hash(at seq: Int64) throws -> String? {
        try session.value("SELECT hash FROM events WHERE seq = $1", [seq], as: String.self)
    }
}
