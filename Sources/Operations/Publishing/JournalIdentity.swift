import EventLog
import Foundation
import WorkstreamKit

/// Whether a journal line is the event its id says. A content id (see
/// `EventIdentity`) must be the hash of the line, clock and time included. A
/// UUID id is the previous release's: accepted as it is in a journal from
/// before the upgrade, and, once the journal is sealed (it has a seal or holds
/// a content id), only when the seal holds the line's digest. The rule reads
/// nothing but the journal, so every clone, one cloned later included,
/// quarantines the same lines.
public struct IdentityRule {
    let seal: [String: Set<String>]?
    /// Past the upgrade: a UUID line must be sealed.
    let sealed: Bool

    init(seal: [String: Set<String>]?, lines: [Journal.ParsedLine]) {
        self.seal = seal
        sealed = seal != nil || lines.contains { EventIdentity.isContentId($0.event.eventId) }
    }

    /// Why the line is not the event it claims to be; nil when it is.
    func problem(with e: NewEvent) -> String? {
        if let matches = EventIdentity.matches(e) {
            return matches ? nil : "its content does not match its event id (edited after it was recorded?)"
        }
        guard sealed else { return nil }
        guard let digests = seal?[e.eventId] else {
            return "its event id \(Text.clip(e.eventId, 40)) is neither a content id nor sealed in \(Journal.sealPath) "
                + "(a line written by hand, or by a ws older than this journal's upgrade)"
        }
        // Two digests for one id: a merge brought an edited seal. Clones that hold the event keep their own.
        guard digests.count == 1 else { return "\(Journal.sealPath) gives its event id two different digests" }
        guard digests.contains(LegacySeal.digest(of: e)) else {
            return "it differs from the line \(Journal.sealPath) sealed (edited by hand?)"
        }
        return nil
    }
}

extension Workspace {
    /// Journal files that lack events the log holds for their workstream (a clone that quarantined
    /// an edited line dropped it): rewritten from the log, so the original travels again.
    func journalsMissingEvents(_ reading: Journal.Reading, files: Set<String>?) throws -> Bool {
        var read: [String: Set<String>] = [:]
        for e in reading.events { read[e.stream, default: []].insert(e.eventId) }
        let names = files ?? Set(Journal.names(workTree: location.workTree))
        let head = try ledger.head().seq
        for name in names where name.hasSuffix(".jsonl") {
            let stream = Journal.stream(ofName: name)
            guard (try? Validation.workstreamId(stream)) != nil else { continue }
            let held = try ledger.history(stream: stream, upTo: head)
            if held.contains(where: { !(read[stream]?.contains($0.eventId) ?? false) }) { return true }
        }
        return false
    }
}
