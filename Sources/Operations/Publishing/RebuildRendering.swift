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

    private func startDocuments(_ history: ProjectHistory) {
        DispatchQueue.global().async(group: group) { [self] in
            let rendered = Documents.render(history)
            lock.withLock {
                documents = rendered
                self.history = history
            }
        }
    }

    /// Waits for the documents; nil when the replay never finished (the rebuild failed before its rows).
    func files() -> (history: ProjectHistory, files: [String: String])? {
        group.wait()
        return lock.withLock {
            guard let history else { return nil }
            var files = documents
            for (stream, text) in journals { files[Journal.path(stream)] = text }
            if !seal.isEmpty { files[Journal.sealPath] = LegacySeal.render(entries: seal) }
            return (history, files)
        }
    }
}
