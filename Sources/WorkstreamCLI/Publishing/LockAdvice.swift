import Foundation
import GitStore
import Providers

/// Turns a git lock in ws's way into a message that says who holds it and what to do, ending
/// with the exact command when the fix is to remove it.
enum LockAdvice {
    /// The message for a failed git operation: lock advice when a lock was in the way. `then`
    /// (what became of the command) goes before the fix, so the message ends with the command.
    static func message(_ error: GitError, then: String = "") -> String {
        guard let report = error.lock else { return error.message + (then.isEmpty ? "" : ". " + then) }
        return message(report, then: then)
    }

    static func message(_ report: LockReport, then: String = "") -> String {
        let then = then.isEmpty ? "" : " " + then
        let what: String
        switch report.kind {
        case .index: what = "the git index is locked"
        case .branch(let ref): what = "the branch \(ref.hasPrefix("refs/heads/") ? String(ref.dropFirst("refs/heads/".count)) : ref) is locked"
        }
        let remove = "rm " + ShellQuote.quote(report.path)
        if !report.holders.isEmpty {
            let who = report.holders.map(\.description).joined(separator: ", ")
            return "\(what) by a running process, \(who): \(report.path).\(then) Wait for it to finish, then run the command again."
        }
        if report.looksStale {
            return "\(what): \(report.path) was left \(duration(report.age)) ago by a git or ws command that was killed, and no process has it open.\(then) "
                + "If no git command is running (a 'git commit' waiting for its editor holds it too), remove it and run the command again:\n  \(remove)"
        }
        return "\(what): \(report.path) exists (\(duration(report.age)) old): another git command is running, or one was killed and left it.\(then) "
            + "Once no git command runs, remove it and run the command again:\n  \(remove)"
    }

    /// Notes for the locks a killed ws left that this process removed.
    static func removalNotes(_ repo: Repository) -> [String] {
        repo.removedStaleLocks.map { "ws: note: removed \($0), left by a ws command that was killed while committing (no process had it open)" }
    }

    static func duration(_ seconds: Int) -> String {
        if seconds < 120 { return "\(seconds) s" }
        if seconds < 7_200 { return "\(seconds / 60) min" }
        return "\(seconds / 3_600) h"
    }
}
