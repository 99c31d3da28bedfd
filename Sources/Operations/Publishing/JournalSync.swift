import EventLog
import Foundation
import GitStore
import WorkstreamKit

/// Brings what git brought into the log: when HEAD moved since the last look
/// (a pull, a merge, a rebase, a fresh clone), every journal line is read as
/// untrusted input, the valid events this log has not seen are imported with
/// their clocks, and bad lines are quarantined and reported. Nothing is
/// committed here: regenerating the documents is left to the next writing
/// command or `ws sync`, which the import asks for.
extension Workspace {
    /// For a log opened read-only (it cannot be written): nothing can be imported, so a command
    /// that reads it says when git has brought journal events the log does not hold yet.
    func warnOfUnimportedJournal() throws {
        let head = location.headCommit ?? ""
        guard try ledger.meta(Meta.journalHead) != head else { return }
        Notes.warn("ws: warning: the log cannot be written (read-only), so journal events git brought since it was "
                     + "last written are not imported; the answer is the log as it stands")
    }

    func syncJournal() throws {
        // Mid-merge the journal may hold conflict markers and HEAD is not the result yet: a merge is
        // imported by the command that settles it (`Publisher.settle`), the rest once it is finished.
        guard !location.operationInProgress else { return }
        let head = location.headCommit ?? ""
        guard try ledger.meta(Meta.journalHead) != head else { return }
        let previousHead = try ledger.meta(Meta.journalHead) ?? ""
        let trace = Trace(enabled: environment["WS_TRACE"] == "1")
        let (blobs, forward, repo) = journalBlobs(since: previousHead)
        trace.mark("journal blobs in HEAD")
        try ledger.setMeta(Meta.pulledForward, forward ? "1" : "0")
        let wasEmpty = try ledger.head().seq == 0
        // Only journal files whose blob changed since the last look (and any git does not have) are read:
        // syncing after a pull of a thousand events must not parse a million.
        let previous = wasEmpty ? [:] : (ConflictJSON.stringMap(try ledger.meta(Meta.journalBlobs)) ?? [:])
        trace.mark("journal blobs at the last look: \(previous.count)")
        let changed: Set<String>? = previous.isEmpty || blobs.isEmpty ? nil : Self.changedFiles(blobs, since: previous, workTree: location.workTree)
        trace.mark("changed journal files: \(changed?.count ?? blobs.count)")
        let reading = Journal.read(workTree: location.workTree, only: changed)
        trace.mark("read \(reading.events.count) journal lines of \(changed?.count ?? blobs.count) files")
        let before = try quarantineReport()
        // Lines quarantined earlier in files not read again are still there.
        var quarantined = before.filter { q in
            let name = String(q.file.dropFirst(Journal.folder.count + 1))
            return changed.map { !$0.contains(name) } ?? false && blobs[name] != nil
        } + reading.quarantined
        let result = try ledger.importJournal(reading.events, refused: quarantined.count)
        trace.mark("import: \(result.imported) new events")
        func refuse(_ id: String, _ reason: String) {
            let place = reading.places[id] ?? (file: Journal.folder, line: 0)
            quarantined.append(Journal.Quarantined(file: place.file, line: place.line, reason: reason, eventId: id))
        }
        for id in result.reused {
            refuse(id, "its event id \(Text.clip(id, 40)) is already in the log with other content")
        }
        for refusal in result.clockTooHigh { refuse(refusal.eventId, refusal.reason) }
        try ledger.setMeta(Meta.quarantine, try Self.encode(quarantined))
        // Unchanged after most rewrites (an amend of code or of nothing): 10,000 entries are not encoded again.
        if wasEmpty || blobs != previous {
            try ledger.setMeta(Meta.journalBlobs, ConflictJSON.encode(stringMap: blobs) ?? "{}")
        }
        // Reported by the command that found them; later commands list them in 'ws verify' and 'ws status'.
        for q in quarantined where !before.contains(q) { Notes.warn("ws: warning: \(q.message)") }
        // A journal that lacks events the log holds (a clone dropped a line it quarantined) is written again, so
        // the original travels back and every clone ends up holding the same set.
        let deleted = Set(previous.keys.filter { blobs[$0] == nil && !blobs.isEmpty })
        // A log built from this journal just now holds nothing the journal lacks.
        let missing = try !wasEmpty && journalsMissingEvents(reading, files: changed.map { $0.union(deleted) })
        // HEAD no longer descends from the commit last looked at (a rebase, an amend, a reset): a ws commit
        // replayed by the rebase keeps its trailers, but git's merge (the generated-files driver keeps one side
        // whole) may have given it another side's documents, so nothing in HEAD can be assumed to fit the log.
        // So HEAD's generated files are compared with those of the commit ws last published (blob ids), and the ones
        // that differ are rendered again; only when that commit is not on record is every document rendered.
        let rewritten = !wasEmpty && !previousHead.isEmpty && !forward
        // That comparison also catches a journal a union merge left out of order or short: its blob differs too.
        let comparable = try rewritten && ledger.meta(Meta.publishedCommit) != nil
        // A symlink, file or folder a peer committed where ws writes: the full publish removes or replaces it.
        trace.mark("journal bookkeeping")
        let foreign = try !ForeignEntries.inHead(Publisher(ws: self).open(), deep: false).isEmpty
        trace.mark("foreign entries in HEAD")
        let rewrite = reading.legacyLines > 0 || !quarantined.isEmpty || foreign
            || (comparable ? false : rewritten || !reading.canonical || missing)
        if rewrite { try ledger.setMeta(Meta.fullPublish, "1") }
        if rewritten && comparable { try ledger.setMeta(Meta.historyRewritten, "1") }
        // A rewrite that left every generated file as ws published it (an amend of the message, of code, or of
        // nothing) has nothing to repair: the events not committed yet go with the command's own commit, as
        // without the rewrite, instead of a catch-up commit of their own first (most of the first `ws complete`).
        let repairNeeded = try rewritten && !(comparable && result.imported == 0 && !rewrite
            && rewriteLeftGeneratedFilesAlone(repo))
        trace.mark("generated files against the last published commit")
        if wasEmpty && !rewrite {
            // A fresh clone: HEAD already holds the documents of exactly these events, so there is nothing to commit
            // (and 'ws verify' checks HEAD's documents against them).
            try ledger.setMeta(Meta.committed, String(try ledger.head().seq))
        } else if (result.imported > 0 || rewrite || repairNeeded) && config.autoCommit {
            try ledger.setMeta(Meta.commitRequested, String(try ledger.head().seq))
        }
        try ledger.setMeta(Meta.journalHead, head)
    }

