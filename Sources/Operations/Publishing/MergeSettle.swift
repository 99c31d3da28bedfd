import EventLog
import Foundation
import GitStore
import WorkstreamKit

/// What ws does while a person's merge, rebase, cherry-pick or revert is under way: it never
/// commits (a one-parent commit on an unfinished merge, and stage-0 entries beside conflict
/// stages, left an index git itself refused). In a merge, the generated files are ws's to
/// settle: the journals of both sides are joined, imported, every document is regenerated
/// from the merged log, and all of them are staged as resolved; MERGE_HEAD stays, so the
/// person's `git commit` makes the two-parent commit. Their own conflicted files stay theirs.
/// Whatever the operation, the log asks for a commit, which the next command after it makes.
extension Publisher {
    func settle(_ repo: Repository, during operation: GitOperation, trace: Trace) throws -> Result {
        let conflicted = try repo.conflictedFiles()
        // Said once per command, though a command may settle twice (catching up, then after its own append).
        let firstLook = ws.firstNote(about: operation.rawValue)
        var staged = 0
        if operation == .merge {
            // A clone where ws never ran has no driver yet: registered now, for the next merge.
            _ = try? repo.ensureConfig(MergeRules.config)
            let generated = conflicted.filter(isGenerated)
            try joinJournals(generated)
            try importMergedJournal(reporting: firstLook)
            let head = try ws.ledger.head()
            var plan = try allFiles(repo, head: head, replayed: nil, trace: trace)
            // A conflicted generated file the merged log no longer produces: a tombstone, or gone for a journal.
            for file in generated where plan.files[file.path] == nil { plan.removed.insert(file.path) }
            let changes = try fileChanges(plan, repo, forcing: Set(generated.map(\.path)), attributes: false)
            do { try repo.stageResolved(changes) } catch let e as GitError {
                let then = "The events are recorded; the next ws command tries again."
                throw CLIError(code: ExitCodes.error,
                               message: "could not stage the regenerated documents during the merge: " + LockAdvice.message(e, then: then))
            }
            staged = changes.count
            trace.mark("staged \(staged) files during the merge")
        }
        // Caught up after the operation: the commit is compared with HEAD then, so a merge commit that
        // already holds these files makes no second commit.
        try ws.ledger.setMeta(Meta.fullPublish, "1")
        let requested = Int64(try ws.ledger.meta(Meta.commitRequested) ?? "0") ?? 0
        try ws.ledger.setMeta(Meta.commitRequested, String(max(requested, try ws.ledger.head().seq)))
        let unresolved = try repo.conflictedFiles().map(\.path)
        let result = Result.waiting(operation: operation, staged: staged, unresolved: unresolved)
        if firstLook { Notes.warn(Self.note(result)) }
        return result
    }

    /// What `ws sync`, `ws commit` and `ws rebuild` say on stdout when the commit waits.
    public static func waitingLine(_ operation: GitOperation, staged: Int) -> String {
        "nothing committed: \(operation.described) is in progress (\(staged) regenerated files staged)"
    }

    /// The stderr line a command prints once: why nothing was committed, and what the person does next.
    static func note(_ result: Result) -> String {
        guard case .waiting(let operation, let staged, let unresolved) = result else { return "" }
        let head = "ws: \(operation.described) is in progress, so ws commits nothing until it is finished"
        guard operation == .merge else {
            return head + "; the next ws command after it commits the documents and journals"
        }
        let files = "\(staged) file\(staged == 1 ? "" : "s")"
        let left = unresolved.prefix(5).joined(separator: ", ") + (unresolved.count > 5 ? ", …" : "")
        return head + ": the documents and journals regenerated from the merged log are staged (\(files))"
            + (unresolved.isEmpty ? "; finish the merge with 'git commit'"
                                  : "; still conflicted, for you to resolve: \(left); then 'git commit'")
    }

    /// Journal files, and documents that carry ws's header on either side; a person's own
    /// file in a generated folder is theirs.
    /// Whether every file a merge left in conflict is one ws generates (and so settles).
    func generatesEveryConflict() throws -> Bool { try open().conflictedFiles().allSatisfy(isGenerated) }

    private func isGenerated(_ file: ConflictedFile) -> Bool {
        if file.path.hasPrefix(Journal.folder + "/") { return file.path.hasSuffix(".jsonl") }
        guard Documents.folders.contains(where: { file.path.hasPrefix($0 + "/") }) else { return false }
        let header = Data(Documents.header.utf8)
        return [file.ours, file.theirs].contains { $0?.starts(with: header) ?? false }
    }

    /// A journal git merged as text (no union rule) holds conflict markers: its work tree file
    /// becomes every line of our side, then every line of theirs not already there.
    private func joinJournals(_ conflicted: [ConflictedFile]) throws {
        for file in conflicted where file.path.hasPrefix(Journal.folder + "/") {
            var seen = Set<Substring>()
            var lines: [Substring] = []
            for side in [file.ours, file.theirs] {
                let text = side.map { String(decoding: $0, as: UTF8.self) } ?? ""
                for line in text.split(separator: "\n") where seen.insert(line).inserted { lines.append(line) }
            }
            let url = ws.location.workTree.appendingPathComponent(file.path)
            do { try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url, options: .atomic) } catch {
                throw CLIError(code: ExitCodes.error,
                               message: "cannot write \(file.path) during the merge: \(error.localizedDescription)")
            }
        }
    }

    /// Every event the merged journal holds that the log does not (HEAD has not moved, so
    /// `syncJournal` waits for the merge commit); bad lines are reported, never imported.
    private func importMergedJournal(reporting: Bool) throws {
        let reading = Journal.read(workTree: ws.location.workTree)
        _ = try ws.ledger.importJournal(reading.events, refused: reading.quarantined.count)
        if reporting { reading.quarantined.forEach { Notes.warn("ws: warning: \($0.message)") } }
    }
}
