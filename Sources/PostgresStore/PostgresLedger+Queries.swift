import EventLog
import PostgresNIO
import WorkstreamKit

/// Read-only questions over PostgreSQL, answered from the read models on one
/// snapshot. Listings fold the whole project's documents: this store is for
/// teams sharing a log, not for the ten-thousand-workstream benchmarks.
extension PostgresLedger {
    func state() throws -> WorkspaceState { WorkspaceState(workstreams: try PostgresReadModel.loadAll(in: session)) }

    public func summaries() throws -> [WorkstreamSummary] { try read { try state().summaries } }

    public func ready() throws -> [WorkstreamSummary] { try summaries().filter { $0.status == .ready } }

    public func staleLeases(now: String) throws -> [WorkstreamSummary] {
        try summaries().compactMap { s in
            var s = s
            s.markStale(now: now)
            return s.isStale ? s : nil
        }
    }

    public func detail(_ id: String) throws -> WorkstreamDetail {
        try read {
            let all = try state()
            guard let w = all[id], let summary = all.summary(of: id) else { throw Refusal.unknownWorkstream(id) }
            return WorkstreamDetail(workstream: w, summary: summary,
                                 dependencies: w.dependsOn.compactMap { all.summary(of: $0) },
                                 dependents: all.dependents(of: id).compactMap { all.summary(of: $0) },
                                 devlog: try PostgresReadModel.devlog(of: id, in: session))
        }
    }

    public func exists(_ id: String) throws -> Bool {
        try session.value("SELECT EXISTS (SELECT 1 FROM workstreams WHERE id = $1)", [id], as: Bool.self) ?? false
    }

    public func history(stream: String?, after: Int64, upTo: Int64?) throws -> [RecordedEvent] {
        try PostgresEventStore.events(in: session, after: after, upTo: upTo, stream: stream)
    }

    public func sequence(atOrBefore time: String) throws -> Int64 {
        try session.value("SELECT COALESCE(MAX(seq), 0) FROM events WHERE time <= $1", [time], as: Int64.self) ?? 0
    }

    public func head() throws -> (seq: Int64, hash: String) { try PostgresEventStore.head(in: session) }

    // MARK: What publishing reads

    public func streamEvents(_ stream: String, upTo seq: Int64) throws -> [RecordedEvent] {
        try PostgresEventStore.events(in: session, upTo: seq, stream: stream)
    }

    public func streamsChanged(after seq: Int64) throws -> [String] {
        try session.column("SELECT DISTINCT stream_id FROM events WHERE seq > $1 ORDER BY stream_id", [seq], as: String.self)
    }

    public func hash(at seq: Int64) throws -> String? {
        if seq == 0 { return HashChain.genesis }
        return try session.value("SELECT hash FROM events WHERE seq = $1", [seq], as: String.self)
    }

    public func neighbours(of ids: Set<String>) throws -> (dependencies: Set<String>, dependents: Set<String>) {
        guard !ids.isEmpty else { return ([], []) }
        return try read {
            let list = Array(ids)
            let deps = try session.column("SELECT depends_on FROM dependencies WHERE workstream_id = ANY($1)", [list], as: String.self)
            let dependents = try session.column("SELECT workstream_id FROM dependencies WHERE depends_on = ANY($1)", [list], as: String.self)
            return (Set(deps), Set(dependents))
        }
    }

    public func changes(after seq: Int64) throws -> (streams: Set<String>, referenced: Set<String>) {
        try read {
            var streams = Set<String>(), referenced = Set<String>()
            for r in try PostgresEventStore.events(in: session, after: seq) {
                streams.insert(r.stream)
                switch try? r.decoded() {
                case .dependencyAdded(let d)?: referenced.insert(d.dependsOn)
                case .dependencyRemoved(let d)?: referenced.insert(d.dependsOn)
                default: break
                }
            }
            return (streams, referenced)
        }
    }

    public func partialHistory(stateIds: Set<String>, eventStreams: Set<String>, upTo seq: Int64) throws -> ProjectHistory {
        try read {
            let state = WorkspaceState(workstreams: try PostgresReadModel.load(Array(stateIds), in: session))
            var events: [String: [EventEnvelope]] = [:]
            for stream in eventStreams {
                events[stream] = try PostgresEventStore.events(in: session, upTo: seq, stream: stream).map { try $0.envelope() }
            }
            let last = try session.value("SELECT MAX(time) FROM events WHERE seq <= $1", [seq], as: String.self)
            return ProjectHistory(state: state, events: events, lastSeq: seq, lastTime: last ?? "")
        }
    }
}
