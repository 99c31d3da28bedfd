import CLibGit2
import Foundation

/// A git lock file (`index.lock`, `refs/heads/<branch>.lock`) that stayed in ws's way, with what
/// is known about who holds it (carried by a `GitError` whose code is `GIT_ELOCKED`). ws never
/// removes such a lock: a person does, after checking that no git command is running (ws removes
/// only its own, see `GitWork`).
public struct LockReport: Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        case index
        case branch(String)
    }

    public var kind: Kind
    public var path: String
    /// Processes that have the file open, found through /proc.
    public var holders: [LockHolder]
    /// False when some process's open files could not be read (another user's): then an empty
    /// `holders` proves nothing.
    public var holdersKnown: Bool
    /// Seconds since the file was last written (or created).
    public var age: Int

    /// Nobody has it open and it is old enough that no git command of the usual few milliseconds made it just now.
    public var looksStale: Bool { holders.isEmpty && holdersKnown && age >= LockWait.staleAfter }

    public var description: String { "\(path) is locked" + (holders.isEmpty ? "" : " by " + holders.map(\.description).joined(separator: ", ")) }
}

public struct LockHolder: Equatable, Sendable, CustomStringConvertible {
    public var pid: Int32
    public var command: String
    public var description: String { "pid \(pid) (\(command))" }
}

/// Waiting for a git lock, and telling a busy lock from one a killed process left.
enum LockWait {
    /// git holds its locks for milliseconds (a `git add` of a few files: under 50 ms here); a lock
    /// nobody has open for 2 s was left behind, or belongs to a `git commit` waiting for its editor
    /// (git closes the file then), which is why ws asks a person rather than removing it.
    static let staleAfter = 2
    /// How long ws waits for a lock a live process holds: a commit of a 26,000-entry index with a
    /// pre-commit hook takes a few seconds; longer, ws gives up and says who holds it.
    static let busyTimeout: Double = 10

    /// Returns once `path` is gone (the caller then takes it), or throws when it is stale or stays busy.
    /// Whether it is gone is asked every 5 ms; who holds it (a walk of /proc) every 100 ms.
    static func untilFree(_ path: String, kind: LockReport.Kind, since start: Date = Date()) throws {
        var lastLook = Date.distantPast
        while access(path, F_OK) == 0 {
            if Date().timeIntervalSince(lastLook) >= 0.1 {
                lastLook = Date()
                guard let report = inspect(path, kind: kind) else { return }
                if report.looksStale || Date().timeIntervalSince(start) > busyTimeout {
                    throw GitError(code: GIT_ELOCKED.rawValue, operation: "lock", message: report.description, lock: report)
                }
            }
            usleep(5_000)
        }
    }

    /// What is known about the lock at `path`, or nil when there is none.
    static func inspect(_ path: String, kind: LockReport.Kind) -> LockReport? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        // Written last (or created) then: a lock file is written once, when its new content is ready.
        let age = max(0, Int(time(nil) - st.st_mtim.tv_sec))
        let (holders, known) = openedBy(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
        // Its holder may have removed it and exited during the walk of /proc (git finishing its commit): then it
        // was no stale lock but a free one. Seen under load: a lock held open for 3 s was reported as left by a
        // killed command, because the walk began before the holder let go and ended after.
        var now = stat()
        guard stat(path, &now) == 0, now.st_ino == st.st_ino, now.st_dev == st.st_dev else { return nil }
        return LockReport(kind: kind, path: path, holders: holders, holdersKnown: known, age: age)
    }

    /// The processes with the file open: every /proc/<pid>/fd entry whose target is that inode.
    static func openedBy(device: UInt64, inode: UInt64) -> ([LockHolder], Bool) {
        guard let pids = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return ([], false) }
        var holders: [LockHolder] = []
        var complete = true
        for name in pids {
            guard let pid = Int32(name) else { continue }
            let fdDir = "/proc/\(name)/fd"
            guard let fds = try? FileManager.default.contentsOfDirectory(atPath: fdDir) else {
                // Gone meanwhile is fine; unreadable (another user's process) leaves a doubt.
                if access("/proc/\(name)", F_OK) == 0 { complete = false }
                continue
            }
            for fd in fds {
                var st = stat()
                guard stat(fdDir + "/" + fd, &st) == 0, UInt64(st.st_dev) == device, UInt64(st.st_ino) == inode else { continue }
                let comm = (try? String(contentsOfFile: "/proc/\(name)/comm", encoding: .utf8))?
                    .trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
                holders.append(LockHolder(pid: pid, command: comm))
                break
            }
        }
        return (holders, complete)
    }
}

extension Repository {
    /// Before a command records what it will commit: removes the locks a killed ws left (see
    /// `GitWork`), then waits while git's own locks on the index and on HEAD's branch are held.
    /// Throws a `GitError` carrying a `LockReport` for one that stays.
    public func waitForCommitLocks() throws {
        do {
            let work = try GitWork(commonDir: commonDir)
            removedStaleLocks += work.removed
        }
        try LockWait.untilFree(gitDir.appendingPathComponent("index.lock").path, kind: .index)
        // Mid-rebase HEAD is detached, and ws moves no branch until the operation is finished.
        guard operationInProgress == nil else { return }
        let branch = try headBranch()
        try LockWait.untilFree(commonDir.appendingPathComponent(branch + ".lock").path, kind: .branch(branch))
    }

    /// The locks on the index and on HEAD's branch that exist now, with who holds them (reads only).
    public func lockReports() throws -> [LockReport] {
        var reports: [LockReport] = []
        if let index = LockWait.inspect(gitDir.appendingPathComponent("index.lock").path, kind: .index) { reports.append(index) }
        guard operationInProgress == nil else { return reports }
        let branch = try headBranch()
        if let ref = LockWait.inspect(commonDir.appendingPathComponent(branch + ".lock").path, kind: .branch(branch)) { reports.append(ref) }
        return reports
    }
}
