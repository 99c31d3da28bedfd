import EventLog
import Foundation
import WorkstreamKit

/// Brings what git brought into the log: when HEAD moved since the last look
/// (a pull, a merge, a rebase, a fresh clone), every journal line is read as
/// untrusted input, the valid events this log has not seen are imported with
/// their clocks, and bad lines are quarantined and reported. Nothing is
/// committed here: regenerating the documents is left to the next writing
/// command or `ws sync`, which the import asks for.
extension Workspace {
    func syncJournal() throws {
        let head = GitHead.commit(location: location) ?? ""
        guard try ledger.meta(Meta.journalHead) != head else { return }
        registerMergeDriver()
        let reading = Journal.read(workTree: location.workTree)
        let wasEmpty = try ledger.head().seq == 0
        let result = try ledger.importJournal(reading.events)
        var quarantined = reading.quarantined
        for id in result.reused {
            let place = reading.places[id] ?? (file: Journal.folder, line: 0)
            quarantined.append(Journal.Quarantined(file: place.file, line: place.line,
                                                   reason: "its event id \(Text.clip(id, 40)) is already in the log with other content"))
        }
        let before = try quarantineReport()
        try ledger.setMeta(Meta.quarantine, try Self.encode(quarantined))
        // Reported by the command that found them; later commands list them in 'ws verify' and 'ws status'.
        for q in quarantined where !before.contains(q) { Output.error("ws: warning: \(q.message)") }
        let rewrite = reading.legacyLines > 0 || !quarantined.isEmpty || !reading.canonical
        if rewrite { try ledger.setMeta(Meta.fullPublish, "1") }
        if wasEmpty && !rewrite {
            // A fresh clone: HEAD already holds the documents of exactly these events, so there is nothing to commit
            // (and 'ws verify' checks HEAD's documents against them).
            try ledger.setMeta(Meta.committed, String(try ledger.head().seq))
        } else if (result.imported > 0 || rewrite) && config.autoCommit {
            try ledger.setMeta(Meta.commitRequested, String(try ledger.head().seq))
        }
        try ledger.setMeta(Meta.journalHead, head)
    }

    /// The quarantined journal lines found at the last look.
    func quarantineReport() throws -> [Journal.Quarantined] {
        guard let text = try ledger.meta(Meta.quarantine), !text.isEmpty else { return [] }
        return (try? JSONDecoder().decode([Journal.Quarantined].self, from: Data(text.utf8))) ?? []
    }

    static func encode(_ quarantined: [Journal.Quarantined]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(quarantined), as: UTF8.self)
    }

    /// A clone where ws has not run yet lacks the merge driver; a failure here only costs the fallback.
    private func registerMergeDriver() {
        do { try MergeRules.register(workTree: location.workTree) } catch {
            Output.error("ws: warning: could not register the '\(MergeRules.driver)' merge driver in .git/config (\(error)); git will merge generated documents as text until it is")
        }
    }
}
