import EventLog
import WorkstreamKit

/// The lease verbs behind `ws start`, `ws renew`, `ws release` and the MCP `start` and `renew` tools.
extension Workspace {
    /// `ws start` and the MCP `start` tool: a lease of the configured length, and HEAD for the completion's evidence.
    public func start(_ id: String, actor: String, takeOver: Bool, force: Bool, reason: String?) throws -> Ledger.Outcome {
        let lease = config.leaseMinutes
        let head = EvidenceReader.head(in: self)
        let command: Command = takeOver
            ? .takeOver(id: id, agent: actor, leaseMinutes: lease, force: force, reason: reason, head: head)
            : .start(id: id, agent: actor, leaseMinutes: lease, head: head)
        return try execute(command, actor: actor, commit: false)
    }

    public static func describeStart(_ events: [RecordedEvent], id: String, actor: String) -> String {
        guard let event = try? events.first?.decoded() else { return "\(id) is already yours, \(actor)" }
        if case .takenOver(let t) = event {
            let why = t.forced ? "forced: \(t.reason ?? "")" : t.expiredAt.map { "lease ran out at \(Output.stamp($0))" } ?? "lease ran out"
            return "\(id) taken over by \(actor) from \(t.previous) (\(why))"
        }
        if case .started(let s) = event, let minutes = s.leaseMinutes {
            return "\(id) started by \(actor) (lease \(minutes) min, renewed by every command of yours on \(id))"
        }
        return "\(id) started by \(actor)"
    }

    /// The one renewal behind `ws renew` and MCP `renew`: a lease of `minutes`
    /// (default: the project's), the range ruled by the decider.
    public func renew(_ id: String, actor: String, minutes: Int?) throws -> (expiry: String?, message: String) {
        let outcome = try execute(.renew(id: id, agent: actor, leaseMinutes: minutes ?? config.leaseMinutes), actor: actor, commit: false)
        let expiry = outcome.state[id]?.leaseExpiresAt
        return (expiry, "\(id): lease of \(actor) renewed" + (expiry.map { " until \(Output.stamp($0))" } ?? ""))
    }

    /// The one release behind `ws release` and MCP `renew` with release: what happened, in a line.
    public func release(_ id: String, actor: String, force: Bool, reason: String?) throws -> String {
        let outcome = try execute(.release(id: id, agent: actor, force: force, reason: reason), actor: actor, commit: false)
        guard case .released(let r)? = try outcome.events.first?.decoded() else { return "nobody holds \(id); nothing to release" }
        return "\(id) released by \(actor)" + (r.agent == actor ? "" : " (it was held by \(r.agent))") + "; anyone may start it again"
    }
}
