import EventLog
import Foundation
import Providers
import Spawning
import WorkstreamKit

/// Runs a workstream's checks: each under `/bin/sh -c`, in the repository's
/// work tree, with `ws env <id>` in its environment (secrets included), a
/// timeout, and its output (stdout and stderr together) kept as a tail of
/// the last lines, capped at `Limits.checkOutput`, control characters made
/// visible and every secret value masked. Each result is recorded as a
/// `CheckRan` event. The CLI (`ws check run`, `ws complete`) and `ws mcp`
/// call this; nothing here prints.
public enum CheckRun {
    /// The last bytes kept while a check runs (the recorded tail is cut from these): 64 KiB.
    static let runningKeep = 64 * 1024
    /// Lines the recorded tail keeps at most.
    static let tailLines = 40

    /// Runs every check of `id` (or the named ones), records each result, and returns them in order.
    public static func run(id: String, in ws: Workspace, actor: String, only names: [String]? = nil) throws -> [WorkstreamEvent.CheckRan] {
        let w = try ws.ledger.detail(id).workstream
        let checks = names.map { wanted in w.checks.filter { wanted.contains($0.name) } } ?? w.checks
        if let names, let missing = names.first(where: { name in !w.checks.contains { $0.name == name } }) {
            throw Refusal.unknownCheck(workstream: id, check: missing)
        }
        guard !checks.isEmpty else { return [] }
        // Before anything runs: another agent's live lease fences the work, its checks included.
        try FenceRules.requireHolder(w, actor: actor, now: ws.now, action: "run its checks")
        let variables = try WorkstreamEnvironment.variables(for: id, in: ws)
        // Every secret value this clone holds, for any workstream, provisioning slots included.
        let mask = try ws.secretMask()
        // Before anything runs: a command another clone declared needs the trust of the person here.
        try CheckTrust.require(checks, of: id, in: ws, mask: mask)
        var environment = ws.environment
        for v in variables { environment[v.name] = v.value }
        environment["WS_WORKSTREAM"] = id
        var results: [WorkstreamEvent.CheckRan] = []
        for check in checks {
            let ran = try execute(check, environment: environment, workTree: ws.location.workTree,
                                  timeout: Double(ws.config.checkTimeoutSeconds), mask: mask)
            try ws.execute(.recordCheck(id: id, ran), actor: actor, commit: false)
            results.append(ran)
        }
        return results
    }

    static func execute(_ check: Check, environment: [String: String], workTree: URL, timeout: Double, mask: SecretMask) throws -> WorkstreamEvent.CheckRan {
        var kept: [UInt8] = []
        let started = Date()
        // `cd` first, so the check runs from the work tree whatever directory ws was started in;
        // `exec 2>&1` so stderr comes in order with stdout.
        let script = "cd \(ShellQuote.quote(workTree.path)) || exit 127\nexec 2>&1\n" + check.run
        let ending: ChildProcess.Ending
        do {
            let outcome = try ChildProcess.run("/bin/sh", arguments: ["-c", script], environment: environment, stdin: [], timeout: timeout) { chunk in
                kept += chunk
                if kept.count > runningKeep * 2 { kept.removeFirst(kept.count - runningKeep) }
            }
            ending = outcome.ending
        } catch {
            let message = mask.apply("ws could not run the check: \(error)")
            return WorkstreamEvent.CheckRan(name: check.name, run: check.run, exitCode: 127, durationMs: milliseconds(since: started),
                                            output: tail(message, mask: mask), timedOut: false)
        }
        let text = String(decoding: kept.suffix(runningKeep), as: UTF8.self)
        let (exitCode, timedOut): (Int, Bool)
        switch ending {
        case .exited(let code): (exitCode, timedOut) = (Int(code), false)
        case .signalled(let signal): (exitCode, timedOut) = (128 + Int(signal), false)
        case .timedOut: (exitCode, timedOut) = (124, true)
        }
        return WorkstreamEvent.CheckRan(name: check.name, run: check.run, exitCode: exitCode, durationMs: milliseconds(since: started),
                                        output: tail(text, mask: mask), timedOut: timedOut)
    }

    /// Masked first (a secret cut in half by the cap would no longer match), then the last
    /// `tailLines` lines within `Limits.checkOutput` bytes, with control characters other than
    /// line breaks and tabs shown as `\u{…}` (an escape sequence never reaches a terminal or a document).
    static func tail(_ text: String, mask: SecretMask) -> String {
        let masked = mask.apply(text.replacingOccurrences(of: "\r\n", with: "\n"))
        var lines = masked.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last?.isEmpty == true { lines.removeLast() }
        var out: [String] = []
        var bytes = 0
        for line in lines.suffix(tailLines).reversed() {
            let visible = visibleLine(line)
            let cost = visible.utf8.count + 1
            if bytes + cost > Limits.checkOutput {
                if out.isEmpty { out.append(String(decoding: Array(visible.utf8).suffix(Limits.checkOutput - 16), as: UTF8.self)) }
                break
            }
            out.append(visible)
            bytes += cost
        }
        return out.reversed().joined(separator: "\n")
    }

    static func visibleLine(_ line: String) -> String {
        guard line.unicodeScalars.contains(where: { Text.isControl($0) && $0 != "\t" }) else { return line }
        var out = ""
        for u in line.unicodeScalars {
            out += Text.isControl(u) && u != "\t" ? "\\u{\(String(u.value, radix: 16))}" : String(u)
        }
        return out
    }

    static func milliseconds(since start: Date) -> Int { max(0, Int((Date().timeIntervalSince(start) * 1000).rounded())) }
}
