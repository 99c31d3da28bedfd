import EventLog
import Foundation
import Operations
import WorkstreamKit

/// What the board reads: the operations the command line's read-only commands
/// call (`status`, `ready`, `blocked`, `show`, `graph`, `history`). The ledger
/// under them is not thread-safe (one SQLite connection, or one PostgreSQL
/// session), so every read runs on one serial queue; the answers the board
/// needs on every page are computed once per head of the log.
public final class BoardSource: @unchecked Sendable {
    /// Opened again when the shared log's connection was lost (`read`); read and written on `queue` only.
    private var ws: Workspace
    private var ledger: Ledger { ws.ledger }
    private let queue = DispatchQueue(label: "ws.board.log")
    /// The time leases are judged at: the command line's clock (WS_NOW fixes it).
    let now: @Sendable () -> String
    /// Read and written on `queue` only.
    private var cached: Snapshot?

    public init(ws: Workspace) {
        self.ws = ws
        let environment = ws.environment
        now = { Workspace.now(in: environment) }
    }

    /// Runs `body` on the ledger's queue, off the server's threads.
    func read<T: Sendable>(_ body: @escaping @Sendable (Workspace) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result {
                    do { return try body(self.ws) } catch where Workspace.lostConnection(error) {
                        // A PostgreSQL restart or failover: the board answered 500 until the server was restarted.
                        self.ws = try Workspace.open(readOnly: true)
                        self.cached = nil
                        return try body(self.ws)
                    }
                })
            }
        }
    }

    /// The log's head: what the live updates poll (one indexed query).
    func head() async throws -> Int64 { try await read { try $0.ledger.head().seq } }

    /// The project as of the log's head, from the cache while the head has not moved.
    func snapshot() async throws -> Snapshot { try await read { _ in try self.currentSnapshot() } }

    private func currentSnapshot() throws -> Snapshot {
        let head = try ledger.head()
        if let cached, cached.seq == head.seq, cached.hash == head.hash { return cached }
        let fresh = Snapshot(seq: head.seq, hash: head.hash, summaries: try ledger.summaries())
        cached = fresh
        return fresh
    }
}

/// The whole project at one head of the log, with what every page asks of
/// it computed once, as the operations compute it: the blocking analysis (`ws blocked`),
/// the critical path (`ws critical-path`), dependents, and the values the filters offer.
/// Immutable once made, so handlers share it across threads.
final class Snapshot: @unchecked Sendable {
    let seq: Int64
    let hash: String
    let summaries: [WorkstreamSummary]
    let index: [String: Int]
    /// Indices of the workstreams that depend on each one, in the summaries' order.
    let dependents: [[Int]]
    /// `ws blocked`'s answer.
    let blocked: BlockedOutcome
    var analysis: BlockingAnalysis { blocked.analysis }
    let critical: CriticalPathOutcome
    let onCriticalPath: Set<String>
    let phases: [String], owners: [String], agents: [String]

    init(seq: Int64, hash: String, summaries: [WorkstreamSummary]) {
        self.seq = seq
        self.hash = hash
        self.summaries = summaries
        var index: [String: Int] = [:]
        index.reserveCapacity(summaries.count)
        for (i, s) in summaries.enumerated() { index[s.id] = i }
        self.index = index
        var dependents = [[Int]](repeating: [], count: summaries.count)
        for (i, s) in summaries.enumerated() {
            for d in s.dependsOn { if let j = index[d] { dependents[j].append(i) } }
        }
        self.dependents = dependents
        blocked = BlockedOutcome(summaries)
        critical = CriticalPathOutcome(summaries)
        onCriticalPath = Set(critical.path.map(\.id))
        phases = Self.distinct(summaries.compactMap(\.phase))
        owners = Self.distinct(summaries.compactMap(\.owner))
        agents = Self.distinct(summaries.compactMap(\.agent))
    }

    subscript(_ id: String) -> WorkstreamSummary? { index[id].map { summaries[$0] } }

    /// The summaries with each lease marked stale or not at `now`, as `ws status` marks them:
    /// staleness moves with the clock, not with the log, so it is not kept in the snapshot.
    func summaries(at now: String) -> [WorkstreamSummary] {
        var marked = summaries
        marked.markStale(now: now)
        return marked
    }

    private static func distinct(_ values: [String]) -> [String] { Array(Set(values)).sorted() }
}
