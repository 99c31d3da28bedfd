import Foundation
import Spawning
import WorkstreamKit

/// How answers read: aligned tables, stamps and tallies for people. Printing them is the front end's
/// (`WorkstreamCLI` extends this with the writes to standard output).
public enum Output {
    /// For the front ends (the command line, `ws mcp`): all of `bytes` to descriptor `fd` with write(2), again after
    /// EINTR; a reader that went away (EPIPE) or any other error ends the output quietly, as for any Unix filter.
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) {
        FileDescriptorWrites.writeAll(fd, bytes)
    }

    public static func table(_ headers: [String], _ rows: [[String]]) -> String {
        var widths = headers.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        func render(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in i == cells.count - 1 ? c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        return ([render(headers)] + rows.map(render)).joined(separator: "\n")
    }

    public static func statusTable(_ summaries: [WorkstreamSummary]) -> String {
        table(["ID", "STATUS", "AGENT", "TASKS", "DEPENDS ON", "TITLE"], summaries.map { s in
            [s.id, s.status.rawValue, (s.agent ?? "-") + (s.conflict == nil ? "" : " (CONFLICT)") + staleNote(s), s.tasksTotal == 0 ? "-" : "\(s.tasksDone)/\(s.tasksTotal)",
             s.dependsOn.isEmpty ? "-" : s.dependsOn.joined(separator: ","), s.title]
        })
    }

    /// " (STALE since 2026-11-21 10:04 UTC)" for a held workstream whose lease ran out.
    public static func staleNote(_ s: WorkstreamSummary) -> String {
        guard s.isStale, let since = s.leaseExpiresAt else { return "" }
        return " (STALE since \(Timestamp.stamp(since)))"
    }

    /// "5 workstreams: 1 ready, 2 in progress, 2 planned"
    public static func tally(_ summaries: [WorkstreamSummary]) -> String {
        let parts = Status.allCases.compactMap { status -> String? in
            let n = summaries.filter { $0.status == status }.count
            return n == 0 ? nil : "\(n) \(status.rawValue.replacingOccurrences(of: "_", with: " "))"
        }
        let noun = summaries.count == 1 ? "workstream" : "workstreams"
        return "\(summaries.count) \(noun)" + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", "))
    }
}
