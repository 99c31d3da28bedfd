import EventLog
import Foundation
import GitStore
import WorkstreamKit

/// Turns the log into committed documents: renders every document and journal
/// file as of the log's head and commits the ones that changed, with libgit2,
/// on the current branch. Rendering is deterministic, so running it again
/// after a crash commits nothing new: a commit is never made twice.
struct Publisher {
    let ws: Workspace

    enum Result: Equatable {
        case committed(commit: String, through: Int64, files: Int)
        case upToDate(through: Int64)
    }

    /// Fails before anything is recorded when a commit could not be made.
    func precheck() throws {
        let repo = try open()
        _ = try repo.headBranch()
        let lock = repo.gitDir.appendingPathComponent("index.lock")
        if FileManager.default.fileExists(atPath: lock.path) {
            throw CLIError(code: ExitCodes.error, message: "the git index is locked (\(lock.path) exists): another git command is running, or one crashed and left the lock. Nothing was recorded; run the command again once git is done (or remove the stale lock).")
        }
    }

    /// Commits documents and journal through the log's head. Publishers take
    /// turns (a lock beside the log), so each renders the head it commits.
    /// `full` renders every document (as `ws rebuild` does) instead of only those that changed.
    /// `replayed` is a whole history the caller has just replayed; it is used when the log has not moved since.
    @discardableResult
    func publish(actor: String, full: Bool = false, replayed: ProjectHistory? = nil) throws -> Result {
        try FileLock.withLock(at: ws.location.wsDirectory.appendingPathComponent("publish.lock")) {
            try publishLocked(actor: actor, full: full, replayed: replayed)
        }
    }

    private func publishLocked(actor: String, full: Bool, replayed: ProjectHistory?) throws -> Result {
        let trace = Trace(enabled: ws.environment["WS_TRACE"] == "1")
        let repo = try open()
        let head = try ws.ledger.head()
        let committedBefore = Int64(try ws.ledger.meta(Meta.committed) ?? "0") ?? 0
        // Journals in an old form, or with lines a union merge doubled or a person broke, are all rewritten.
        let fullRequested = try ws.ledger.meta(Meta.fullPublish) == "1"
        let incremental = try !full && !fullRequested && canPublishIncrementally(repo, committed: committedBefore, head: head.seq)
        trace.mark("decide incremental: \(incremental)")
        let plan = incremental
            ? try incrementalFiles(after: committedBefore, head: head, trace: trace)
            : try allFiles(repo, head: head, replayed: replayed, trace: trace)
        trace.mark("render \(plan.files.count) files")
        var changes: [FileChange] = []
        let snapshot = try repo.headSnapshot()
        for (path, text) in plan.files.sorted(by: { $0.key < $1.key }) {
            let data = Data(text.utf8)
            // Compared by blob id: a journal of a million events is not read back from git.
            if try snapshot.fileID(path) != repo.blobID(of: data) || !workTreeMatches(path, data) { changes.append(FileChange(path: path, content: data)) }
        }
        for path in plan.removed.sorted() where try snapshot.fileID(path) != nil {
            // Journals of hostile or broken files go; documents stay as tombstones (see `Documents.tombstone`).
            let journal = path.hasPrefix(Journal.folder + "/")
            let tombstone = Data(Documents.tombstone.utf8)
            if journal { changes.append(FileChange(path: path, content: nil)) }
            else if try snapshot.fileID(path) != repo.blobID(of: tombstone) || !workTreeMatches(path, tombstone) {
                changes.append(FileChange(path: path, content: tombstone))
            }
        }
        if let attributes = try gitAttributes(repo) { changes.append(attributes) }
        trace.mark("compare: \(changes.count) changed")
        let (message, completer) = try CommitMessage.make(ws.ledger, after: committedBefore, through: head, names: plan.titles)
        // The agent who completed (or cancelled) here is the author, also when a later command catches the commit up.
        let name = completer ?? actor
        let author = CommitIdentity(name: name, email: ws.config.email(for: name))
        let outcome: Repository.CommitOutcome
        do {
            outcome = changes.isEmpty ? .unchanged : try repo.commitGenerated(changes, message: message, author: author, trace: trace.mark)
        } catch let e as GitError {
            throw CLIError(code: ExitCodes.error, message: "could not commit the documents: \(e.message). The events are recorded; the next ws command (or 'ws commit') commits them.")
        }
        trace.mark("commit")
        try ws.ledger.recordPublished(plan.owners, for: plan.scope)
        let committedNow = Int64(try ws.ledger.meta(Meta.committed) ?? "0") ?? 0
        try ws.ledger.setMeta(Meta.committed, String(max(committedNow, head.seq)))
        if !incremental {
            // Every journal now holds exactly the log's events: no quarantined line is left in it.
            try ws.ledger.setMeta(Meta.fullPublish, "0")
            try ws.ledger.setMeta(Meta.quarantine, "[]")
        }
        if let now = GitHead.commit(location: ws.location) { try ws.ledger.setMeta(Meta.journalHead, now) }
        if case .committed(let id) = outcome { return .committed(commit: id.description, through: head.seq, files: changes.count) }
        return .upToDate(through: head.seq)
    }

