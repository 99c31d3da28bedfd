import EventLog
import GitStore
import WorkstreamKit

extension Workspace {
    /// `ws quarantine drop`: removes the quarantined lines `target` names (file:line, or the event id they claim)
    /// from their journal files and commits those files; nothing enters the log.
    public func dropQuarantined(_ target: String, actor: String) throws -> Answer {
        let report = try quarantineReport()
        let chosen = report.filter { QuarantinedLines.matches($0, target) }
        guard !chosen.isEmpty else {
            throw CLIError(code: ExitCodes.notFound,
                           message: "no quarantined journal line is '\(Text.clip(target, 80))'; "
                               + "'ws quarantine' lists them")
        }
        var changes: [FileChange] = []
        for (file, entries) in Dictionary(grouping: chosen, by: \.file).sorted(by: { $0.key < $1.key }) {
            let numbers = Set(entries.map(\.line))
            if let change = QuarantinedLines.without(numbers, in: file, workTree: location.workTree) {
                changes.append(change)
            }
        }
        let remaining = QuarantinedLines.renumbered(report, dropping: chosen)
        let places = chosen.map { "\($0.shownFile):\($0.line)" }
        let message = "ws: drop quarantined journal line\(chosen.count == 1 ? "" : "s") "
            + places.joined(separator: ", ")
        let outcome = try Publisher(ws: self).open().commitGenerated(changes, message: message,
            author: CommitIdentity(name: actor, email: config.email(for: actor)), generated: IndexGuard.generated)
        try ledger.setMeta(Meta.quarantine, try Workspace.encode(remaining))
        let dropped = "dropped \(places.joined(separator: ", "))"
        guard case .committed(let id) = outcome else {
            return Answer(json: .object(["dropped": .strings(places)]),
                          text: dropped + ": the journal no longer held \(chosen.count == 1 ? "it" : "them")")
        }
        return Answer(json: .object(["dropped": .strings(places), "commit": .string(id.description)]),
                      text: dropped + " from the journal; committed as \(id.description.prefix(12))")
    }
}
