import EventLog
import Foundation
import WorkstreamKit

/// The ledger over PostgreSQL: every rule comes from `LedgerRules`, run inside
/// one transaction holding the append lock over `PostgresRows`, exactly as the
/// SQLite ledger runs them; what is left here are this store's answers to
/// read-only questions and this clone's bookkeeping.
public final class PostgresLedger: WorkspaceLedger {
    public let store: PostgresEventStore
    /// Whose bookkeeping (`meta`, `published`) this is: the clone, since several share one log.
    public let clone: String
    var session: PostgresSession { store.session }
    var rows: PostgresRows { PostgresRows(session: session, clone: clone) }

    public init(store: PostgresEventStore, clone: String) {
        self.store = store
        self.clone = clone
    }

    public var storeDescription: String { store.url.redacted }
    public var localOrigin: String { clone.isEmpty ? "here" : clone }

    public func execute(_ command: Command, actor: String, time: String, eventIds: [String]?, requestCommit: Bool) throws -> CommandOutcome {
        try write { try LedgerRules.execute(command, actor: actor, time: time, eventIds: eventIds, requestCommit: requestCommit, in: rows) }
    }

    public func verify() throws -> VerifyReport { try read { try LedgerRules.verify(in: rows) } }

    @discardableResult
    public func rebuild() throws -> Int64 { try write { try LedgerRules.rebuildReadModels(in: rows) } }

    public func rebuildKeepingHistory() throws -> (seq: Int64, history: ProjectHistory?) {
        try write {
            let (seq, history) = try LedgerRules.rebuildKeepingHistory(in: rows)
            return (seq, history)
        }
    }

    /// For schema migrations, inside their transaction.
    static func rebuildReadModels(in session: PostgresSession) throws {
        try LedgerRules.rebuildReadModels(in: PostgresRows(session: session, clone: ""))
    }

    public func importEvents(_ events: [RecordedEvent], rechainIfNeeded: Bool) throws -> EventImportResult {
        try write { try LedgerRules.importEvents(events, rechainIfNeeded: rechainIfNeeded, in: rows) }
    }

    public func importJournal(_ events: [NewEvent]) throws -> JournalImportResult {
        try write { try LedgerRules.importJournal(events, in: rows) }
    }

    public func export(_ sink: (String) throws -> Void) throws {
        try read { try rows.forEachEventInArrivalOrder { try sink(ExportFormat.line($0)) } }
    }

    public func replay(upTo seq: Int64?) throws -> (state: WorkspaceState, devlog: [DevlogEntry]) {
        try read { try LedgerRules.replay(upTo: seq, in: rows) }
    }

    public func projectHistory(upTo seq: Int64?) throws -> ProjectHistory {
        try read { try LedgerRules.projectHistory(upTo: seq, in: rows) }
    }

    /// Runs `body` on one consistent snapshot.
    func read<T>(_ body: () throws -> T) throws -> T { try session.transaction(write: false, body) }
    func write<T>(_ body: () throws -> T) throws -> T { try session.transaction(write: true, body) }
}
