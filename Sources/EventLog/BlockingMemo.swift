import Foundation
import WorkstreamKit

extension EventType {
    /// Whether an event of this kind can change what `blocked` answers: a workstream's title, status (lifecycle,
    /// blocked reason, holder, open dependencies), holder or dependencies. A note, an artifact, a task, a brief, a
    /// renewed lease, a check or a provisioning step changes none of them. No `default:`: a new kind does not
    /// compile until it is placed here.
    public var changesBlocking: Bool {
        switch self {
        case .declared, .detailsChanged, .dependencyAdded, .dependencyRemoved, .started, .blocked, .unblocked,
             .completed, .cancelled, .holderResolved, .conflictResolved, .released, .takenOver:
            return true
        case .briefWritten, .taskAdded, .taskCompleted, .taskReopened, .logged, .artifactRecorded,
             .provisionRequested, .provisionSucceeded, .provisionFailed, .provisionPlanned, .leaseRenewed,
             .checkDeclared, .checkRan:
            return false
        }
    }

    static let changingBlocking = Set(allCases.filter(\.changesBlocking).map(\.rawValue))
}

/// The blocked analysis a long-running process (`ws serve`, `ws mcp`) keeps between calls. At 10,000 workstreams it
/// costs 25 ms of CPU a call on SQLite and 40 ms on PostgreSQL (the team-server bench), and under agents' load the
/// log's head moves between any two calls, so a copy kept by head (`ws blocked --json`'s) never applies. Kept instead
/// with the sequence number and hash of the event it was computed at: while no event since then can change it
/// (`EventType.changesBlocking`: half the calls of the bench's mix write, none of them such an event) and that event
/// is still there with its hash (another log, a rewritten one, is computed afresh), the kept answer is the answer.
/// Checked against a fresh computation after every step of random operations on both stores
/// (`BlockingMemoConformanceTests`).
public final class BlockingMemo: @unchecked Sendable {
    /// The process's memo, for its one log (`key` tells logs apart).
    public static let shared = BlockingMemo()

    /// The analysis, not the summaries it was made from: those lag in what blocked does not show (tasks, leases).
    struct Kept {
        var key: String
        var seq: Int64
        var hash: String
        var analysis: BlockingAnalysis
    }

    private var kept: Kept?
    private let lock = NSLock()
    /// How many answers came from the kept analysis (the tests check the memo is used, not only right).
    private(set) var reused = 0

    public init() {}

    /// The kept answer for `key` if nothing since it can have changed it (then kept as of `head`), else nil.
    func answer(key: String, in rows: any LedgerRows) throws -> BlockingAnalysis? {
        guard let current = lock.withLock({ kept }), current.key == key else { return nil }
        let head = try rows.head()
        guard try LedgerRules.blockingUnchanged(since: (current.seq, current.hash), head: head, in: rows) else {
            return nil
        }
        if head.seq > current.seq {
            lock.withLock {
                guard var moved = kept, moved.key == key, moved.seq == current.seq else { return }
                (moved.seq, moved.hash) = (head.seq, head.hash)
                kept = moved
            }
        }
        lock.withLock { reused += 1 }
        return current.analysis
    }

    func keep(_ kept: Kept) { lock.withLock { self.kept = kept } }
}

extension LedgerRules {
    /// Whether what `blocked` answers at `head` is what it answered at `since`: that event is still in the log with
    /// its hash (not another log, not a rewritten one), and none after it can change blocking.
    static func blockingUnchanged(since: (seq: Int64, hash: String), head: (seq: Int64, hash: String),
                                  in rows: any LedgerRows) throws -> Bool {
        guard head.seq >= since.seq, try rows.hash(at: since.seq) == since.hash else { return false }
        if head.seq == since.seq { return true }
        return try rows.events(after: since.seq, ofTypes: EventType.changingBlocking).isEmpty
    }
}

extension Ledger {
    /// Whether `blocked` answers now as it did at the event `since` (`LedgerRules.blockingUnchanged`), and the head
    /// that was checked: `ws blocked --json`'s stored copy holds across notes, tasks and artifacts.
    public func blockingUnchanged(since: (seq: Int64, hash: String)) throws
        -> (unchanged: Bool, head: (seq: Int64, hash: String)) {
        try read { rows in
            let head = try rows.head()
            return (try LedgerRules.blockingUnchanged(since: since, head: head, in: rows), head)
        }
    }

    /// The blocked analysis of every workstream, from `memo` when it still holds (see `BlockingMemo`). `key` names
    /// this log in the memo (its path or URL).
    public func blockingAnalysis(memo: BlockingMemo, key: String) throws -> BlockingAnalysis {
        try read { rows in
            if let kept = try memo.answer(key: key, in: rows) { return kept }
            let head = try rows.head()
            let analysis = BlockingAnalysis(try rows.summaries(readyOnly: false))
            memo.keep(.init(key: key, seq: head.seq, hash: head.hash, analysis: analysis))
            return analysis
        }
    }
}
