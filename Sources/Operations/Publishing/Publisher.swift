import EventLog
import Foundation
import GitStore
import WorkstreamKit

/// Turns the log into committed documents: renders every document and journal
/// file as of the log's head and commits the ones that changed, with libgit2,
/// on the current branch. Rendering is deterministic, so running it again
/// after a crash commits nothing new: a commit is never made twice.
public struct Publisher {
    let ws: Workspace
    public init(ws: Workspace) { self.ws = ws }

    public enum Result: Equatable {
        case committed(commit: String, through: Int64, files: Int)
        case upToDate(through: Int64)
        /// A person's merge (or rebase, …) is under way: nothing was committed; in a merge, the
        /// regenerated files were staged as resolved, and `unresolved` are the conflicts left to the person.
        case waiting(operation: GitOperation, staged: Int, unresolved: [String])
    }

    /// Fails before anything is recorded when a commit could not be made: no branch, or a git
    /// lock that stays in the way (a busy one is waited for; a killed ws's own is removed).
    func precheck() throws {
        let repo = try open()
        // During a rebase HEAD is detached, and the commit waits for the operation to finish anyway.
        if repo.operationInProgress == nil { _ = try repo.headBranch() }
        defer { LockAdvice.removalNotes(repo).forEach(Notes.warn) }
        do { try repo.waitForCommitLocks() } catch let e as GitError where e.isLocked {
            throw CLIError(code: ExitCodes.error, message: LockAdvice.message(e, then: "Nothing was recorded."))
        }
    }

    /// Commits documents and journal through the log's head. Publishers take
    /// turns (a lock beside the log), so each renders the head it commits.
    /// `full` renders every document (as `ws rebuild` does) instead of only those that changed.
    /// `replayed` is a whole history the caller has just replayed, with every file rendered from it when `files` is
    /// given; they are used when the log has not moved since.
    @discardableResult
    func publish(actor: String, full: Bool = false, replayed: ProjectHistory? = nil,
                 files: [String: String]? = nil) throws -> Result {
        try FileLock.withLock(at: ws.location.wsDirectory.appendingPathComponent("publish.lock")) {
            try publishLocked(actor: actor, full: full, replayed: replayed, files: files)
        }
    }

    /// Runs `body` holding the publishers' turn (the lock `publish` takes): `ws serve --push` merges the remote's
    /// branch with git's command line in it, so no commit of ws's lands in the middle of that merge.
    static func takingTurn<T>(_ ws: Workspace, _ body: () throws -> T) throws -> T {
        try FileLock.withLock(at: ws.location.wsDirectory.appendingPathComponent("publish.lock"), body)
    }

    /// `publish` for a caller already holding the turn (`takingTurn`).
    func publishInTurn(actor: String) throws -> Result {
        try publishLocked(actor: actor, full: false, replayed: nil, files: nil)
    }

