import Foundation
import WorkstreamKit

/// What `ws verify` reports, and how read models are compared with a replay: the same for every store.
public struct VerifyReport: Sendable {
    public var events: Int64
    public var head: String
    /// Each problem found, in log order; empty when the log is sound.
    public var problems: [String]
    /// The first sequence number whose row does not match its hash or place in the chain.
    public var firstBadSequence: Int64?
    public var ok: Bool { problems.isEmpty }

    public init(events: Int64, head: String, problems: [String], firstBadSequence: Int64?) {
        self.events = events; self.head = head; self.problems = problems; self.firstBadSequence = firstBadSequence
    }
}

/// What importing an export did: how many events were new, and whether they kept their numbers and hashes.
public struct EventImportResult: Sendable {
    public var imported: Int
    public var alreadyPresent: Int
    public var verbatim: Bool

    public init(imported: Int, alreadyPresent: Int, verbatim: Bool) {
        self.imported = imported; self.alreadyPresent = alreadyPresent; self.verbatim = verbatim
    }
}

extension LedgerRules {

    /// Workstreams on which the stored read model and a replay disagree, in words.
    public static func drift(replayed: WorkspaceState, stored: WorkspaceState) -> [String] {
        var problems: [String] = []
        for id in Set(replayed.workstreams.keys).union(stored.workstreams.keys).sorted() {
            switch (replayed[id], stored[id]) {
            case (nil, _?): problems.append("read model has workstream \(id), which the log never declared")
            case (_?, nil): problems.append("read model is missing workstream \(id)")
            case (let a?, let b?) where a != b: problems.append("read model of \(id) differs from a replay of the log (run 'ws rebuild')")
            default: break
            }
        }
        return problems
    }

    public static func formsOneChain(_ events: [RecordedEvent]) -> Bool {
        var expected: (seq: Int64, hash: String) = (1, HashChain.genesis)
        for r in events {
            guard r.seq == expected.seq, r.prevHash == expected.hash else { return false }
            expected = (r.seq + 1, r.hash)
        }
        return true
    }
}
