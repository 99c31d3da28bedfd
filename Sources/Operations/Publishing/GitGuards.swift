import Foundation
import GitStore
import Providers
import WorkstreamKit

// What the CLI does and says about the git index and git's locks: `IndexGuard`, `LockAdvice`.

/// Keeps the git index from undoing ws's commits. A ws commit writes the index before it moves
/// the branch (see `Repository.commitGenerated`); an index that holds an older committed version
/// of a generated file all the same (left by an older ws, a tool, a `git reset` of those paths)
/// is found and put back by the next writing command, and reported by `ws verify`.
public struct IndexGuard {
    let ws: Workspace
    public init(ws: Workspace) { self.ws = ws }

    /// What ws generates: every journal file, and the documents that carry its header.
    public static let generated = GeneratedPaths(ownedFolders: [Journal.folder], markedFolders: Documents.folders,
                                          header: Data(Documents.header.utf8))

    /// Checks the index when it or HEAD changed since ws last did (a stat and a ref read, so a
    /// command that has nothing to commit does not load libgit2), and puts drifted entries back.
    /// `force` checks whatever the stamp says (`ws commit`).
    public func repair(force: Bool = false) throws {
        if !force, isCurrent { return }
        let repo = try Publisher(ws: ws).open()
        let repaired = try repo.repairIndexDrift(Self.generated)
        LockAdvice.removalNotes(repo).forEach(Notes.warn)
        if !repaired.isEmpty {
            Notes.warn("ws: note: the git index held " + Self.describe(repaired)
                         + ", so a 'git commit' would have undone them; they are staged again as HEAD has them")
        }
        recordStamp()
    }

    /// For `ws verify`: one problem per drifted file, each with the command that puts it back.
    public func problems() throws -> [String] {
        let drifted = try Publisher(ws: ws).open().indexDrift(Self.generated)
        var lines = drifted.prefix(10).map { d in
            d.missing
                ? "\(d.path): the git index has no entry for it although HEAD has one, so a 'git commit' now would delete it; 'ws commit' stages it again"
                : "\(d.path): the git index holds an older committed version than HEAD's, so a 'git commit' now would undo ws's change; 'ws commit' stages it again"
        }
        if drifted.count > 10 { lines.append("and \(drifted.count - 10) more generated files differ in the git index from HEAD; 'ws commit' stages them again") }
        return lines
    }

    static func describe(_ drifted: [IndexDrift]) -> String {
        let names = drifted.prefix(3).map(\.path).joined(separator: ", ") + (drifted.count > 3 ? ", …" : "")
        return "older versions of \(drifted.count) file\(drifted.count == 1 ? "" : "s") ws committed (\(names))"
    }

    /// The index and HEAD are as ws last checked them: nothing can have drifted since.
    var isCurrent: Bool { recordedStamp() == ws.location.indexStamp }

    /// Remembers the index and HEAD as they are now, checked.
    func recordStamp() {
        // A cache: lost or unwritable, the next command only checks once more.
        try? Data(ws.location.indexStamp.utf8).write(to: stampURL, options: .atomic)
    }

    private var stampURL: URL { ws.location.gitDir.appendingPathComponent("ws-index-checked") }

    private func recordedStamp() -> String? {
        (try? Data(contentsOf: stampURL)).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// Turns a git lock in ws's way into a message that says who holds it and what to do, ending
/// with the exact command when the fix is to remove it.
public enum LockAdvice {
    /// The message for a failed git operation: lock advice when a lock was in the way. `then`
    /// (what became of the command) goes before the fix, so the message ends with the command.
    public static func message(_ error: GitError, then: String = "") -> String {
        guard let report = error.lock else { return error.message + (then.isEmpty ? "" : ". " + then) }
        return message(report, then: then)
    }

    public static func message(_ report: LockReport, then: String = "") -> String {
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
    static func removalNotes(_ repo: Repository) -> [String] { repo.removedStaleLocks.map(removalNote) }

    static func removalNote(_ path: String) -> String {
        "ws: note: removed \(path), left by a ws command that was killed while committing (no process had it open)"
    }

    static func duration(_ seconds: Int) -> String {
        if seconds < 120 { return "\(seconds) s" }
        if seconds < 7_200 { return "\(seconds / 60) min" }
        return "\(seconds / 3_600) h"
    }
}
