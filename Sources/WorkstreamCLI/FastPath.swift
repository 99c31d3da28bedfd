import EventLog
import Operations
import WorkstreamKit

/// The commands agents and scripts run most (`ready`, `blocked`, `status`,
/// `log`, `task done`), recognised without swift-argument-parser: its
/// reflection over thirty commands costs a few milliseconds of every process.
/// Only plain, valid forms are taken here; anything else (help, an unknown
/// flag, a bad value) goes to the full parser, which reports it as usual.
/// `FastPathParityTests` holds it to the full parser's reading of every form it takes.
enum FastPath {
    /// A command line the fast path takes, with the values the full parser would give it.
    enum Invocation: Equatable {
        case ready(json: Bool), blocked(json: Bool), status(json: Bool)
        case log(id: String, message: String, kind: LogKind, hours: Double?, agent: String?)
        case taskDone(id: String, taskId: String, agent: String?)
    }

    /// Runs the command and returns true, or returns false to let the full parser have it.
    static func run(_ args: [String]) throws -> Bool {
        guard let invocation = parse(args) else { return false }
        // The process ends with the command: the log's closed queue need not be freed (see SQLiteQueueRetention).
        SQLiteQueueRetention.keepClosedQueuesUntilExit()
        switch invocation {
        case .ready(let json): try Ready.execute(json: json)
        case .blocked(let json): try Blocked.execute(json: json)
        case .status(let json): try StatusCommand.execute(at: nil, json: json)
        case let .log(id, message, kind, hours, agent):
            try Log.execute(id: id, message: message, kind: kind, hours: hours, agent: agent)
        case let .taskDone(id, taskId, agent): try TaskCommand.Done.execute(id: id, taskId: taskId, agent: agent)
        }
        return true
    }

    /// The invocation `args` mean, or nil when the full parser must read them.
    static func parse(_ args: [String]) -> Invocation? {
        guard let first = args.first else { return nil }
        let rest = Array(args.dropFirst())
        switch first {
        case "ready", "blocked", "status":
            guard rest.isEmpty || rest == ["--json"] else { return nil }
            let json = !rest.isEmpty
            if first == "ready" { return .ready(json: json) }
            return first == "blocked" ? .blocked(json: json) : .status(json: json)
        case "log":
            guard rest.count >= 2, !rest[0].hasPrefix("-"), !rest[1].hasPrefix("-"),
                  let options = options(Array(rest.dropFirst(2)), allowed: ["--kind", "--hours", "--agent"]) else { return nil }
            var kind = LogKind.note
            if let k = options["--kind"] { guard let parsed = LogKind(rawValue: k) else { return nil }; kind = parsed }
            var hours: Double?
            if let h = options["--hours"] {
                guard let parsed = PlainNumber.value(h) else { return nil }
                hours = parsed
            }
            return .log(id: rest[0], message: rest[1], kind: kind, hours: hours, agent: options["--agent"])
        case "task":
            guard rest.count >= 3, rest[0] == "done", !rest[1].hasPrefix("-"), !rest[2].hasPrefix("-"),
                  let options = options(Array(rest.dropFirst(3)), allowed: ["--agent"]) else { return nil }
            return .taskDone(id: rest[1], taskId: rest[2], agent: options["--agent"])
        default:
            return nil
        }
    }

    /// `--name value` pairs, each allowed name at most once; nil for anything else. A value that
    /// starts with `-` is the full parser's to judge: it reads `--agent -x` or `--hours -1` as an
    /// option missing its value (a usage error), never as the value.
    static func options(_ args: [String], allowed: Set<String>) -> [String: String]? {
        guard args.count % 2 == 0 else { return nil }
        var result: [String: String] = [:]
        for i in stride(from: 0, to: args.count, by: 2) {
            let name = args[i]
            // An empty value (`--agent ""`) is left to the full parser, which refuses it.
            guard allowed.contains(name), result[name] == nil, !args[i + 1].hasPrefix("-"), !args[i + 1].isEmpty else {
                return nil
            }
            result[name] = args[i + 1]
        }
        return result
    }
}