    /// What one publish writes: documents and journals by path, paths to remove,
    /// which workstream owns each document, and the workstreams it covered (nil: all).
    struct FilePlan {
        var files: [String: String] = [:]
        var removed: Set<String> = []
        var owners: [String: String] = [:]
        var scope: Set<String>?
        var titles: [String: String] = [:]
    }

    /// Only the documents an event since the last commit can change are
    /// rendered, when the last commit is ws's own on this log's lineage and
    /// this clone knows what it published then.
    private func canPublishIncrementally(_ repo: Repository, committed: Int64, head: Int64) throws -> Bool {
        guard committed > 0, committed <= head, try ws.ledger.hasPublished() else { return false }
        // After a pull that moved HEAD forward, HEAD's documents fit everything the imported events
        // do not touch, and those are what incremental publishing renders (a thousand pulled events: one
        // neighbourhood each, not ten thousand documents).
        if try ws.ledger.meta(Meta.pulledForward) == "1" { return true }
        guard let (seq, hash) = try DocumentCheck(ws: ws).lastWsCommit(repo) else { return false }
        let ours = try ws.ledger.hash(at: seq)
        return seq == committed && ours == hash
    }

    /// A workstream's document shows its own state, its dependencies' and its
    /// dependents' statuses and titles; a status moves when the workstream or
    /// one of its dependencies changes. So the documents to render are those
    /// of the changed workstreams, their dependents, and the neighbours of both.
    private func incrementalFiles(after committed: Int64, head: (seq: Int64, hash: String), trace: Trace) throws -> FilePlan {
        let ledger = ws.ledger
        let changed = try ledger.changes(after: committed)
        trace.mark("changes since #\(committed)")
        let touched = changed.streams.union(changed.referenced)
        let statusMoved = touched.union(try ledger.neighbours(of: touched).dependents)
        let around = try ledger.neighbours(of: statusMoved)
        let render = statusMoved.union(around.dependencies).union(around.dependents)
        let outer = try ledger.neighbours(of: render)
        let shown = render.union(outer.dependencies).union(outer.dependents)
        let loaded = shown.union(try ledger.neighbours(of: shown).dependencies)
        trace.mark("neighbourhood: \(render.count) to render, \(loaded.count) to load")
        let history = try ledger.partialHistory(stateIds: loaded, eventStreams: render, upTo: head.seq)
        trace.mark("partial history")
        var plan = FilePlan()
        plan.files = Documents.render(history, only: Array(render))
        plan.owners = Documents.owners(in: history, ids: Array(render))
        plan.scope = render
        trace.mark("documents")
        let summaries = try ledger.summaries()
        trace.mark("summaries")
        plan.files[Documents.indexPath] = Documents.index(summaries, lastSeq: head.seq, lastTime: history.lastTime)
        trace.mark("index document")
        for stream in changed.streams {
            plan.files[Journal.path(stream)] = Journal.render(try ledger.streamEvents(stream, upTo: head.seq))
        }
        let before = try ledger.publishedPaths(of: render)
        plan.removed = Set(before.keys).subtracting(plan.files.keys)
        for id in changed.streams { plan.titles[id] = history.state[id]?.title }
        return plan
    }

