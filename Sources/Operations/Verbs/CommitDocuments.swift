import EventLog
import GitStore
import WorkstreamKit

/// `ws commit`, `ws sync` and `ws rebuild`: the documents and journals committed for the log (or why not).
public struct PublishOutcome: VerbOutcome {
    public var result: Publisher.Result
    public var text: String
    /// Said after the text, on stderr: the quarantined journal lines a sync left out.
    public var warnings: [String] = []

    public var json: JSONValue {
        switch result {
        case .committed(let commit, let through, let files):
            return .object(["commit": .string(commit), "through": .int(through), "files": .int(Int64(files))])
        case .upToDate(let through): return .object(["through": .int(through)])
        case .waiting(let operation, let staged, let unresolved):
            return .object(["waitingFor": .string(operation.described), "staged": .int(Int64(staged)),
                            "unresolved": .strings(unresolved)])
        }
    }
}

extension Workspace {
    /// `ws commit` (`sync: false`) and `ws sync`: opening imported what HEAD brought; the commit is made here,
    /// by this clone's actor.
    public func commitDocuments(actor: String, sync: Bool) throws -> PublishOutcome {
        let result = try Publisher(ws: self).publish(actor: actor)
        let text: String
        switch result {
        case .committed(let commit, let through, let files):
            text = (sync ? "synced: committed" : "committed") + " \(files) file\(files == 1 ? "" : "s") "
                + "through event #\(through) as \(commit.prefix(12))"
        case .upToDate(let through):
            text = sync ? "in sync: documents and journals match the log through event #\(through)"
                : "documents are up to date through event #\(through)"
        case .waiting(let operation, let staged, _): text = Publisher.waitingLine(operation, staged: staged)
        }
        // Whatever the stamp says: 'ws verify' sends people here to put drifted index entries back.
        try IndexGuard(ws: self).repair(force: true)
        let warnings = sync ? try quarantineReport().map { "ws: warning: \($0.message)" } : []
        return PublishOutcome(result: result, text: text, warnings: warnings)
    }

    /// `ws rebuild`: fresh read models from the whole log, then every document regenerated (unless `commit` is false).
    /// The first line is a note: it is said before the documents are written, which may fail.
    public func rebuild(actor: String, commit: Bool) throws -> Answer {
        let trace = Trace(enabled: environment["WS_TRACE"] == "1")
        // Without a commit nothing is rendered: the scan is only replayed.
        let rendering = commit ? RebuildRendering() : nil
        let (seq, _) = try ledger.rebuildKeepingHistory(observer: rendering?.observer ?? RebuildObserver())
        BlockedCache(wsDirectory: location.wsDirectory).discard()
        let rebuilt = Answer(json: .object(["events": .int(seq)]), text: "rebuilt read models from \(seq) events")
        trace.mark("replay and read models")
        guard commit, seq > 0, let rendered = rendering?.files() else { return rebuilt }
        trace.mark("waited for the documents")
        Notes.line(rebuilt.text)
        let result = try Publisher(ws: self).publish(actor: actor, full: true, replayed: rendered.history,
                                                     files: rendered.files)
        let text: String
        switch result {
        case .committed(let commit, _, let files):
            text = "regenerated \(files) document\(files == 1 ? "" : "s"), committed as \(commit.prefix(12))"
        case .upToDate: text = "documents already match the log"
        case .waiting(let operation, let staged, _): text = Publisher.waitingLine(operation, staged: staged)
        }
        try IndexGuard(ws: self).repair(force: true)
        let json = (PublishOutcome(result: result, text: text).json.object ?? [:]).merging(["events": .int(seq)]) { $1 }
        return Answer(json: .object(json), text: text)
    }
}
