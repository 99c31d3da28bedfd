import EventLog
import PostgresNIO
import WorkstreamKit

/// This clone's bookkeeping in the shared log: what it committed, which HEAD
/// its journal was read at, which documents it published. Keyed by clone.
extension PostgresRows {
    public func meta(_ key: String) throws -> String? {
        try session.value("SELECT value FROM meta WHERE clone = $1 AND key = $2", [clone, key], as: String.self)
    }

    public func setMeta(_ key: String, _ value: String) throws {
        var slots: [PostgresWriteBatch.SequenceSlot] = []
        if let numbering = session.numbering {
            // In an append the server numbers, the one value set is the commit requested: the last event's number.
            guard key == Meta.commitRequested, let seq = Int64(value), let event = numbering.event(numbered: seq) else {
                throw NumberedAppend.Unavailable()
            }
            slots = [PostgresWriteBatch.SequenceSlot(argument: 2, event: event)]
        }
        session.send("""
            INSERT INTO meta (clone, key, value) VALUES ($1, $2, $3)
            ON CONFLICT (clone, key) DO UPDATE SET value = EXCLUDED.value
            """, [clone, key, value], row: "meta \(clone) \(key)", slots: slots)
    }

    public func hasPublished() throws -> Bool {
        try session.value("SELECT EXISTS (SELECT 1 FROM published WHERE clone = $1)", [clone], as: Bool.self) ?? false
    }

    public func publishedPaths(of workstreams: Set<String>?) throws -> [String: String] {
        let rows = try workstreams.map {
            try session.query("SELECT path, workstream FROM published WHERE clone = $1 AND workstream = ANY($2)", [clone, Array($0)])
        } ?? session.query("SELECT path, workstream FROM published WHERE clone = $1", [clone])
        var out: [String: String] = [:]
        for row in rows {
            let (path, owner) = try session.decoded(row, as: (String, String).self)
            out[path] = owner
        }
        return out
    }

    public func recordPublished(_ owners: [String: String], for workstreams: Set<String>?) throws {
        if let workstreams {
            try session.query("DELETE FROM published WHERE clone = $1 AND workstream = ANY($2)", [clone, Array(workstreams)])
        } else {
            try session.query("DELETE FROM published WHERE clone = $1", [clone])
        }
        for (path, owner) in owners {
            try session.query("""
                INSERT INTO published (clone, path, workstream) VALUES ($1, $2, $3)
                ON CONFLICT (clone, path) DO UPDATE SET workstream = EXCLUDED.workstream
                """, [clone, path, owner])
        }
    }
}
