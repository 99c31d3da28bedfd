import EventLog
import PostgresNIO
import WorkstreamKit

/// The read-side questions over PostgreSQL: the rules over them are in `Ledger+Reads`.
/// Summaries fold the documents of the workstreams asked about and of their dependencies.
extension PostgresRows {
    public func summaries(readyOnly: Bool) throws -> [WorkstreamSummary] {
        let all = WorkspaceState(workstreams: try loadAll()).summaries
        return readyOnly ? all.filter { $0.status == .ready } : all
    }

    public func summaries(of ids: [String]) throws -> [WorkstreamSummary] {
        let asked = try load(ids)
        let state = WorkspaceState(workstreams: asked + (try load(asked.flatMap(\.dependsOn))))
        return ids.compactMap { state.summary(of: $0) }
    }

    public func leasedWorkstreams() throws -> [String] {
        try loadAll().filter { $0.leaseExpiresAt != nil }.sorted { $0.position < $1.position }.map(\.id)
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

    public func events(after: Int64, upTo: Int64?, stream: String?) throws -> [RecordedEvent] {
        try PostgresEventStore.events(in: session, after: after, upTo: upTo, stream: stream)
    }

    public func events(after seq: Int64, ofTypes types: Set<String>) throws -> [WorkstreamEvent] {
        try PostgresEventStore.events(in: session, after: seq).filter { types.contains($0.type) }.compactMap { try? $0.decoded() }
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
