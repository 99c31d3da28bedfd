import WorkstreamKit

/// What the command line needs from a log, whichever store holds it: the
/// write path (decide and append in one transaction) and the questions the
/// commands and the publisher ask. `Ledger`, generic over the store, is its
/// one implementation; this protocol lets the front ends hold either store.
public protocol WorkspaceLedger: AnyObject {
    /// Where the log is, for people (a file path, or a URL with its password hidden).
    var storeDescription: String { get }
    /// The `origin` of the events this clone records itself ("here" in its own log; its
    /// identity in a shared one), so a commit names only this clone's work.
    var localOrigin: String { get }

    func execute(_ command: Command, actor: String, time: String, eventIds: [String]?, requestCommit: Bool) throws -> CommandOutcome

    func summaries() throws -> [WorkstreamSummary]
    func ready() throws -> [WorkstreamSummary]
    /// Held workstreams whose lease had run out at `now`, each marked stale.
    func staleLeases(now: String) throws -> [WorkstreamSummary]
    func detail(_ id: String) throws -> WorkstreamDetail
    func exists(_ id: String) throws -> Bool
    func history(stream: String?, after: Int64, upTo: Int64?) throws -> [RecordedEvent]
    func sequence(atOrBefore time: String) throws -> Int64
    func replay(upTo seq: Int64?) throws -> (state: WorkspaceState, devlog: [DevlogEntry])
    func head() throws -> (seq: Int64, hash: String)

    func verify() throws -> VerifyReport
    func rebuild() throws -> Int64
    /// `rebuild`, also handing back the whole history when the store replayed it in memory.
    func rebuildKeepingHistory() throws -> (seq: Int64, history: ProjectHistory?)
    func importEvents(_ events: [RecordedEvent], rechainIfNeeded: Bool) throws -> EventImportResult
    /// Events that git brought in journals: the unseen ones are appended with their clocks.
    func importJournal(_ events: [NewEvent]) throws -> JournalImportResult
    func export(_ sink: (String) throws -> Void) throws

    // Bookkeeping of this clone and what incremental publishing reads.
    func meta(_ key: String) throws -> String?
    func setMeta(_ key: String, _ value: String) throws
    func projectHistory(upTo seq: Int64?) throws -> ProjectHistory
    func streamEvents(_ stream: String, upTo seq: Int64) throws -> [RecordedEvent]
    func streamsChanged(after seq: Int64) throws -> [String]
    func hash(at seq: Int64) throws -> String?
    func neighbours(of ids: Set<String>) throws -> (dependencies: Set<String>, dependents: Set<String>)
    func changes(after seq: Int64) throws -> (streams: Set<String>, referenced: Set<String>)
    func partialHistory(stateIds: Set<String>, eventStreams: Set<String>, upTo seq: Int64) throws -> ProjectHistory
    func hasPublished() throws -> Bool
    func publishedPaths(of workstreams: Set<String>?) throws -> [String: String]
    func recordPublished(_ owners: [String: String], for workstreams: Set<String>?) throws
}

/// The short forms the commands use (protocol requirements cannot have defaults).
extension WorkspaceLedger {
    public func execute(_ command: Command, actor: String, time: String, requestCommit: Bool = false) throws -> CommandOutcome {
        try execute(command, actor: actor, time: time, eventIds: nil, requestCommit: requestCommit)
    }

    public func history(stream: String? = nil, after: Int64 = 0) throws -> [RecordedEvent] {
        try history(stream: stream, after: after, upTo: nil)
    }

    public func history(after: Int64, upTo: Int64?) throws -> [RecordedEvent] {
        try history(stream: nil, after: after, upTo: upTo)
    }

    public func replay() throws -> (state: WorkspaceState, devlog: [DevlogEntry]) { try replay(upTo: nil) }

    public func projectHistory() throws -> ProjectHistory { try projectHistory(upTo: nil) }

    public func importEvents(_ events: [RecordedEvent]) throws -> EventImportResult {
        try importEvents(events, rechainIfNeeded: false)
    }
}
