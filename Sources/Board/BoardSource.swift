import EventLog
import Foundation
import WorkstreamKit

/// What the board reads: the ledger the command line's read-only commands
/// ask (`status`, `ready`, `blocked`, `show`, `graph`, `history`), through the
/// same functions. The ledger is not thread-safe (one SQLite connection, or one
/// PostgreSQL session), so every read runs on one serial queue; the answers
/// the board needs on every page are computed once per head of the log.
public final class BoardSource: @unchecked Sendable {
    private let ledger: any WorkspaceLedger
    private let queue = DispatchQueue(label: "ws.board.log")
    /// The time leases are judged at: the command line's clock (WS_NOW fixes it).
    let now: @Sendable () -> String
    /// Read and written on `queue` only.
    private var cached: Snapshot?

    public init(ledger: any WorkspaceLedger, now: @escaping @Sendable () -> String) {
        self.ledger = ledger
        self.now = now
    }

    /// Runs `body` on the ledger's queue, off the server's threads.
    func read<T: Sendable>(_ body: @escaping @Sendable (any WorkspaceLedger) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try body(self.ledger) })
            }
        }
    }

    /// The log's head: what the live updates poll (one indexed query).
    func head() async throws -> Int64 {
        try await read { try $0.head().seq }
    }

    /// The project as of the log's head, from the cache while the head has not moved.
    func snapshot() async throws -> Snapshot {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try self.currentSnapshot() })
            }
        }
    }

    private func currentSnapshot() throws -> Snapshot {
        let head = try ledger.head()
        if let cached, cached.seq == head.seq, cached.hash == head.hash { return cached }
        let fresh = Snapshot(seq: head.seq, hash: head.hash, summaries: try ledger.summaries())
        cached = fresh
        return fresh
    }
}
