import ArgumentParser
import TestSupport
import Testing
@testable import WorkstreamCLI

/// The fast path (`FastPath.parse`) against swift-argument-parser on many command lines: every
/// line the fast path takes, the full parser must take too and read the same way; a line the
/// fast path declines goes to the full parser, which answers or refuses it as it always did.
/// So no command line can mean one thing on the fast path and another on the full parser.
@Suite struct FastPathParityTests {
    /// Words that have tripped parsers: option names and `=` forms, `--`, dashes, numbers
    /// written oddly, unicode, empty and blank strings, the help words.
    static let words = [
        "A1", "t1", "done", "", " ", "x y", "é", "日本語", "🙂",
        "note", "issue", "decision", "resolution", "NOTE",
        "1", "2.5", "1e3", ".5", "5.", "-0", "-1", "-1.5", "+2", "nan", "inf", "-inf", "1_000", "0x1p3", " 2",
        "--", "-", "---", "--json", "--agent", "--kind", "--hours", "--kind=issue", "--hours=2", "--agent=bob",
        "--agent=", "-h", "--help", "help", "--version", "-x", "--Agent", "bob",
    ]
    static let starts: [[String]] = [["log"], ["log", "A1"], ["log", "A1", "msg"], ["task", "done"],
                                     ["task", "done", "A1", "t1"], ["ready"], ["blocked"], ["status"], ["task"]]

    /// Seeded, so a failure replays exactly.
    static func commandLines(count: Int, seed: UInt64) -> [[String]] {
        var random = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            let start = starts.randomElement(using: &random) ?? []
            let length = Int.random(in: 0...6, using: &random)
            return start + (0..<length).map { _ in words.randomElement(using: &random) ?? "" }
        }
    }

    /// Every option order and value pair of `log` and `task done`, each value from `words`.
    static func optionLines() -> [[String]] {
        var lines: [[String]] = []
        for value in words {
            for name in ["--kind", "--hours", "--agent"] {
                lines.append(["log", "A1", "msg", name, value])
                lines.append(["log", value, "msg", name, "1"])
                lines.append(["log", "A1", value, "--agent", value, name, "2"])
            }
            lines.append(["task", "done", "A1", value, "--agent", value])
            lines.append(["task", "done", value, "t1", "--agent", "bob"])
            lines.append([value])
            lines.append(["ready", value])
        }
        let pairs = [["--kind", "issue"], ["--hours", "1.5"], ["--agent", "bob"]]
        for a in pairs { for b in pairs { for c in pairs { lines.append(["log", "A1", "msg"] + a + b + c) } } }
        return lines
    }

    /// What the full parser made of a command line, in the fast path's terms (nil: another command).
    static func invocation(of command: ParsableCommand) -> FastPath.Invocation? {
        switch command {
        case let c as Ready: return .ready(json: c.output.json)
        case let c as Blocked: return .blocked(json: c.output.json)
        case let c as StatusCommand: return c.at == nil ? .status(json: c.output.json) : nil
        case let c as Log:
            // The full parser keeps --hours as typed and `run` reads it as a plain decimal number.
            return .log(id: c.id, message: c.message, kind: c.kind, hours: c.hours.flatMap(PlainNumber.value),
                        agent: c.agent.agent)
        case let c as TaskCommand.Done: return .taskDone(id: c.id, taskId: c.taskId, agent: c.agent.agent)
        default: return nil
        }
    }

    @Test func theFastPathReadsEveryLineItTakesAsTheFullParserDoes() throws {
        var taken = 0
        for args in Self.optionLines() + Self.commandLines(count: 20_000, seed: 20) {
            guard let fast = FastPath.parse(args) else { continue }
            taken += 1
            do {
                let full = try WS.parseAsRoot(args)
                // Compared as text: NaN equals itself there, and -0 differs from 0.
                #expect(Self.invocation(of: full).map { "\($0)" } == "\(fast)", "\(args)")
            } catch {
                Issue.record("the fast path took \(args) as \(fast); the full parser refuses it: \(error)")
            }
        }
        // The generated lines must exercise the fast path, or this test could not fail.
        #expect(taken > 1_000)
    }
}
