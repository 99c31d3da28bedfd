import EventLog
import WorkstreamKit

/// `ws start` and the MCP `start` tool: who holds it now, and the context to begin with.
public struct StartOutcome: VerbOutcome {
    public var id: String
    public var agent: String
    public var started: Bool
    public var leaseExpiresAt: String?
    public var context: JSONValue
    public var text: String

    public var json: JSONValue {
        .fields(["id": .string(id), "agent": .string(agent), "started": .bool(started),
                 "leaseExpiresAt": leaseExpiresAt.map(JSONValue.string), "context": context])
    }
}

/// `ws renew`, `ws release` and the MCP `renew` tool: whether the agent still holds it, and until when.
public struct LeaseOutcome: VerbOutcome {
    public var id: String
    public var agent: String
    public var held: Bool
    public var leaseExpiresAt: String?
    public var text: String

    public var json: JSONValue {
        .fields(["id": .string(id), "agent": .string(agent), "held": .bool(held),
                 "leaseExpiresAt": leaseExpiresAt.map(JSONValue.string)])
    }
}

/// The lease verbs behind `ws start`, `ws renew`, `ws release` and the MCP `start` and `renew` tools.
extension Workspace {
    /// `ws start` and the MCP `start` tool: a lease of the configured length, and HEAD for the completion's evidence.
    public func start(_ id: String, actor: String, takeOver: Bool, force: Bool, reason: String?) throws -> StartOutcome {
        let lease = config.leaseMinutes
        let head = EvidenceReader.head(in: self)
        let command: Command = takeOver
            ? .takeOver(id: id, agent: actor, leaseMinutes: lease, force: force, reason: reason, head: head)
            : .start(id: id, agent: actor, leaseMinutes: lease, head: head)
        let outcome = try execute(command, actor: actor, commit: false)
        let context = try StartContext.document(for: id, in: self)
        let said = Self.describeStart(outcome.events, id: id, actor: actor)
        return StartOutcome(id: id, agent: actor, started: !outcome.events.isEmpty,
                            leaseExpiresAt: outcome.state[id]?.leaseExpiresAt, context: try context.json,
                            text: said + "\n\n" + context.text)
    }

    static func describeStart(_ events: [RecordedEvent], id: String, actor: String) -> String {
        guard let event = try? events.first?.decoded() else { return "\(id) is already yours, \(actor)" }
        if case .takenOver(let t) = event {
            let why = t.forced ? "forced: \(t.reason ?? "")" : t.expiredAt.map { "lease ran out at \(Timestamp.stamp($0))" } ?? "lease ran out"
            return "\(id) taken over by \(actor) from \(t.previous) (\(why))"
        }
        if case .started(let s) = event, let minutes = s.leaseMinutes {
            return "\(id) started by \(actor) (lease \(minutes) min, renewed by every command of yours on \(id))"
        }
        return "\(id) started by \(actor)"
    }

    /// The one renewal behind `ws renew` and MCP `renew`: a lease of `minutes`
    /// (default: the project's), the range ruled by the decider.
    public func renew(_ id: String, actor: String, minutes: Int?) throws -> LeaseOutcome {
        let outcome = try execute(.renew(id: id, agent: actor, leaseMinutes: minutes ?? config.leaseMinutes), actor: actor, commit: false)
        let expiry = outcome.state[id]?.leaseExpiresAt
        return LeaseOutcome(id: id, agent: actor, held: true, leaseExpiresAt: expiry,
                            text: "\(id): lease of \(actor) renewed" + (expiry.map { " until \(Timestamp.stamp($0))" } ?? ""))
    }

    /// The one release behind `ws release` and MCP `renew` with release: what happened, in a line.
    public func release(_ id: String, actor: String, force: Bool, reason: String?) throws -> LeaseOutcome {
        let outcome = try execute(.release(id: id, agent: actor, force: force, reason: reason), actor: actor, commit: false)
        let released = LeaseOutcome(id: id, agent: actor, held: false, text: "nobody holds \(id); nothing to release")
        guard case .released(let r)? = try outcome.events.first?.decoded() else { return released }
        return LeaseOutcome(id: id, agent: actor, held: false, text: "\(id) released by \(actor)"
                                + (r.agent == actor ? "" : " (it was held by \(r.agent))") + "; anyone may start it again")
    }
}
