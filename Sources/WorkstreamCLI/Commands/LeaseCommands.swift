import ArgumentParser
import Operations
import WorkstreamKit

/// `ws renew <id>`: the holder renews its lease explicitly (any command it runs on the workstream renews it too).
struct Renew: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "renew",
        abstract: "Renew your lease on a workstream you hold (every command of yours on it renews it too).")

    @Argument(help: "The workstream.") var id: String
    @Option(help: "A lease of this many minutes from now (default: leaseMinutes in .ws/config.json, else 120).") var minutes: Int?
    @OptionGroup var agent: AgentOption

    func run() throws {
        try agent.perform { ws, actor in try ws.renew(id, actor: actor, minutes: minutes) }
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
        try agent.perform { ws, actor in try ws.release(id, actor: actor, force: force, reason: reason) }
    }
}
