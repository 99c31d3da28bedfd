import EventLog
import Foundation
import WorkstreamKit

/// `ws rebuild`'s files, made from its one replay instead of after it: each journal line is written as the
/// ordered scan passes its event (no query per workstream, no second decoding of a million rows), and the
/// documents are rendered on another thread while the read-model rows are written. The files are the same,
/// byte for byte, as `Publisher.allFiles` renders from the log (checked against it in tests).
final class RebuildRendering: @unchecked Sendable {
    /// Each stream's journal so far (kept as the text it becomes: a copy of 300 MB saved).
    private var journals: [String: String] = [:]
    /// The seal's lines of the legacy events (see `LegacySeal`).
    private var seal: [String] = []
    private let group = DispatchGroup()
    private let lock = NSLock()
    private var documents: [String: String] = [:]
    private var history: ProjectHistory?

    init() {}

    /// Wired into the replay of `Ledger.rebuildKeepingHistory`.
    var observer: RebuildObserver {
        RebuildObserver(event: { [unowned self] in self.collect($0) },
                        replayed: { [unowned self] in self.startDocuments($0) })
    }

    /// The scan is in the total order (clock, then event id), so each stream's lines come in its journal's order.
    func collect(_ r: RecordedEvent) {
        let line = Journal.line(r)
        journals[r.stream, default: ""].append(line)
        journals[r.stream, default: ""].append("\n")
        if !EventIdentity.isContentId(r.eventId) { seal.append(LegacySeal.entry(r, journalLine: line)) }
    }

    /// In parts, so that both cores render once the rows are written (each workstream's documents are the same
    /// rendered alone as with all of them, `Documents.render(_:only:)` says).
    private func startDocuments(_ history: ProjectHistory) {
        let ids = history.state.ordered.map(\.id)
        let parts = 8
        DispatchQueue.global().async(group: group) { [self] in
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let mine = ids.indices.filter { $0 % parts == part }.map { ids[$0] }
                let rendered = Documents.render(history, only: mine)
                lock.withLock { documents.merge(rendered) { a, _ in a } }
            }
            let index = Documents.index(history.summaries(), lastSeq: history.lastSeq, lastTime: history.lastTime)
            lock.withLock {
                documents.merge(index) { a, _ in a }
                self.history = history
            }
        }
    }

    /// Waits for the documents; nil when the replay never finished (the rebuild failed before its rows).
    func files() -> (history: ProjectHistory, files: [String: String])? {
        // The seal (a million sorted lines for a legacy log) is made while the documents are still rendered.
        let sealText = seal.isEmpty ? nil : LegacySeal.render(entries: seal)
        group.wait()
        return lock.withLock {
            guard let history else { return nil }
            var files = documents
            for (stream, text) in journals { files[Journal.path(stream, history.layout)] = text }
            if let sealText { files[Journal.sealPath] = sealText }
            return (history, files)
        }
    }
}
