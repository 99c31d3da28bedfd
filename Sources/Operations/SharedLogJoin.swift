import EventLog
import Foundation
import WorkstreamKit

extension Workspace {
    /// `ws init` against a shared log that already holds events, from a clone that never used it: the
    /// log must be this project's. It is when one of the events this repository's journal holds is in it
    /// (a clone of the team's repository). Otherwise, a repository without a journal, or with one the log
    /// has none of, would silently take another project's workstreams as its own, or mix its own into
    /// them (red team L4): refused, unless the person says the log is theirs (`ws init --join`).
    /// Checked before the journal is imported, so a refusal changes nothing in the log.
    func refuseAnotherProjectsLog(store: String) throws {
        let head = try ledger.head()
        guard head.seq > 0, try ledger.meta(Meta.journalHead) == nil else { return }
        let journal = Journal.read(workTree: location.workTree)
        // A hundred lines decide it: a project's journal and its log share every event.
        for event in journal.events.prefix(100) where try ledger.holdsEvent(event.eventId) { return }
        let count = try ledger.workstreamCount()
        let mine = journal.events.isEmpty ? "this repository has no journal"
            : "none of the \(journal.events.count) events of this repository's journal is in it"
        throw CLIError(code: ExitCodes.error, message: "the shared log at \(store) already holds \(head.seq) events "
                       + "(\(count) workstreams), and \(mine): it may be another project's. If it is this project's "
                       + "log, run 'ws init --join'; if not, point WS_STORE at a database of its own. Nothing was recorded.")
    }
}
