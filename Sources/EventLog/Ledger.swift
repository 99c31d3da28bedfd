import WorkstreamKit

/// The ledger over either store: every rule comes from `LedgerRules` (writes)
/// and `Ledger+Reads`, run inside one transaction over the store's
/// `LedgerRows`; SQLite and PostgreSQL differ only in the SQL of their rows.
/// The front ends hold this one type, whichever store a clone uses.
public final class Ledger {
    public let store: any LedgerStore

    public init(store: any LedgerStore) { self.store = store }

    public var storeDescription: String { store.storeDescription }
    public var localOrigin: String { store.localOrigin }

    func read<T>(_ body: (any LedgerRows) throws -> T) throws -> T { try store.readRows(body) }
    func write<T>(_ body: (any LedgerRows) throws -> T) throws -> T { try store.writeRows(body) }

    public func execute(_ command: Command, actor: String, time: String, eventIds: [String]? = nil,
                        requestCommit: Bool = false) throws -> CommandOutcome {
        // A batch under ids the caller gave is checked against the stored events first: under the lock.
        let numbered = eventIds == nil && LedgerRules.readsOnlyItsStreams(command)
        return try store.writeRows(prefetching: command.subjects, numberedInStore: numbered) { rows in
            try LedgerRules.execute(command, actor: actor, time: time, eventIds: eventIds, requestCommit: requestCommit, in: rows)
        }
    }

    public func verify() throws -> VerifyReport { try read { try LedgerRules.verify(in: $0) } }

    @discardableResult
    public func rebuild() throws -> Int64 {
        let seq = try write { try LedgerRules.rebuildReadModels(in: $0) }
        refreshPlannerStatistics()
        return seq
    }

    public func rebuildKeepingHistory(observer: RebuildObserver = RebuildObserver()) throws
        -> (seq: Int64, history: ProjectHistory) {
        let rebuilt = try write { try LedgerRules.rebuildKeepingHistory(in: $0, observer: observer) }
        refreshPlannerStatistics()
        return rebuilt
    }

    public func importEvents(_ events: [RecordedEvent], rechainIfNeeded: Bool = false) throws -> EventImportResult {
        let result = try write { try LedgerRules.importEvents(events, rechainIfNeeded: rechainIfNeeded, in: $0) }
        if result.imported > 0 { refreshPlannerStatistics() }
        return result
    }

    /// After the write committed: a failure here (a connection lost, a role that may not vacuum) must not report
    /// a committed import as failed, and the store's own maintenance (autovacuum) does the same work later.
    private func refreshPlannerStatistics() { try? store.refreshPlannerStatistics() }

    /// `refused`: the lines read with these events but refused, which count toward the clock bound.
    public func importJournal(_ events: [NewEvent], refused: Int = 0) throws -> JournalImportResult {
        try write { try LedgerRules.importJournal(events, refused: refused, in: $0) }
    }

    /// Writes every event as one line each to `sink`, in arrival order (so an import reproduces the chain).
    public func export(_ sink: (String) throws -> Void) throws {
        try read { try $0.forEachEventInArrivalOrder { try sink(ExportFormat.line($0)) } }
    }

    public func replay(upTo seq: Int64? = nil) throws -> (state: WorkspaceState, devlog: [DevlogEntry]) {
        try read { try LedgerRules.replay(upTo: seq, in: $0) }
    }

    public func projectHistory(upTo seq: Int64? = nil) throws -> ProjectHistory {
        try read { try LedgerRules.projectHistory(upTo: seq, in: $0) }
    }

    public func head() throws -> (seq: Int64, hash: String) { try read { try $0.head() } }
}

/// What a command did: the events it recorded and the state it left.
public struct CommandOutcome: Sendable {
    /// The events this command recorded (empty when there was nothing to change).
    public var events: [RecordedEvent]
    /// The state of the workstreams the command touched, after it.
    public var state: WorkspaceState

    public init(events: [RecordedEvent], state: WorkspaceState) { self.events = events; self.state = state }
}
