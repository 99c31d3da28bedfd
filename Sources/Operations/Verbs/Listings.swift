import EventLog
import WorkstreamKit

/// `ws ready` and the MCP `ready` tool: ready work, then held work whose lease ran out (to take over).
/// `ws ready --json` stays on the hand-made writer of the listing (`jsonBytes`), for 10,000 rows.
public struct ReadyOutcome: VerbOutcome {
    public var listed: [WorkstreamSummary]
    /// How many an agent is shown (MCP's `limit`); a person at a terminal sees them all.
    public var limit: Int

    public var json: JSONValue {
        .object(["total": .int(Int64(listed.count)), "workstreams": .canonicalText(Array(listed.prefix(limit)).json)])
    }

    /// For an agent: a line each, up to `limit`.
    public var text: String {
        guard !listed.isEmpty else { return "Nothing is ready: call blocked to see what waits on what." }
        var lines = listed.prefix(limit).map { s in
            "\(s.id)  \(s.title)" + (s.isStale ? "  (held by \(s.agent ?? "?"), lease ran out: start with takeOver)" : "")
        }
        if listed.count > limit { lines.append("… and \(listed.count - limit) more") }
        return "\(listed.count) ready:\n" + lines.joined(separator: "\n")
    }

    /// For a person: a table of the ready work, and one of the stale holds.
    public var table: String {
        let ready = listed.filter { !$0.isStale }
        let stale = listed.filter(\.isStale)
        if ready.isEmpty && stale.isEmpty { return "nothing is ready: see 'ws blocked'" }
        var out: [String] = []
        if !ready.isEmpty {
            out.append(Output.table(["ID", "ESTIMATE", "OWNER", "TITLE"], ready.map {
                [$0.id, $0.estimate.map(Hours.format) ?? "-", $0.owner ?? "-", $0.title]
            }))
        }
        guard !stale.isEmpty else { return out.joined() }
        if !ready.isEmpty { out.append("") }
        out.append("held, but the lease ran out (take over with 'ws start <id> --take-over'):")
        out.append(Output.table(["ID", "HELD BY", "STALE SINCE", "TITLE"], stale.map {
            [$0.id, $0.agent ?? "-", $0.leaseExpiresAt.map(Timestamp.stamp) ?? "-", $0.title]
        }))
        return out.joined(separator: "\n")
    }
}

extension Workspace {
    /// As the CLI, `ws mcp`, `ws prime` and the board show it: held work whose lease had run out is marked stale.
    public func ready(limit: Int = .max) throws -> ReadyOutcome {
        ReadyOutcome(listed: try ledger.ready() + ledger.staleLeases(now: now), limit: limit)
    }
}

/// `ws blocked` and the MCP `blocked` tool: what cannot start, with the chain that blocks each.
public struct BlockedOutcome: VerbOutcome {
    public var analysis: BlockingAnalysis
    /// How many an agent is shown (MCP's `limit`); a person at a terminal sees them all.
    public var limit: Int
    var reports: [BlockingReport] { analysis.waiting.prefix(limit).map(analysis.report) }
    /// `ws blocked --json` and the board's `/api/blocked`: the analysis's hand-made writer, for 10,000 rows.
    public var jsonBuffer: JSONBuffer {
        let out = JSONBuffer(capacity: analysis.waiting.count * 512 + 64)
        analysis.writeJSON(into: out)
        return out
    }

    public init(_ summaries: [WorkstreamSummary], limit: Int = .max) {
        self.init(BlockingAnalysis(summaries), limit: limit)
    }

    init(_ analysis: BlockingAnalysis, limit: Int) { (self.analysis, self.limit) = (analysis, limit) }

    public var json: JSONValue {
        .object(["total": .int(Int64(analysis.waiting.count)), "workstreams": .canonicalText(reports.json)])
    }

    /// For an agent: a line each, up to `limit`.
    public var text: String {
        let reports = reports
        var lines = reports.map { r in
            "\(r.id) (\(r.status.rawValue))" + (r.reason.map { ": blocked: \($0)" } ?? "")
                + (r.waitingOn.isEmpty ? "" : " waits on \(r.waitingOn.joined(separator: ", "))"
                   + "; first: \(r.rootBlockers.joined(separator: ", "))")
        }
        if analysis.waiting.count > reports.count { lines.append("… and \(analysis.waiting.count - reports.count) more") }
        return reports.isEmpty ? "Nothing is blocked." : lines.joined(separator: "\n")
    }

    /// For a person: the whole chain of each, the cycles and what must move first.
    public var table: String {
        let reports = analysis.waiting.map(analysis.report)
        if reports.isEmpty { return "nothing is blocked" }
        let statusOf = Dictionary(analysis.summaries.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func label(_ id: String) -> String {
            guard let s = statusOf[id] else { return id }
            return "\(id) (\(s.status.rawValue)\(s.agent.map { ", \($0)" } ?? ""))"
        }
        let cycles = analysis.cycles
        return Output.table(["ID", "STATUS", "WHY"], reports.map { r in
            var why: [String] = []
            if let cycle = cycles.first(where: { $0.contains(r.id) }) {
                why.append("in the dependency cycle \(cycle.joined(separator: " → ")) (a conflict between clones: 'ws conflicts')")
            }
            if let reason = r.reason { why.append("blocked: \(reason)") }
            if !r.waitingOn.isEmpty {
                why.append("waits on " + r.chainText(label))
                let others = r.rootBlockers.filter { $0 != r.chain.last }
                if !others.isEmpty { why.append("also needs " + others.map(label).joined(separator: ", ")) }
            }
            return [r.id, r.status.rawValue, why.joined(separator: "; ")]
        })
    }
}

extension Workspace {
    /// From the process's kept analysis when no event since it can have changed it (`BlockingMemo`): a server
    /// answers agents' `blocked` calls without recomputing 10,000 workstreams after every note they log.
    public func blocked(limit: Int = .max) throws -> BlockedOutcome {
        BlockedOutcome(try ledger.blockingAnalysis(memo: .shared, key: storeKey), limit: limit)
    }

    /// Which log this is, for what a process keeps between calls: the PostgreSQL URL without its password, or the
    /// SQLite file's path.
    var storeKey: String {
        if let url = try? Self.postgresURL(environment: environment, config: config) { return "postgres " + url.redacted }
        return "sqlite " + ((try? Self.storePath(location: location, environment: environment, config: config))
                            ?? location.logPath)
    }

    /// `ws blocked --json`'s bytes: the clone's stored copy while no event since it can have changed it
    /// (`BlockedCache`), else computed and stored. The outcome, when computed, is for the caller to keep.
    public func blockedJSON() throws -> (json: JSONBuffer, computed: BlockedOutcome?) {
        let cache = BlockedCache(wsDirectory: location.wsDirectory)
        let rules = Self.readModelRules
        if let stored = cache.read(rules: rules) {
            let check = try ledger.blockingUnchanged(since: stored.at)
            if check.unchanged {
                if check.head.seq - stored.at.seq >= BlockedCache.restoreAfter {
                    cache.store(key: BlockedCache.key(head: check.head, rules: rules), body: stored.body)
                }
                return (stored.body, nil)
            }
        }
        let head = try ledger.head()
        let key = BlockedCache.key(head: head, rules: rules)
        let blocked = try blocked()
        let json = blocked.jsonBuffer
        // Stored only when no write landed while the summaries were read, so the answer is the head's.
        if try ledger.head() == head { cache.store(key: key, body: json) }
        return (json, blocked)
    }
}
