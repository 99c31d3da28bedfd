import WorkstreamKit

/// `ws critical-path` and the board's critical path: the longest chain of open work by estimate.
/// Encodes as `ws critical-path --json` (the board's `/api/critical-path` too).
public struct CriticalPathOutcome: Encodable, Sendable {
    public var totalHours: Double
    public var path: [WorkstreamSummary]

    /// Open work only (completed and cancelled work is left out), one hour where no estimate is given.
    public init(_ summaries: [WorkstreamSummary]) {
        let byId = Dictionary(summaries.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let (ids, total) = DependencyGraph(summaries).criticalPath { id in
            guard let s = byId[id], s.status != .completed, s.status != .cancelled else { return nil }
            return s.estimate ?? 1
        }
        (totalHours, path) = (total, ids.compactMap { byId[$0] })
    }

    public var text: String {
        if path.isEmpty { return "no open work" }
        return Output.table(["ID", "STATUS", "ESTIMATE", "TITLE"], path.map {
            [$0.id, $0.status.rawValue, $0.estimate.map(Hours.format) ?? "1 h (default)", $0.title]
        }) + "\n\ncritical path: \(path.map(\.id).joined(separator: " → ")), \(Hours.format(totalHours))"
    }
}

/// `ws deps`: what a workstream waits for, directly and through others, or (reverse) what waits for it.
/// Encodes as `ws deps --json`: each summary with its depth.
public struct DepsOutcome: Encodable {
    public struct Entry: Encodable {
        var depth: Int
        var workstream: WorkstreamSummary
        public func encode(to encoder: Encoder) throws {
            try workstream.encode(to: encoder)
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(depth, forKey: .depth)
        }
        enum Key: String, CodingKey { case depth }
    }
    public var id: String
    public var reverse: Bool
    public var entries: [Entry]

    public func encode(to encoder: Encoder) throws { try entries.encode(to: encoder) }

    public var text: String {
        if entries.isEmpty { return reverse ? "nothing depends on \(id)" : "\(id) depends on nothing" }
        return (reverse ? "waiting for \(id):" : "\(id) waits for:") + "\n"
            + Output.table(["DEPTH", "ID", "STATUS", "AGENT", "TITLE"], entries.map {
                [String($0.depth), $0.workstream.id, $0.workstream.status.rawValue, $0.workstream.agent ?? "-",
                 $0.workstream.title]
            })
    }
}

/// `ws graph`: the dependency graph as Mermaid, DOT or JSON (the board's `/api/graph`).
public struct GraphOutcome {
    public var summaries: [WorkstreamSummary]
    public init(summaries: [WorkstreamSummary]) { self.summaries = summaries }
    public var mermaid: String { GraphRenderer.mermaid(summaries).trimmingCharacters(in: .newlines) }
    public var dot: String { GraphRenderer.dot(summaries).trimmingCharacters(in: .newlines) }
    public var json: GraphRenderer.JSONGraph { GraphRenderer.json(summaries) }
}

extension Workspace {
    public func criticalPath() throws -> CriticalPathOutcome { CriticalPathOutcome(try ledger.summaries()) }

    public func deps(of id: String, reverse: Bool) throws -> DepsOutcome {
        let summaries = try ledger.summaries()
        guard summaries.contains(where: { $0.id == id }) else { throw Refusal.unknownWorkstream(id) }
        let byId = Dictionary(summaries.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let entries = DependencyGraph(summaries).closure(of: id, reverse: reverse).compactMap { c in
            byId[c.id].map { DepsOutcome.Entry(depth: c.depth, workstream: $0) }
        }
        return DepsOutcome(id: id, reverse: reverse, entries: entries)
    }

    public func graph() throws -> GraphOutcome { GraphOutcome(summaries: try ledger.summaries()) }
}
