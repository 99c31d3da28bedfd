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
    @discardableResult
    func publish(actor: String) throws -> Result {
        try FileLock.withLock(at: ws.location.wsDirectory.appendingPathComponent("publish.lock")) { try publishLocked(actor: actor) }
    }

    private func publishLocked(actor: String) throws -> Result {
        let repo = try open()
        let head = try ws.ledger.head()
        let history = try ws.ledger.projectHistory(upTo: head.seq)
        var files = Documents.render(history)
        for stream in history.events.keys {
            files[Journal.path(stream)] = Journal.render(try ws.ledger.streamEvents(stream, upTo: head.seq))
        }
        var changes: [FileChange] = []
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            let data = Data(text.utf8)
            if try repo.headFile(path) != data || !workTreeMatches(path, data) { changes.append(FileChange(path: path, content: data)) }
        }
        changes += try staleFiles(repo, keeping: Set(files.keys)).map { FileChange(path: $0, content: nil) }
        if let attributes = try gitAttributes(repo) { changes.append(attributes) }
        let committedBefore = Int64(try ws.ledger.meta(Meta.committed) ?? "0") ?? 0
        let (message, completer) = try commitMessage(after: committedBefore, through: head, history: history)
        // The agent who completed (or cancelled) is the author, also when a later command catches the commit up.
        let name = completer ?? actor
        let author = CommitIdentity(name: name, email: ws.config.email(for: name))
        let outcome: Repository.CommitOutcome
        do {
            outcome = changes.isEmpty ? .unchanged : try repo.commitGenerated(changes, message: message, author: author)
        } catch let e as GitError {
            throw CLIError(code: ExitCodes.error, message: "could not commit the documents: \(e.message). The events are recorded; the next ws command (or 'ws commit') commits them.")
        }
        let committedNow = Int64(try ws.ledger.meta(Meta.committed) ?? "0") ?? 0
        try ws.ledger.setMeta(Meta.committed, String(max(committedNow, head.seq)))
        if let now = GitHead.commit(location: ws.location) { try ws.ledger.setMeta(Meta.journalHead, now) }
        if case .committed(let id) = outcome { return .committed(commit: id.description, through: head.seq, files: changes.count) }
        return .upToDate(through: head.seq)
    }

    /// Commits what an earlier command asked for and a crash cut off. A commit
    /// that cannot be made now (a busy index, a detached HEAD) is a warning:
    /// the command itself still answers, and the next one tries again.
    func catchUp(actor: String) throws {
        let requested = Int64(try ws.ledger.meta(Meta.commitRequested) ?? "0") ?? 0
        let committed = Int64(try ws.ledger.meta(Meta.committed) ?? "0") ?? 0
        guard requested > committed else { return }
        do { try publish(actor: actor) } catch {
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

    /// The merge rules ws relies on (`merge=union` for journals and documents)
    /// travel with the repository: `.gitattributes` goes into the commit when
    /// the work tree's copy is HEAD's plus appended lines that include them.
    /// Any other edit there is the person's own and is left for them to commit.
    private func gitAttributes(_ repo: Repository) throws -> FileChange? {
        let path = ".gitattributes"
        guard let onDisk = try? Data(contentsOf: ws.location.workTree.appendingPathComponent(path)),
              String(decoding: onDisk, as: UTF8.self).contains(Journal.attribute) else { return nil }
        let committed = try repo.headFile(path) ?? Data()
        // Only ws's own lines are added to what is committed; the person's other edits stay theirs.
        let have = Set(String(decoding: committed, as: UTF8.self).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
        let missing = Journal.attributes.filter { !have.contains($0) }
        guard !missing.isEmpty else { return nil }
        var text = String(decoding: committed, as: UTF8.self)
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        text += missing.joined(separator: "\n") + "\n"
        return FileChange(path: path, content: Data(text.utf8), indexOnly: true)
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

    /// `ws: complete A1 — Infrastructure setup`, with trailers naming the events it carries.
    private func commitMessage(after committed: Int64, through head: (seq: Int64, hash: String),
                               history: ProjectHistory) throws -> (String, String?) {
        let events = try ws.ledger.history(after: committed, upTo: head.seq)
        var subjects: [String] = []
        var completer: String?
        for e in events {
            let title = history.state[e.stream]?.title ?? ""
            switch e.type {
            case "WorkstreamCompleted": subjects.append("complete \(e.stream) — \(title)"); completer = e.actor
            case "WorkstreamCancelled": subjects.append("cancel \(e.stream) — \(title)"); completer = e.actor
            default: break
            }
        }
        let streams = Array(Set(events.map(\.stream))).sorted()
        let subject = subjects.isEmpty
            ? "record \(events.count) event\(events.count == 1 ? "" : "s")" + (streams.isEmpty ? "" : " (\(streams.prefix(6).joined(separator: ", "))\(streams.count > 6 ? ", …" : ""))")
            : subjects.joined(separator: "; ")
        return ("""
            ws: \(subject)

            Generated by ws from its event log: documents and journal only.

            Ws-Events: \(committed + 1)-\(head.seq)
            Ws-Last-Seq: \(head.seq)
            Ws-Head: \(head.hash)

            """, completer)
    }
}
