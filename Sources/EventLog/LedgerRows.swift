import WorkstreamKit

/// What a store does inside one of its transactions: rows in and rows out,
/// nothing else. Every rule about what those rows mean (what a decision
/// loads, how events are numbered and chained, how they are projected,
/// imported, verified and rebuilt) is written once, in `LedgerRules`, over
/// this protocol; SQLite (`SQLiteRows`) and PostgreSQL (`PostgresRows`)
/// differ only in the SQL below it.
public protocol LedgerRows {
    // MARK: Events

    /// The last sequence number and its hash (0 and the genesis hash when empty).
    func head() throws -> (seq: Int64, hash: String)
    func event(withId id: String) throws -> RecordedEvent?
    /// Everything an append needs to know before numbering a batch, in as few round trips as the store allows.
    func appendPosition(streams: Set<String>) throws -> AppendPosition
    /// Inserts rows already numbered and chained; `origin` is "here" or "git".
    func insert(_ events: [RecordedEvent], origin: String) throws
    /// The rows of a batch `insert` took, as stored. A store that numbers an append in the server
    /// (PostgreSQL's one-call append, `ws_append_numbered`) took them numbered after what it read without the
    /// lock: it commits the append here and returns the sequence numbers and hashes the server gave. Every other
    /// store inserted them as they were: the default returns them unchanged.
    func settled(_ events: [RecordedEvent]) throws -> [RecordedEvent]
    /// The greatest (clock, event id) stored, nil when empty.
    func lastInOrder() throws -> (clock: Int64, eventId: String)?
    /// The same with that event's time, in one query: an append reads it under the append lock.
    func lastInOrderWithTime() throws -> (clock: Int64, eventId: String, time: String)?
    /// Every event with a sequence up to `upTo`, in the total order (clock, then event id).
    func forEachEvent(upTo: Int64?, _ body: (RecordedEvent) throws -> Void) throws
    /// Every event in the order it arrived here (sequence order): what the chain covers.
    func forEachEventInArrivalOrder(_ body: (RecordedEvent) throws -> Void) throws

    // MARK: Read models

    func load(_ ids: [String]) throws -> [Workstream]
    /// The workstreams whose id equals one of `lowercasedIds` without regard to case.
    func loadIgnoringCase(_ lowercasedIds: [String]) throws -> [Workstream]
    func loadAll() throws -> [Workstream]
    /// Every workstream `id` reaches through its dependencies (itself included).
    func dependencyClosure(of id: String) throws -> [String]
    func save(_ workstream: Workstream, old: Workstream?) throws
    func saveDevlog(_ entry: DevlogEntry) throws
    /// The devlog read model, in the total order of its events.
    func devlog(of id: String?) throws -> [DevlogEntry]
    func clearReadModels() throws
    /// Columns a store derives for its own queries (SQLite's open dependency counts), refreshed after a projection;
    /// `completed` names the touched workstreams that became, or stopped being, completed.
    func refreshDerived(touched: [String], completed: Set<String>) throws
    /// The same for every workstream, after a rebuild.
    func refreshAllDerived() throws
    /// Where those derived columns disagree with the read model, in words.
    func derivedDrift() throws -> [String]
    /// What the store's own check of its files finds (a damaged page of an index no query reads yet), in words;
    /// empty when they are sound.
    func storageDamage() throws -> [String]

    // MARK: Read-side questions (the rules over them are in `Ledger+Reads`)

    /// Every workstream's summary in position order, or only the ready ones (the store's own fast query).
    func summaries(readyOnly: Bool) throws -> [WorkstreamSummary]
    /// Every workstream's summary in position order, where `dependsOn` may be left empty: what a question
    /// that reads no edges asks (a store that keeps them in the row returns them).
    func summariesWithoutDependencies() throws -> [WorkstreamSummary]
    /// The summaries of `ids` that exist, in the order given.
    func summaries(of ids: [String]) throws -> [WorkstreamSummary]
    /// How many workstreams each folder holds, by lifecycle (`IndexQueries.shardCounts`).
    func shardCounts() throws -> [ShardCount]
    /// How many workstreams each phase holds, by what their status is derived from (`IndexQueries.phaseCounts`).
    func phaseCounts() throws -> [PhaseCount]
    /// The summaries matching `IndexQueries.listed` (in progress or in conflict), in position order, no edges.
    func listedInIndex() throws -> [WorkstreamSummary]
    /// The summaries of the workstreams in the folders `shards`, of their dependents and of their dependencies,
    /// in position order, with their dependencies (`IndexQueries.pageRows`).
    func indexPageSummaries(shards: Set<Int>) throws -> [WorkstreamSummary]
    /// Open workstreams held under a lease, in position order.
    func leasedWorkstreams() throws -> [String]
    func dependents(of id: String) throws -> [String]
    func neighbours(of ids: [String]) throws -> (dependencies: Set<String>, dependents: Set<String>)
    func exists(_ id: String) throws -> Bool
    /// How many workstreams the log declares (cancelled included): what the document layout is chosen by.
    func workstreamCount() throws -> Int
    /// Events in order, optionally of one stream, after `after` and up to `upTo`.
    func events(after: Int64, upTo: Int64?, stream: String?) throws -> [RecordedEvent]
    /// The events after `seq` of the given types, decoded (those that fail to decode are skipped).
    func events(after seq: Int64, ofTypes types: Set<String>) throws -> [WorkstreamEvent]
    /// The streams with events after `seq`.
    func streams(after seq: Int64) throws -> Set<String>
    func sequence(atOrBefore time: String) throws -> Int64
    func lastTime(upTo seq: Int64) throws -> String?
    func hash(at seq: Int64) throws -> String?

    // MARK: This clone's bookkeeping

    func meta(_ key: String) throws -> String?
    func setMeta(_ key: String, _ value: String) throws
    func hasPublished() throws -> Bool
    func publishedPaths(of workstreams: Set<String>?) throws -> [String: String]
    func recordPublished(_ owners: [String: String], for workstreams: Set<String>?) throws
}

extension LedgerRows {
    public func settled(_ events: [RecordedEvent]) throws -> [RecordedEvent] { events }

    /// A store that keeps each workstream's dependencies in its row (PostgreSQL, schema 4) reads them anyway.
    public func summariesWithoutDependencies() throws -> [WorkstreamSummary] { try summaries(readyOnly: false) }
}

/// Where the log stands for a batch about to be appended.
public struct AppendPosition: Sendable {
    public var seq: Int64
    public var hash: String
    /// The current version of each stream of the batch (0 for a new one).
    public var versions: [String: Int64]
    /// The greatest clock stored.
    public var clock: Int64

    public init(seq: Int64, hash: String, versions: [String: Int64], clock: Int64) {
        self.seq = seq; self.hash = hash; self.versions = versions; self.clock = clock
    }
}

extension DevlogEntry {
    /// The devlog entry an event makes, if it is one.
    public init?(_ r: RecordedEvent, _ e: EventEnvelope) {
        guard case .logged(let l) = e.event else { return nil }
        self.init(seq: r.seq, workstream: r.stream, kind: l.kind, message: l.message, hours: l.hours, actor: r.actor, time: r.time)
    }
}