    /// Every document and journal, from a replay of the whole log. The
    /// documents (pure rendering) and the journals (a query and a rendering
    /// per workstream) are made at the same time, on two cores.
    private func allFiles(_ repo: Repository, head: (seq: Int64, hash: String), replayed: ProjectHistory?, trace: Trace) throws -> FilePlan {
        let history: ProjectHistory
        if let replayed, replayed.lastSeq == head.seq {
            history = replayed
        } else {
            history = try ws.ledger.projectHistory(upTo: head.seq)
            trace.mark("replay for documents")
        }
        let streams = Array(history.events.keys)
        // The ledger serialises its own connection (GRDB's queue, or the PostgreSQL client's).
        let ledger = UncheckedSendable(ws.ledger)
        let parts = RenderedParts()
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 {
                parts.set(documents: Documents.render(history))
            } else {
                do {
                    var journals: [String: String] = [:]
                    for stream in streams { journals[Journal.path(stream)] = Journal.render(try ledger.value.streamEvents(stream, upTo: head.seq)) }
                    parts.set(journals: journals)
                } catch { parts.set(failure: error) }
            }
        }
        if let failure = parts.failure { throw failure }
        trace.mark("documents and journals")
        var plan = FilePlan()
        plan.files = parts.documents.merging(parts.journals) { a, _ in a }
        let ids = history.state.ordered.map(\.id)
        plan.owners = Documents.owners(in: history, ids: ids)
        plan.removed = Set(try staleFiles(repo, keeping: Set(plan.files.keys)))
        for (id, w) in history.state.workstreams { plan.titles[id] = w.title }
        return plan
    }

    private struct UncheckedSendable<T>: @unchecked Sendable {
        let value: T
        init(_ value: T) { self.value = value }
    }

    /// What the two halves of `allFiles` hand back, behind a lock.
    private final class RenderedParts: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var documents: [String: String] = [:]
        private(set) var journals: [String: String] = [:]
        private(set) var failure: Error?
        func set(documents: [String: String]) { lock.withLock { self.documents = documents } }
        func set(journals: [String: String]) { lock.withLock { self.journals = journals } }
        func set(failure: Error) { lock.withLock { self.failure = failure } }
    }

    /// Commits what an earlier command asked for and a crash cut off. A commit
    /// that cannot be made now (a busy index, a detached HEAD) is a warning:
    /// the command itself still answers, and the next one tries again.
    func catchUp(actor: () -> String) throws {
        let requested = Int64(try ws.ledger.meta(Meta.commitRequested) ?? "0") ?? 0
        let committed = Int64(try ws.ledger.meta(Meta.committed) ?? "0") ?? 0
        guard requested > committed else { return }
        do { try publish(actor: actor()) } catch {
            Output.error("ws: warning: documents for events up to #\(requested) are not committed yet (\(ExitCodes.classify(error)?.message ?? "\(error)")); the next command tries again")
        }
    }

    func open() throws -> Repository {
        do { return try Repository(discoveringFrom: ws.location.workTree) } catch let e as GitError {
            throw CLIError(code: ExitCodes.error, message: "cannot open the git repository: \(e.message)")
        }
    }

    private func workTreeMatches(_ path: String, _ data: Data) -> Bool {
        (try? Data(contentsOf: ws.location.workTree.appendingPathComponent(path))) == data
    }

    /// Generated files in HEAD that the log no longer produces (a renamed
    /// workstream's old document, say). Files without the generated header are
    /// someone's own and stay.
    private func staleFiles(_ repo: Repository, keeping: Set<String>) throws -> [String] {
        var stale: [String] = []
        for folder in Documents.folders + [Journal.folder] {
            for path in try repo.headFiles(under: folder) where !keeping.contains(path) {
                let isJournal = path.hasPrefix(Journal.folder + "/") && path.hasSuffix(".jsonl")
                if isJournal { stale.append(path); continue }
                if let data = try repo.headFile(path), String(decoding: data.prefix(200), as: UTF8.self).hasPrefix(Documents.header) {
                    stale.append(path)
                }
            }
        }
        return stale
    }
}
