import EventLog
import Foundation
import GitStore
import WorkstreamKit

/// `ws complete` as one function, outside the argument parser, so `ws mcp` completes
/// a workstream exactly as the CLI does: run its checks (each result an event), read
/// from git what changed since the work started, then let the decider rule — it
/// refuses while a check fails, unless forced with a reason (then the failures are
/// recorded in the completion, and the handoff shows them).
public enum CompletionRun {
    public struct Request {
        var id: String
        var actor: String
        var summary: String?
        var next: [String] = []
        var force = false
        var reason: String?
        /// Commit the documents now (the CLI: autoCommit and not --no-commit).
        var commit = true
        public init(id: String, actor: String, summary: String?, next: [String], force: Bool, reason: String?,
                    commit: Bool) {
            (self.id, self.actor, self.summary, self.next) = (id, actor, summary, next)
            (self.force, self.reason, self.commit) = (force, reason, commit)
        }
    }

    public struct Result {
        public var outcome: CommandOutcome
        /// The checks run just before the decision, in order.
        public var checks: [WorkstreamEvent.CheckRan]
        public var evidence: Evidence?
    }

    public static func complete(_ r: Request, in ws: Workspace) throws -> Result {
        let w = try ws.ledger.detail(r.id).workstream
        // Refused before the checks run: while another agent's lease runs, nobody else completes it, forced or not.
        try FenceRules.requireHolder(w, actor: r.actor, now: ws.now, action: "complete it")
        // Bad input is refused before any check runs: a refused completion leaves the log as it was.
        try EventValidation.completion(id: r.id, actor: r.actor, summary: r.summary, next: r.next, force: r.force,
                                       reason: r.reason)
        // A closed workstream is refused by the decider as it stands: its checks are not run again.
        let ran = w.isClosed ? [] : try CheckRun.run(id: r.id, in: ws, actor: r.actor)
        let evidence = w.isClosed ? nil : EvidenceReader.read(for: r.id, startedAt: w.startedAt, in: ws)
        let outcome = try ws.execute(.complete(id: r.id, agent: r.actor, summary: r.summary, next: r.next, force: r.force,
                                               reason: r.reason, evidence: evidence),
                                     actor: r.actor, commit: r.commit)
        return Result(outcome: outcome, checks: ran, evidence: evidence)
    }
}

/// What git says a workstream changed: the commits HEAD gained since the commit its
/// first start recorded (or, for work started before ws recorded it, since the start's
/// time) and the files they changed, ws's own documents and journal left out. Read
/// through GitStore; nil when git cannot answer (the handoff then says it was not recorded).
public enum EvidenceReader {
    static func read(for id: String, startedAt: String?, in ws: Workspace) -> Evidence? {
        do {
            let base = try ws.ledger.history(stream: id).lazy.compactMap { e -> String? in
                if case .started(let s)? = try? e.decoded() { return s.head }
                return nil
            }.first
            let since = startedAt.flatMap(Timestamp.millis).map { $0 / 1000 }
            let repo = try Repository(discoveringFrom: ws.location.workTree)
            let found = try repo.changes(since: base, orTime: since, limit: Limits.evidenceItems, ignore: isGenerated)
            return Evidence(base: found.base, head: found.head,
                            commits: found.commits.map { .init(id: $0.id, summary: oneLine($0.summary), author: oneLine($0.author)) },
                            files: found.files.filter { !$0.unicodeScalars.contains(where: Text.isControl) },
                            truncated: found.truncated)
        } catch {
            return nil
        }
    }

    static func isGenerated(_ path: String) -> Bool {
        (Documents.folders + [Journal.folder]).contains { path.hasPrefix($0 + "/") }
    }

    /// Commit messages and author names are one line each in an event; anything else is shown escaped.
    static func oneLine(_ text: String) -> String {
        let flat = Text.printable(text, 300)
        return flat.isEmpty ? "-" : flat
    }

    /// HEAD now, for a start to record (nil without a commit, or when git cannot answer).
    static func head(in ws: Workspace) -> String? {
        try? Repository(discoveringFrom: ws.location.workTree).headCommitID()?.description
    }
}
