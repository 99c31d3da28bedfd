import Foundation
import GRDB
import WorkstreamKit

/// The ledger over SQLite: every rule comes from `LedgerRules`, run inside one
/// IMMEDIATE transaction over `SQLiteRows`; what is left here are the
/// store's own fast answers to read-only questions (`Queries.swift`).
public final class Ledger {
    public let store: SQLiteEventStore

    public init(store: SQLiteEventStore) { self.store = store }

    public func execute(_ command: Command, actor: String, time: String, eventIds: [String]? = nil,
                        requestCommit: Bool = false) throws -> CommandOutcome {
        try store.write { db in
            try LedgerRules.execute(command, actor: actor, time: time, eventIds: eventIds, requestCommit: requestCommit, in: SQLiteRows(db: db))
        }
    }

    public func verify() throws -> VerifyReport {
        try store.read { db in try LedgerRules.verify(in: SQLiteRows(db: db)) }
    }

    @discardableResult
    public func rebuild() throws -> Int64 {
        try store.write { db in try LedgerRules.rebuildReadModels(in: SQLiteRows(db: db)) }
    }

    public func rebuildKeepingHistory() throws -> (seq: Int64, history: ProjectHistory?) {
        try store.write { db in
            let (seq, history) = try LedgerRules.rebuildKeepingHistory(in: SQLiteRows(db: db))
            return (seq, history)
        }
    }

    /// For schema migrations, inside their transaction.
    static func rebuildReadModels(in db: Database) throws {
        try LedgerRules.rebuildReadModels(in: SQLiteRows(db: db))
    }

    public func importEvents(_ events: [RecordedEvent], rechainIfNeeded: Bool = false) throws -> EventImportResult {
        try store.write { db in try LedgerRules.importEvents(events, rechainIfNeeded: rechainIfNeeded, in: SQLiteRows(db: db)) }
    }

    public func importJournal(_ events: [NewEvent]) throws -> JournalImportResult {
        try store.write { db in try LedgerRules.importJournal(events, in: SQLiteRows(db: db)) }
    }

    /// Writes every event as one line each to `sink`, in arrival order (so an import reproduces the chain).
    public func export(_ sink: (String) throws -> Void) throws {
        try store.read { db in try SQLiteRows(db: db).forEachEventInArrivalOrder { try sink(ExportFormat.line($0)) } }
    }

    public func replay(upTo seq: Int64? = nil) throws -> (state: WorkspaceState, devlog: [DevlogEntry]) {
        try store.read { db in try LedgerRules.replay(upTo: seq, in: SQLiteRows(db: db)) }
    }

    public func projectHistory(upTo seq: Int64? = nil) throws -> ProjectHistory {
        try store.read { db in try LedgerRules.projectHistory(upTo: seq, in: SQLiteRows(db: db)) }
    }
}

/// What a command did: the events it recorded and the state it left.
public struct CommandOutcome: Sendable {
    /// The events this command recorded (empty when there was nothing to change).
    public var events: [RecordedEvent]
    /// The state of the workstreams the command touched, after it.
    public var state: WorkspaceState

    public init(events: [RecordedEvent], state: WorkspaceState) { self.events = events; self.state = state }
}
