/// What `Workstreams/README.md` shows in a large project's layout (`IndexSummary`), and no more: counts by
/// status, by phase and by folder, the workstreams in progress and those in conflict. A store computes the
/// counts as SQL aggregates (`count`), so a completion reads a few hundred groups instead of every row
/// (`init(_:shards:)` is the reference that counts the rows themselves).
public struct IndexTally: Sendable, Equatable {
    /// How many workstreams (cancelled included).
    public var total = 0
    /// By status, in `Status.allCases` order.
    public var byStatus: [Int]
    /// By phase (no phase and an empty one are the same row), each by status in `Status.allCases` order.
    public var byPhase: [String: [Int]] = [:]
    /// By folder number (`DocumentLayout.shardNumber`): every workstream, and those neither completed nor cancelled.
    public var byShard: [Int]
    public var openByShard: [Int]
    /// The workstreams in progress, in position order.
    public var working: [WorkstreamSummary] = []
    /// The workstreams with a conflict between clones, in position order.
    public var conflicted: [WorkstreamSummary] = []

    public init() {
        byStatus = [Int](repeating: 0, count: Status.allCases.count)
        byShard = [Int](repeating: 0, count: DocumentLayout.shards.count)
        openByShard = byShard
    }

    /// The reference: every summary counted, `shards` each one's folder, in order.
    public init(_ summaries: [WorkstreamSummary], shards: [Int]) {
        self.init()
        // Counted in arrays, the rows read in place: the reference runs over every workstream.
        for i in summaries.indices {
            count(1, phase: summaries[i].phase, status: summaries[i].status)
            count(1, shard: shards[i], open: summaries[i].status != .completed && summaries[i].status != .cancelled)
        }
        working = summaries.filter { $0.status == .inProgress }
        conflicted = summaries.filter { $0.conflict != nil }
    }

    /// Counts `n` workstreams of one phase and status (in `total`, `byStatus` and `byPhase`).
    public mutating func count(_ n: Int, phase: String?, status: Status) {
        let k = Self.statusIndex[status] ?? 0
        total += n
        byStatus[k] += n
        byPhase[phase ?? "", default: [Int](repeating: 0, count: byStatus.count)][k] += n
    }

    /// Counts `n` workstreams of one folder, `open` when they are neither completed nor cancelled.
    public mutating func count(_ n: Int, shard: Int, open: Bool) {
        byShard[shard] += n
        if open { openByShard[shard] += n }
    }

    private static let statusIndex: [Status: Int] = Dictionary(
        uniqueKeysWithValues: Status.allCases.enumerated().map { ($0.element, $0.offset) })
}