    /// Whether HEAD holds every generated file as in the commit ws last published (false when that is not known).
    private func rewriteLeftGeneratedFilesAlone(_ repo: Repository?) throws -> Bool {
        guard let repo else { return false }
        let repairs = try? Publisher(ws: self).rewriteRepairs(repo, head: try ledger.head().seq)
        return repairs?.paths.isEmpty ?? false
    }

    /// Names of journal files whose blob differs from the last look, and files in the work tree git does not have.
    static func changedFiles(_ blobs: [String: String], since previous: [String: String], workTree: URL) -> Set<String> {
        var changed = Set(blobs.filter { previous[$0.key] != $0.value }.keys)
        for name in Journal.names(workTree: workTree) where blobs[name] == nil { changed.insert(name) }
        return changed
    }

    /// Each journal file's blob id in HEAD, whether HEAD descends from `previous`, and the repository (nil when
    /// it cannot be read); opening the repository also registers the merge driver.
    private func journalBlobs(since previous: String) -> (blobs: [String: String], forward: Bool, repo: Repository?) {
        do {
            let repo = try Repository(discoveringFrom: location.workTree)
            try repo.ensureConfig(MergeRules.config)
            let forward = try !previous.isEmpty && repo.headDescends(from: previous)
            return (try repo.headBlobIDs(under: Journal.folder), forward, repo)
        } catch {
            Notes.warn("ws: warning: could not read the repository (\(error)); every journal file is read, and the '\(MergeRules.driver)' merge driver may not be registered")
            return ([:], false, nil)
        }
    }

    /// The quarantined journal lines found at the last look.
    public func quarantineReport() throws -> [Journal.Quarantined] {
        guard let text = try ledger.meta(Meta.quarantine), !text.isEmpty else { return [] }
        return (try? CanonicalJSON.decode([Journal.Quarantined].self, from: text)) ?? []
    }

    public static func encode(_ quarantined: [Journal.Quarantined]) throws -> String {
        try CanonicalJSON.text(quarantined)
    }
}