    private func publishLocked(actor: String, full: Bool, replayed: ProjectHistory?,
                               files: [String: String]?) throws -> Result {
        let trace = Trace(enabled: ws.environment["WS_TRACE"] == "1")
        let repo = try open()
        // A merge, rebase, cherry-pick or revert of the person's own: nothing is committed until it is finished.
        if let operation = repo.operationInProgress { return try settle(repo, during: operation, trace: trace) }
        let head = try ws.ledger.head()
        let committedBefore = Int64(try ws.ledger.meta(Meta.committed) ?? "0") ?? 0
        // Journals in an old form, or with lines a union merge doubled or a person broke, are all rewritten.
        let fullRequested = try ws.ledger.meta(Meta.fullPublish) == "1"
        // The first publish of a journal from before content ids seals it, with every journal, in one commit.
        let eligible = try !full && !fullRequested && !sealMissing()
        // After a rewrite, what differs from the commit ws last published (nil: that is not known, render everything).
        let rewritten = try ws.ledger.meta(Meta.historyRewritten) == "1"
        let repairs = eligible && rewritten ? try rewriteRepairs(repo, head: head.seq) : nil
        var incremental = try eligible && (rewritten ? repairs != nil
            : canPublishIncrementally(repo, committed: committedBefore, head: head.seq))
        trace.mark("decide incremental: \(incremental)" + (repairs.map { ", \($0.paths.count) differ after a rewrite" } ?? ""))
        var plan = incremental
            ? try incrementalFiles(repo, after: repairs?.since ?? committedBefore, head: head, repairs: repairs, trace: trace)
            : try allFiles(repo, head: head, replayed: replayed, files: files, trace: trace)
        if let repairs, incremental, try !covers(plan, repairs, repo) {
            incremental = false
            plan = try allFiles(repo, head: head, replayed: replayed, files: files, trace: trace)
        }
        trace.mark("render \(plan.files.count) files")
        let changes = try fileChanges(plan, repo)
        trace.mark("compare: \(changes.count) changed")
        let (message, completer) = try CommitMessage.make(ws.ledger, after: committedBefore, through: head, names: plan.titles)
        // The agent who completed (or cancelled) here is the author, also when a later command catches the commit up.
        let (author, committer) = CommitAuthors(ws: ws).identities(for: completer ?? actor, repo)
        let outcome: Repository.CommitOutcome
        do {
            defer { LockAdvice.removalNotes(repo).forEach(Notes.warn) }
            // Unchanged since ws last checked it, the index cannot have drifted: the comparison (9 ms of a
            // 13,000-file commit) is skipped.
            let generated = IndexGuard(ws: ws).isCurrent ? nil : IndexGuard.generated
            outcome = changes.isEmpty ? .unchanged : try repo.commitGenerated(changes, message: message, author: author,
                                                                             committer: committer, generated: generated,
                                                                             trace: trace.mark, checkpoint: crashHook)
        } catch let e as GitError {
            throw CLIError(code: ExitCodes.error, message: "could not commit the documents: "
                           + LockAdvice.message(e, then: "The events are recorded; the next ws command (or 'ws commit') commits them."))
        }
        trace.mark("commit")
        if !changes.isEmpty { IndexGuard(ws: ws).recordStamp() } // the commit left the index in step with it
        do {
            try recordCommitted(plan, through: head.seq, incremental: incremental)
        } catch {
            // The commit was made: never say otherwise. Unrecorded, the next command finds HEAD already holds these files.
            guard case .committed(let id) = outcome else { throw error }
            throw CLIError(code: ExitCodes.error, message: "committed the documents as \(id.description.prefix(12)), but could not note that in the log: "
                           + "\(ClassifiedError.message(error)). The next ws command notes it; nothing is committed twice.")
        }
        if case .committed(let id) = outcome { return .committed(commit: id.description, through: head.seq, files: changes.count) }
        return .upToDate(through: head.seq)
    }

    /// Test hooks: die the way `kill -9` would, holding the index and branch locks before writing
    /// anything (`index-locked`), or between the index write and the branch move (`after-index`).
    private func crashHook(_ step: Repository.CommitStep) {
        switch (ws.environment["WS_TEST_CRASH"], step) {
        case ("index-locked", .indexLocked), ("after-index", .indexWritten): kill(getpid(), SIGKILL)
        default: break
        }
    }

    /// What the log keeps about a publish: what it covered, and the event it committed through.
    private func recordCommitted(_ plan: FilePlan, through head: Int64, incremental: Bool) throws {
        try ws.ledger.recordPublished(plan.owners, for: plan.scope)
        let committedNow = Int64(try ws.ledger.meta(Meta.committed) ?? "0") ?? 0
        try ws.ledger.setMeta(Meta.committed, String(max(committedNow, head)))
        if !incremental {
            // Every journal now holds exactly the log's events: no quarantined line is left in it.
            try ws.ledger.setMeta(Meta.fullPublish, "0")
            try ws.ledger.setMeta(Meta.quarantine, "[]")
        }
        if let now = ws.location.headCommit {
            try ws.ledger.setMeta(Meta.journalHead, now)
            try ws.ledger.setMeta(Meta.publishedCommit, Self.publishedRecord(commit: now, through: head))
        }
        try ws.ledger.setMeta(Meta.historyRewritten, "0")
    }

