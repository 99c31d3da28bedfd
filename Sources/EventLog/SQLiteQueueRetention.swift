import GRDB
import Synchronization

/// For a process that exits right after its command (the command line's fast path: `log`, `task done`,
/// `ready`, ...): a log's connection is closed when the store goes away, as always (the close checkpoints
/// the WAL, so the log is one file at rest), but the closed `DatabaseQueue` object is kept until the
/// process exits instead of being freed. GRDB's `DatabaseQueue.deinit` removes itself from Foundation's
/// `NotificationCenter`, and that first use of `NotificationCenter` in the process cost 1.25 M
/// instructions of the one-append path's 21.5 M (callgrind, static release build): more than the
/// close itself. Long-running processes (`ws mcp`, the board, tests) never turn this on, so they free
/// every queue as before.
public enum SQLiteQueueRetention {
    private static let state = Mutex<(enabled: Bool, kept: [DatabaseQueue])>((false, []))

    /// Called once by a front end whose process ends with the command.
    public static func keepClosedQueuesUntilExit() {
        state.withLock { $0.enabled = true }
    }

    /// Closes `queue` now; keeps it from being freed when retention is on. A queue that cannot be
    /// closed (SQLite refused) is left to GRDB's own deinit, which closes it as before.
    static func release(_ queue: DatabaseQueue) {
        guard state.withLock({ $0.enabled }) else { return }
        guard (try? queue.close()) != nil else { return }
        state.withLock { $0.kept.append(queue) }
    }
}
