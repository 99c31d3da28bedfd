import Operations
import WorkstreamKit

/// The commands agents and scripts run most (`ready`, `blocked`, `status`,
/// `log`, `task done`), recognised without swift-argument-parser: its
/// reflection over thirty commands costs a few milliseconds of every process.
/// Only plain, valid forms are taken here; anything else (help, an unknown
/// flag, a bad value) goes to the full parser, which reports it as usual.
enum FastPath {
    /// Runs the command and returns true, or returns false to let the full parser have it.
    static func run(_ args: [String]) throws -> Bool {
        guard let first = args.first else { return false }
        let rest = Array(args.dropFirst())
        switch first {
        case "ready", "blocked", "status":
            guard rest.isEmpty || rest == ["--json"] else { return false }
            let json = !rest.isEmpty
            if first == "ready" { try Ready.execute(json: json) }
            else if first == "blocked" { try Blocked.execute(json: json) }
            else { try StatusCommand.execute(at: nil, json: json) }
            return true
        case "log":
            guard rest.count >= 2, !rest[0].hasPrefix("-"), !rest[1].hasPrefix("-"),
                  let options = options(Array(rest.dropFirst(2)), allowed: ["--kind", "--hours", "--agent"]) else { return false }
            var kind = LogKind.note
            if let k = options["--kind"] { guard let parsed = LogKind(rawValue: k) else { return false }; kind = parsed }
            var hours: Double?
            if let h = options["--hours"] { guard let parsed = Double(h) else { return false }; hours = parsed }
            try Log.execute(id: rest[0], message: rest[1], kind: kind, hours: hours, agent: options["--agent"])
            return true
        case "task":
            guard rest.count >= 3, rest[0] == "done", !rest[1].hasPrefix("-"), !rest[2].hasPrefix("-"),
                  let options = options(Array(rest.dropFirst(3)), allowed: ["--agent"]) else { return false }
            try TaskCommand.Done.execute(id: rest[1], taskId: rest[2], agent: options["--agent"])
            return true
        default:
            return false
        }
    }

    /// `--name value` pairs, each allowed name at most once; nil for anything else.
    static func options(_ args: [String], allowed: Set<String>) -> [String: String]? {
        guard args.count % 2 == 0 else { return nil }
        var result: [String: String] = [:]
        for i in stride(from: 0, to: args.count, by: 2) {
            let name = args[i]
            guard allowed.contains(name), result[name] == nil else { return nil }
            result[name] = args[i + 1]
        }
        return result
    }
}