    /// Commits what an earlier command asked for and a crash cut off. A commit
    /// that cannot be made now (a busy index, a detached HEAD) is a warning:
    /// the command itself still answers, and the next one tries again.
    func catchUp(actor: () -> String) throws {
        do {
            try Repository.removeStaleLocks(commonDir: ws.location.commonDir).map(LockAdvice.removalNote).forEach(Notes.warn)
        } catch {
            Notes.warn("ws: warning: could not look for git locks a killed ws left: \(ClassifiedError.message(error))")
        }
        let requested = Int64(try ws.ledger.meta(Meta.commitRequested) ?? "0") ?? 0
        let committed = Int64(try ws.ledger.meta(Meta.committed) ?? "0") ?? 0
        // During a merge the first writing command settles the generated files (see `settle`).
        if requested > committed || ws.location.isMerging {
            do { try publish(actor: actor()) } catch {
                Notes.warn("ws: warning: documents for events up to #\(requested) are not committed yet; the next command tries again. \(ClassifiedError.message(error))")
            }
        }
        do { try IndexGuard(ws: ws).repair() } catch {
            Notes.warn("ws: warning: could not check the git index against HEAD; the next command tries again. \(ClassifiedError.message(error))")
        }
    }

    public func open() throws -> Repository {
        do { return try Repository(discoveringFrom: ws.location.workTree) } catch let e as GitError {
            throw CLIError(code: ExitCodes.error, message: "cannot open the git repository: \(e.message)")
        }
    }

    /// The files of `plan` that HEAD or the work tree do not hold as rendered, and `forcing`
    /// (paths a merge left conflicted) whatever they hold.
    /// `attributes`: `.gitattributes` too, when its merge rules are not committed yet.
    func fileChanges(_ plan: FilePlan, _ repo: Repository, forcing: Set<String> = [],
                     attributes: Bool = true) throws -> [FileChange] {
        // First: the folders they free may be written into by the changes after them.
        var changes = plan.foreign.sorted().map { FileChange(path: $0, content: nil) }
        let snapshot = try repo.headSnapshot()
        for (path, text) in plan.files.sorted(by: { $0.key < $1.key }) {
            let data = Data(text.utf8)
            // Compared by blob id: a journal of a million events is not read back from git.
            let stale = try snapshot.fileID(path) != repo.blobID(of: data) || !workTreeMatches(path, data)
            if stale || forcing.contains(path) {
                changes.append(FileChange(path: path, content: data))
            }
        }
        for path in plan.removed.sorted() where try snapshot.fileID(path) != nil || forcing.contains(path) {
            // Kept, never deleted, so no pull stops on a modify/delete conflict: a document as a tombstone, a
            // journal emptied (its lines were quarantined here; a clone holding their events writes them back).
            let tombstone = path.hasPrefix(Journal.folder + "/") ? Data() : Data(Documents.tombstone(at: path).utf8)
            if try forcing.contains(path) || snapshot.fileID(path) != repo.blobID(of: tombstone)
                || !workTreeMatches(path, tombstone) {
                changes.append(FileChange(path: path, content: tombstone))
            }
        }
        for path in plan.deleted.sorted() where try snapshot.fileID(path) != nil {
            changes.append(FileChange(path: path, content: nil))
        }
        if attributes, let file = try gitAttributes(repo) { changes.append(file) }
        return changes
    }

    private func workTreeMatches(_ path: String, _ data: Data) -> Bool {
        // Never through a symlink or into a FIFO a peer put there (see `OwnedFile`).
        OwnedFile.contents(path, in: ws.location.workTree) == data
    }
}
