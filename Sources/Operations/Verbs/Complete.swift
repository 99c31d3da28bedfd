import WorkstreamKit

/// `ws complete` and the MCP `complete` tool: the checks run first (each result an event), then the decider
/// rules; the answer says which checks ran, what git showed of the work, and what is ready now.
public struct CompleteOutcome: VerbOutcome {
    public var request: CompletionRun.Request
    public var run: CompletionRun.Result
    public var status: Status
    public var nowReady: [String]
    var handoff: String { "ws://handoff/\(request.id)" }
    var forced: String { request.force ? " (forced: \(request.reason ?? ""))" : "" }

    public var json: JSONValue {
        let checks: [JSONValue] = run.checks.map { c in
            .object(["name": .string(c.name), "passed": .bool(c.passed), "exitCode": .int(Int64(c.exitCode)),
                     "durationMs": .int(Int64(c.durationMs))])
        }
        return .fields(["id": .string(request.id), "status": .string(status.rawValue), "nowReady": .strings(nowReady),
                        "handoff": .string(handoff), "checks": .array(checks),
                        "evidence": run.evidence.map { .object(["commits": .int(Int64($0.commits.count)), "files": .int(Int64($0.files.count))]) }])
    }

    /// For an agent: a line a check, where the handoff is, what is ready now.
    public var text: String {
        var lines = run.checks.map { "\($0.passed ? "✓" : "✗") check \($0.name)" }
        lines.append("\(request.id) completed" + forced + "; handoff: \(handoff)")
        return (lines + readyLine).joined(separator: "\n")
    }

    /// For a person at a terminal: each check with the tail of a failure's output, and the evidence.
    public var report: String {
        var lines = run.checks.map(CheckReport.text) + ["\(request.id) completed" + forced]
        if let e = run.evidence {
            lines.append("evidence: \(e.commits.count) commit\(e.commits.count == 1 ? "" : "s"), "
                         + "\(e.files.count) file\(e.files.count == 1 ? "" : "s") changed since the start")
        }
        return (lines + readyLine).joined(separator: "\n")
    }

    var readyLine: [String] { nowReady.isEmpty ? [] : ["now ready: \(nowReady.joined(separator: ", "))"] }
}

extension Workspace {
    public func complete(_ request: CompletionRun.Request) throws -> CompleteOutcome {
        let run = try CompletionRun.complete(request, in: self)
        let detail = try ledger.detail(request.id)
        let nowReady = run.outcome.events.isEmpty ? [] : detail.dependents.filter { $0.status == .ready }.map(\.id)
        return CompleteOutcome(request: request, run: run, status: detail.summary.status, nowReady: nowReady)
    }
}

/// A check's result for people: a line, and the output's tail under a failure.
public enum CheckReport {
    public static func text(_ r: WorkstreamEvent.CheckRan) -> String {
        let result = CheckResult(exitCode: r.exitCode, durationMs: r.durationMs, output: r.output, timedOut: r.timedOut, ranAt: "", actor: "")
        var lines = ["\(r.passed ? "✓" : "✗") \(r.name): \(result.label)"]
        if !r.passed && !r.output.isEmpty { lines += r.output.split(separator: "\n", omittingEmptySubsequences: false).map { "  | \($0)" } }
        return lines.joined(separator: "\n")
    }
}
