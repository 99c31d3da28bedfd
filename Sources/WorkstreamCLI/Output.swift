import Foundation
import WorkstreamKit

/// How commands print: aligned tables for people, one JSON document for scripts.
enum Output {
    static func json<T: Encodable>(_ value: T) throws {
        FileHandle.standardOutput.write(Data(try CanonicalJSON.encode(value)))
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    static func fastJSON<T: FastJSON>(_ values: [T]) {
        let out = values.jsonBuffer()
        out.append(0x0A)
        write(out)
        keepUntilExit(values)
    }

    /// The process ends right after a listing; releasing ten thousand
    /// summaries object by object would cost more than printing them (about
    /// a sixth of `ws blocked --json`), so the large answers are kept instead.
    nonisolated(unsafe) private static var keptUntilExit: [Any] = []
    static func keepUntilExit(_ value: Any) { keptUntilExit.append(value) }

    /// Straight to file descriptor 1 with write(2): a listing of ten thousand
    /// workstreams is megabytes, not worth a copy into Data. A reader that
    /// went away (EPIPE) ends the output, as for any Unix filter.
    static func write(_ buffer: JSONBuffer) {
        buffer.withBytes { bytes in
            guard var at = bytes.baseAddress else { return }
            var left = bytes.count
            while left > 0 {
                let n = Foundation.write(1, at, left)
                if n < 0 { if errno == EINTR { continue }; return }
                at += n
                left -= n
            }
        }
    }

    static func line(_ text: String = "") {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func table(_ headers: [String], _ rows: [[String]]) -> String {
        var widths = headers.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        func render(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in i == cells.count - 1 ? c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        return ([render(headers)] + rows.map(render)).joined(separator: "\n")
    }

    static func statusTable(_ summaries: [WorkstreamSummary]) -> String {
        table(["ID", "STATUS", "AGENT", "TASKS", "DEPENDS ON", "TITLE"], summaries.map { s in
            [s.id, s.status.rawValue, (s.agent ?? "-") + (s.conflict == nil ? "" : " (CONFLICT)") + staleNote(s), s.tasksTotal == 0 ? "-" : "\(s.tasksDone)/\(s.tasksTotal)",
             s.dependsOn.isEmpty ? "-" : s.dependsOn.joined(separator: ","), s.title]
        })
    }

    /// " (STALE since 2026-11-21 10:04 UTC)" for a held workstream whose lease ran out.
    static func staleNote(_ s: WorkstreamSummary) -> String {
        guard s.isStale, let since = s.leaseExpiresAt else { return "" }
        return " (STALE since \(stamp(since)))"
    }

    /// "2026-11-21T10:04:05.123Z" → "2026-11-21 10:04 UTC"
    static func stamp(_ time: String) -> String { Timestamp.stamp(time) }

    /// "5 workstreams: 1 ready, 2 in progress, 2 planned"
    static func tally(_ summaries: [WorkstreamSummary]) -> String {
        let parts = Status.allCases.compactMap { status -> String? in
            let n = summaries.filter { $0.status == status }.count
            return n == 0 ? nil : "\(n) \(status.rawValue.replacingOccurrences(of: "_", with: " "))"
        }
        let noun = summaries.count == 1 ? "workstream" : "workstreams"
        return "\(summaries.count) \(noun)" + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", "))
    }
}
