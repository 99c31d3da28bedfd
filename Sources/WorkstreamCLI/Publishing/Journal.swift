import EventLog
import Foundation

/// `.ws/journal/<id>.jsonl`: each workstream's events, one JSON line each,
/// committed with the documents so the log travels with the repository.
/// `merge=union` in `.gitattributes` lets git merge two branches' lines.
enum Journal {
    static let folder = ".ws/journal"
    static let attribute = ".ws/journal/*.jsonl merge=union"
    /// Journals merge by union (every event of both branches survives); generated documents too,
    /// since ws regenerates them from the merged log on the next command.
    static let attributes = [attribute, "Workstreams/** merge=union", "Handoffs/** merge=union", "devlog/** merge=union"]

    static func path(_ stream: String) -> String { "\(folder)/\(stream).jsonl" }

    static func render(_ events: [RecordedEvent]) -> String {
        events.map(ExportFormat.line).joined(separator: "\n") + (events.isEmpty ? "" : "\n")
    }

    /// Every event in the work tree's journal files, each once (by event id),
    /// in log order when the files come from one log.
    static func read(workTree: URL) throws -> [RecordedEvent] {
        let dir = workTree.appendingPathComponent(folder)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [] }
        var byId: [String: RecordedEvent] = [:]
        for name in names.sorted() where name.hasSuffix(".jsonl") {
            let text = (try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)) ?? ""
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                // A merge conflict marker or a hand edit is reported with its place, never skipped.
                let event: RecordedEvent
                do { event = try ExportFormat.parse(line, number: i + 1) } catch {
                    throw CLIError(code: ExitCodes.error, message: "\(folder)/\(name): \(error)")
                }
                byId[event.eventId] = event
            }
        }
        return byId.values.sorted { ($0.seq, $0.time, $0.stream, $0.version) < ($1.seq, $1.time, $1.stream, $1.version) }
    }
}
