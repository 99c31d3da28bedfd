import Foundation
import ArgumentParser
import Operations
import WorkstreamKit

/// The root command: `ws <subcommand>`.
public struct WS: ParsableCommand {
    public static let version = Workspace.version

    public static let configuration = CommandConfiguration(
        commandName: "ws",
        abstract: "Coordinate parallel workstreams in one git repository.",
        discussion: """
            Every change is an event appended to a log kept in the repository's git directory; \
            statuses, tables and graphs are projections of that log.
            Exit codes: 0 ok, 1 error, 3 refused by the rules, 4 not found, 64 usage.
            """,
        version: version,
        subcommands: [
            Init.self, New.self, PlanCommand.self, Brief.self, Dep.self, TaskCommand.self,
            Start.self, Log.self, ArtifactCommand.self, Env.self, Block.self, Unblock.self,
            Complete.self, Cancel.self, Context.self, CommitCommand.self, Sync.self, Conflicts.self, Resolve.self,
            Quarantine.self,
            StatusCommand.self, Show.self, Ready.self, Blocked.self, Deps.self, CriticalPath.self,
            Graph.self, History.self, Rebuild.self, Verify.self, Export.self, Import.self,
            ProvisionCommand.self, ProvidersCommand.self,
            MCPCommand.self, Prime.self, Serve.self,
            Renew.self, Release.self, CheckCommand.self,
        ]
    )

    public init() {}
}

/// Runs ws with `arguments` and returns the exit code; the executable is a call to this.
public enum CLI {
    /// The process's own entry: the raw arguments are checked first, since Swift's decoding
    /// would turn invalid UTF-8 into U+FFFD without a word.
    public static func run(_ arguments: [String], raw: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>, count: Int) -> Int32 {
        for i in 1..<max(count, 1) {
            guard let c = raw[i], String(validatingCString: c) == nil else { continue }
            Output.error("ws: argument \(i) is not valid UTF-8; ws takes text arguments in UTF-8 only.")
            return ExitCodes.error
        }
        return run(arguments)
    }

    public static func run(_ arguments: [String]) -> Int32 {
        Notes.sink = ({ Output.raw(1, Array($0.utf8)) }, { Output.raw(2, Array($0.utf8)) })
        // Read as bytes: ProcessInfo's environment would turn invalid UTF-8 into U+FFFD, and the
        // agent's name would be recorded (by a command or by `ws mcp`) as something nobody typed.
        if let agent = getenv("WS_AGENT"), String(validatingCString: agent) == nil {
            Output.error("ws: WS_AGENT is not valid UTF-8; set it to the agent's name in UTF-8 (nothing was done).")
            return ExitCodes.usage
        }
        do {
            if try FastPath.run(arguments) { return ExitCodes.ok }
            // After the fast path: listing the commands costs the parser's reflection over all of them.
            if let first = arguments.first, !first.hasPrefix("-"), !knownCommands.contains(first) {
                // swift-argument-parser would answer `ws renew --help` with the root help and exit 0.
                Output.error("ws: unknown command '\(Text.printable(first, 60))'. 'ws --help' lists the commands.")
                return ExitCodes.usage
            }
            var command = try WS.parseAsRoot(arguments)
            try command.run()
            return ExitCodes.ok
        } catch {
            if let failure = ClassifiedError(error) {
                Output.error("ws: \(failure.message)")
                return failure.kind.rawValue
            }
            let code = WS.exitCode(for: error).rawValue
            let message = WS.fullMessage(for: error)
            if code == 0 { Output.line(message) } else if !message.isEmpty { Output.error(message) }
            return code
        }
    }
}

extension CLI {
    static let knownCommands = Set(WS.configuration.subcommands.map { $0.configuration.commandName ?? "" } + ["help"])
}

/// Who is acting, for commands that record an actor.
struct AgentOption: ParsableArguments {
    @Option(name: .long, help: "Who is acting (default: $WS_AGENT, then the login name).")
    var agent: String?

    func validate() throws { try Self.refuseEmpty(agent) }

    /// `--agent ""` is a mistake (an unset variable in a script), not a request for the default: acting as
    /// $WS_AGENT or the git user name instead would record someone else's name.
    static func refuseEmpty(_ agent: String?) throws {
        guard agent?.isEmpty == true else { return }
        throw ValidationError("--agent is empty: give a name, or leave --agent out to act as $WS_AGENT "
                              + "(then git's user.name).")
    }

    /// Opens the workspace, runs one verb as this agent and prints its line: what most writing commands do.
    func perform(readOnly: Bool = false, _ verb: (Workspace, _ actor: String) throws -> VerbOutcome) throws {
        let ws = try Workspace.open(readOnly: readOnly)
        Output.line(try verb(ws, ws.actor(agent)).text)
    }
}

/// `--json` for commands that can answer in JSON.
struct JSONFlag: ParsableArguments {
    @Flag(name: .long, help: "Print one JSON document instead of a table.")
    var json = false

    /// Prints the answer as the flag asks: its JSON document, or its text.
    func print<Answer: Encodable>(_ answer: Answer, _ text: (Answer) -> String) throws {
        if json { return try Output.json(answer) }
        Output.line(text(answer))
    }
}
