import Foundation
import ArgumentParser
import Operations
import WorkstreamKit

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Declare many workstreams at once from a YAML plan.",
        subcommands: [Apply.self])

    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "apply",
            abstract: "Apply a plan: records only what differs from the log, so applying it twice changes nothing.",
            discussion: """
                Applying a plan trusts no check command: the plan file comes through git, and any clone can \
                edit it. Apply records the plan, then names each of its checks not trusted on this machine \
                (workstream, name, command) with the 'ws check trust' command to run; --trust-checks trusts \
                them all (read them first: a check runs with its workstream's secrets).
                """)

        @Argument(help: "The plan (YAML).") var file: String
        @Flag(help: "Trust the plan's check commands on this machine (read them first: they run with secrets).")
        var trustChecks = false
        @OptionGroup var agent: AgentOption

        func run() throws {
            let ws = try Workspace.open()
            let text = try readText(file)
            let base = URL(fileURLWithPath: file).deletingLastPathComponent()
            let plan = try PlanParser.parse(text) {
                try readText(briefPath($0, besidePlan: base, ws: ws), limit: Limits.brief)
            }
            try CheckGuard.refuseSpelledSecrets(in: plan, ws: ws)
            let outcome = try ws.execute(.applyPlan(plan), actor: ws.actor(agent.agent), commit: false)
            if outcome.events.isEmpty {
                Output.line("plan already applied: nothing to change (\(plan.workstreams.count) workstreams)")
            } else {
                var counts: [String: Int] = [:]
                for e in outcome.events { counts[e.type, default: 0] += 1 }
                let detail = counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
                Output.line("applied plan: \(outcome.events.count) events (\(detail))")
            }
            try PlanCheckTrust(plan: plan, ws: ws).settle(trustAll: trustChecks)
        }
    }
}

/// A plan comes from other clones and pull requests, so its brief_file is untrusted: it may name only a file of
/// the work tree (after symlinks and `..`), never one outside it or in a git directory, where ws keeps secrets.
private func briefPath(_ relative: String, besidePlan base: URL, ws: Workspace) throws -> String {
    let refuse = { (why: String) in CLIError(code: ExitCodes.error, message: why + "; a plan's brief_file names "
                                             + "a file of the repository's work tree, relative to the plan") }
    guard !relative.hasPrefix("/") else { throw refuse("it is an absolute path") }
    guard let path = realPath(base.appendingPathComponent(relative).path) else { throw refuse("no such file") }
    let within = { (dir: URL) in realPath(dir.path).map { path == $0 || path.hasPrefix($0 + "/") } ?? false }
    guard within(ws.location.workTree) else { throw refuse("it is outside the work tree") }
    let git = [ws.location.gitDir, ws.location.commonDir]
    if git.contains(where: within) || path.split(separator: "/").contains(".git") {
        throw refuse("it is inside a git directory")
    }
    return path
}

/// The path with every symlink, `.` and `..` resolved, or nil when it does not exist.
private func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
}
