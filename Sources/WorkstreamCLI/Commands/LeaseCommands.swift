import ArgumentParser
import WorkstreamKit

/// `ws renew <id>`: the holder renews its lease explicitly (any command it runs on the workstream renews it too).
struct Renew: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "renew",
        abstract: "Renew your lease on a workstream you hold (every command of yours on it renews it too).")

    @Argument(help: "The workstream.") var id: String
    @Option(help: "A lease of this many minutes from now (default: leaseMinutes in .ws/config.json, else 120).") var minutes: Int?
    @OptionGroup var agent: AgentOption

    func run() throws {
        let ws = try Workspace.open()
        Output.line(try Self.renew(id, actor: ws.actor(agent.agent), minutes: minutes, in: ws).message)
    }

    /// The one renewal behind `ws renew` and MCP `renew`: a lease of `minutes`
    /// (default: the project's), the range ruled by the decider.
    static func renew(_ id: String, actor: String, minutes: Int?, in ws: Workspace) throws -> (expiry: String?, message: String) {
        let outcome = try ws.execute(.renew(id: id, agent: actor, leaseMinutes: minutes ?? ws.config.leaseMinutes), actor: actor, commit: false)
        let expiry = outcome.state[id]?.leaseExpiresAt
        return (expiry, "\(id): lease of \(actor) renewed" + (expiry.map { " until \(Output.stamp($0))" } ?? ""))
    }
}

/// `ws release <id>`: gives a workstream back; it is ready again (or planned, if its dependencies reopened).
struct Release: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "release",
        abstract: "Give a workstream you hold back, so another agent can start it (another's: --force --reason).")

    @Argument(help: "The workstream.") var id: String
    @Flag(help: "Release it although another agent holds it.") var force = false
    @Option(help: "Why (required with --force).") var reason: String?
    @OptionGroup var agent: AgentOption

    func run() throws {
        let ws = try Workspace.open()
        Output.line(try Self.release(id, actor: ws.actor(agent.agent), force: force, reason: reason, in: ws))
    }

    /// The one release behind `ws release` and MCP `renew` with release: what happened, in a line.
    static func release(_ id: String, actor: String, force: Bool, reason: String?, in ws: Workspace) throws -> String {
        let outcome = try ws.execute(.release(id: id, agent: actor, force: force, reason: reason), actor: actor, commit: false)
        guard case .released(let r)? = try outcome.events.first?.decoded() else { return "nobody holds \(id); nothing to release" }
        return "\(id) released by \(actor)" + (r.agent == actor ? "" : " (it was held by \(r.agent))") + "; anyone may start it again"
    }
}
