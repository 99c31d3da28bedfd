import GRDB
import WorkstreamKit

/// Small facts about this clone's log that are not events: how far it has
/// been committed to git, and at which HEAD the journal was last read.
public enum Meta {
    public static let commitRequested = "commit_requested_seq"
    public static let committed = "committed_seq"
    public static let journalHead = "journal_synced_head"
    /// The version of `evolve`'s rules the read models were projected with (see `Workspace.replayIfRulesChanged`).
    public static let readModelRules = "read_model_rules"
    /// Journal lines that were not imported (JSON), reported by every command until they leave the journal.
    public static let quarantine = "journal_quarantine"
    /// Set when the next commit must render every document and journal (lines in an old form, quarantined or doubled lines).
    public static let fullPublish = "full_publish_requested"
    /// The blob id of each journal file at the last look (JSON): only files that changed are read again.
    public static let journalBlobs = "journal_blobs"
    /// "1" when the last pull moved HEAD forward from the commit this clone had synced: the documents
    /// in HEAD then still fit every workstream the imported events do not touch (incremental publishing).
    public static let pulledForward = "pulled_forward"

    static func get(_ key: String, in db: Database) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE key = ?"), arguments: [key])
    }

    static func set(_ key: String, _ value: String, in db: Database) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: [key, value])
    }
}

extension Ledger {
    public func meta(_ key: String) throws -> String? {
        try store.read { db in try Meta.get(key, in: db) }
    }

    public func setMeta(_ key: String, _ value: String) throws {
        try store.write { db in try Meta.set(key, value, in: db) }
    }

    /// Events of one stream, in order (the journal of that workstream).
    public func streamEvents(_ stream: String, upTo seq: Int64) throws -> [RecordedEvent] {
        try store.read { db in try SQLiteEventStore.events(in: db, upTo: seq, stream: stream) }
    }

    /// The workstreams with events after `seq`.
    public func streamsChanged(after seq: Int64) throws -> [String] {
        try store.read { db in try String.fetchAll(db.cachedStatement(sql: "SELECT DISTINCT stream_id FROM events WHERE seq > ? ORDER BY stream_id"), arguments: [seq]) }
    }

    /// The hash of event `seq` (the genesis hash for 0), or nil when there is no such event.
    public func hash(at seq: Int64) throws -> String? {
        if seq == 0 { return HashChain.genesis }
        return try store.read { db in try String.fetchOne(db.cachedStatement(sql: "SELECT hash FROM events WHERE seq = ?"), arguments: [seq]) }
    }
}
