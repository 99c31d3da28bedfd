import WorkstreamKit

/// `ws conflicts`, `ws verify` and `ws prime`: every unsettled conflict and the command that settles it.
public enum ConflictListing {
    /// Every unsettled conflict, from the read models (cycles from the dependency graph).
    public static func reports(_ ws: Workspace) throws -> [ConflictReport] {
        let summaries = try ws.ledger.summaries()
        var state = WorkspaceState()
        for s in summaries where s.conflict != nil {
            if let w = try? ws.ledger.detail(s.id).workstream { state[s.id] = w }
        }
        var reports = state.conflictReports.filter { $0.conflict.kind != .cycle }
        let graph = DependencyGraph(summaries)
        let cycles = graph.cycles()
        if !cycles.isEmpty {
            var full = WorkspaceState()
            for id in Set(cycles.flatMap { $0 }) { if let w = try? ws.ledger.detail(id).workstream { full[id] = w } }
            reports += full.conflictReports.filter { $0.conflict.kind == .cycle }
        }
        return reports
    }

    /// `ws conflicts`: each conflict, the competing events and how to settle it.
    public static func text(_ reports: [ConflictReport]) -> String {
        if reports.isEmpty { return "no conflicts" }
        return reports.flatMap { r in
            ["\(r.workstream): \(r.conflict.kind.rawValue)\(r.conflict.name.map { " \($0)" } ?? "") — \(r.conflict.outcome)"]
                + r.conflict.entries.map { "  \($0.eventId)  \($0.time)  \($0.label)" }
                + ["  settle: \(advice(r))"]
        }.joined(separator: "\n")
    }

    /// The exact command that settles it, keeping the outcome in force.
    public static func advice(_ r: ConflictReport) -> String {
        let c = r.conflict
        if c.kind == .cycle, case .dependency(let from, let to)? = c.entries.first?.effect {
            return "ws resolve \(from) --drop-dependency \(to)"
        }
        let keep = c.entries.first?.eventId ?? "<event>"
        return "ws resolve \(r.workstream) --keep <event id above>" + (c.name.map { " --artifact \($0)" } ?? "") + " (for example --keep \(keep))"
    }

    public struct Item: Encodable {
        struct Side: Encodable {
            var eventId: String
            var agent: String
            var time: String
            var value: String
            /// For a cycle: the edge this event added (`from` depends on `dependsOn`).
            var from: String?
            var dependsOn: String?
        }
        var kind: String
        var workstream: String
        var name: String?
        var events: [Side]
        var outcome: String
        var resolve: String

        public init(_ r: ConflictReport) {
            kind = r.conflict.kind.rawValue
            workstream = r.workstream
            name = r.conflict.name
            events = r.conflict.entries.map { e in
                var side = Side(eventId: e.eventId, agent: e.actor, time: e.time, value: e.label)
                if case .dependency(let from, let to) = e.effect { (side.from, side.dependsOn) = (from, to) }
                return side
            }
            outcome = r.conflict.outcome
            resolve = ConflictListing.advice(r)
        }
    }
}
