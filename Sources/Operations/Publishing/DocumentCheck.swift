import EventLog
import Foundation
import GitStore
import WorkstreamKit

/// For `ws verify`: do the committed documents say what the log says? They are
/// compared with a fresh rendering as of the event the last ws commit names.
public struct DocumentCheck {
    let ws: Workspace
    public init(ws: Workspace) { self.ws = ws }

    /// Problems found (empty when the documents match), or a note when there is nothing to compare.
    public func run() throws -> (problems: [String], note: String?) {
        let repo = try Publisher(ws: ws).open()
        let head = try ws.ledger.head().seq
        let requested = Int64(try ws.ledger.meta(Meta.commitRequested) ?? "0") ?? 0
        let committed = Int64(try ws.ledger.meta(Meta.committed) ?? "0") ?? 0
        let fullPending = try ws.ledger.meta(Meta.fullPublish) == "1"
        if let operation = repo.operationInProgress {
            return ([], "\(operation.described) is in progress: documents not checked until it is finished (ws commits nothing meanwhile)")
        }
        // A rebase, amend or reset since the last ws commit: git's merge may have left HEAD's generated files as
        // neither side's (a journal a union merge put out of order), and the next writing command renders again what
        // differs. Not "edited by hand" (a three-clone run failed on this: a pull --rebase, a push, then verify).
        if try ws.ledger.meta(Meta.historyRewritten) == "1" {
            return ([], "history was rewritten since ws last committed (a rebase, an amend, a reset): documents not "
                        + "checked until the next writing command renders again what differs ('ws sync' does)")
        }
        if requested > committed || fullPending {
            return ([], "events up to #\(requested) are not in the committed documents yet (a pull or merge brought them, or a commit was cut off): 'ws sync' commits them")
        }
        // In step with the log (the usual case, also after a pull another clone committed): check against the whole log.
        if committed >= head && head > 0 { return (try compare(repo, upTo: head), nil) }
        guard let (seq, hash) = try lastWsCommit(repo) else { return ([], "no ws commit yet: documents not checked") }
        if seq > head {
            return (["the last ws commit carries events up to #\(seq) but the log ends at #\(head): events were deleted from the log; restore it from the journal ('ws import' of an export, or a fresh clone)"], nil)
        }
        guard try ws.ledger.hash(at: seq) == hash else {
            return ([], "the last ws commit names event #\(seq) of another clone's log: documents not checked; 'ws sync' regenerates them")
        }
        return (try compare(repo, upTo: seq), nil)
    }

    /// Every generated file as of event `seq`, against HEAD and the work tree.
    private func compare(_ repo: Repository, upTo seq: Int64) throws -> [String] {
        let history = try ws.ledger.projectHistory(upTo: seq)
        var expected = Documents.render(history)
        var legacy: [RecordedEvent] = []
        for stream in history.events.keys {
            let events = try ws.ledger.history(stream: stream, upTo: seq)
            expected[Journal.path(stream, history.layout)] = Journal.render(events)
            legacy += events.filter { !EventIdentity.isContentId($0.eventId) }
        }
        // A journal not upgraded yet has no seal (the next writing command writes it); a seal there must be this one.
        if !legacy.isEmpty, try repo.headFile(Journal.sealPath) != nil {
            expected[Journal.sealPath] = LegacySeal.render(legacy)
        }
        var problems: [String] = []
        for (path, text) in expected.sorted(by: { $0.key < $1.key }) {
            let data = Data(text.utf8)
            let committed = try repo.headFile(path)
            let onDisk = OwnedFile.contents(path, in: ws.location.workTree)
            if committed == nil { problems.append("\(path) is missing from the last commit; 'ws rebuild' restores it") }
            else if committed != data { problems.append("\(path) differs in HEAD from what the log generates (edited by hand?); 'ws rebuild' restores it") }
            else if onDisk != data { problems.append("\(path) differs in the work tree from what the log generates (edited by hand?); 'ws rebuild' restores it") }
        }
        for folder in Documents.folders {
            for path in try repo.headFiles(under: folder) where expected[path] == nil {
                if let data = try repo.headFile(path), data != Data(Documents.tombstone(at: path).utf8),
                   String(decoding: data.prefix(200), as: UTF8.self).hasPrefix(Documents.header) {
                    problems.append("\(path) is a generated document the log no longer produces; 'ws rebuild' removes it")
                }
            }
        }
        return problems
    }

    /// The event sequence and head hash named by the newest ws commit on HEAD's line.
    func lastWsCommit(_ repo: Repository) throws -> (Int64, String)? {
        try repo.firstInMessages(limit: 500) { message -> (Int64, String)? in
            var seq: Int64?
            var hash: String?
            for line in message.split(separator: "\n") {
                if line.hasPrefix("Ws-Last-Seq: ") { seq = Int64(line.dropFirst("Ws-Last-Seq: ".count)) }
                if line.hasPrefix("Ws-Head: ") { hash = String(line.dropFirst("Ws-Head: ".count)) }
            }
            guard let seq, let hash else { return nil }
            return (seq, hash)
        }
    }
}
