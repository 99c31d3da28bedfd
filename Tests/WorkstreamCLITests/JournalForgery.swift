import EventLog
import Foundation
import Testing
import WorkstreamKit

/// What someone with push access does to a journal with plain git: edit a line in place, or edit
/// it and give it the content id of its new content (anyone with ws's source can), then commit.
enum JournalForgery {
    static func file(_ copy: WorkCopy, _ stream: String) -> URL {
        copy.dir.appendingPathComponent(".ws/journal/\(stream).jsonl")
    }

    static func lines(_ copy: WorkCopy, _ stream: String) -> [String] {
        HostileJournalTests.lines(file(copy, stream)).filter { !$0.isEmpty }
    }

    /// The number (from 1) of the first line of `stream` that contains `text`.
    static func number(_ copy: WorkCopy, _ stream: String, containing text: String) throws -> Int {
        try #require(lines(copy, stream).firstIndex { $0.contains(text) }, "no line of \(stream) holds \(text)") + 1
    }

    /// Replaces the line holding `text` by `change(line)` and commits it, as a person would.
    static func edit(_ copy: WorkCopy, _ stream: String, containing text: String,
                     _ change: (String) throws -> String) throws {
        var all = lines(copy, stream)
        let index = try number(copy, stream, containing: text) - 1
        all[index] = try change(all[index])
        try (all.joined(separator: "\n") + "\n").write(to: file(copy, stream), atomically: true, encoding: .utf8)
        try copy.git("commit", "-q", "-am", "Journal edited by hand").check()
    }

    /// Appends `line` to the stream's journal and commits it.
    static func append(_ copy: WorkCopy, _ stream: String, _ line: String) throws {
        try HostileJournalTests.append(line, to: file(copy, stream))
        try copy.git("commit", "-q", "-am", "Journal line added by hand").check()
    }

    /// `line` with `change` applied to its JSON object and its event id made the content id of the result.
    static func rehashed(_ line: String, _ change: (inout [String: Any]) -> Void) throws -> String {
        var object = try #require(try json(line) as? [String: Any])
        change(&object)
        let payload = try JSONParser.parse(WorkCopy.canonical(object["data"] ?? [String: Any]())).canonical
        var e = NewEvent(eventId: "", stream: try #require(object["stream"] as? String),
                         type: try #require(object["type"] as? String),
                         schemaVersion: try #require(object["schemaVersion"] as? Int), payload: payload,
                         actor: try #require(object["actor"] as? String), time: try #require(object["time"] as? String),
                         clock: Int64(try #require(object["clock"] as? Int)))
        e.eventId = EventIdentity.contentId(of: e)
        return EventIdentity.line(eventId: e.eventId, stream: e.stream, type: e.type, schemaVersion: e.schemaVersion,
                                  payload: e.payload, actor: e.actor, time: e.time, clock: e.clock)
    }

    /// A clock a real peer of `copy` could give its next event: one past the events it holds. A forged line
    /// clocked further is quarantined for its clock alone (a Lamport clock never exceeds its history).
    static func nextClock(_ copy: WorkCopy) throws -> Int { try copy.exported().count + 1 }

    /// `line` with `change` applied to its JSON object, its event id left as it was.
    /// Appends to `stream`'s journal, and commits, a new line posing as legacy: a fresh UUID, well formed otherwise.
    static func appendPosingAsLegacy(_ copy: WorkCopy, _ stream: String) throws {
        let declaration = try #require(lines(copy, stream).first)
        try append(copy, stream, try edited(declaration) {
            $0["eventId"] = UUID().uuidString.lowercased()
            $0["clock"] = 50
            $0["data"] = ["title": "Posing as legacy"]
            $0["type"] = "WorkstreamDetailsChanged"
        })
    }

    static func edited(_ line: String, _ change: (inout [String: Any]) -> Void) throws -> String {
        var object = try #require(try json(line) as? [String: Any])
        change(&object)
        return WorkCopy.canonical(object)
    }

    static func setData(_ key: String, _ value: Any) -> (inout [String: Any]) -> Void {
        { object in
            var data = object["data"] as? [String: Any] ?? [:]
            data[key] = value
            object["data"] = data
        }
    }

    /// The places (file:line) a copy's `ws quarantine --json` lists.
    static func quarantined(_ copy: WorkCopy, sourceLocation: SourceLocation = #_sourceLocation) throws -> Set<String> {
        let items = try copy.objects("quarantine", sourceLocation: sourceLocation)
        return Set(items.map { "\($0["file"] as? String ?? "?"):\($0["line"] as? Int ?? 0)" })
    }

    /// What a person compares between clones: every workstream, W in full (but the devlog's `seq`, each
    /// clone's own order of arrival), the conflicts, the events held.
    static func view(_ copy: WorkCopy) throws -> [String] {
        var w = try #require(try copy.json("show", "W") as? [String: Any])
        w["devlog"] = (w["devlog"] as? [[String: Any]])?.map { $0.filter { $0.key != "seq" } }
        return [WorkCopy.canonical(try copy.json("status")), WorkCopy.canonical(w),
         WorkCopy.canonical(try copy.json("conflicts")), try copy.eventIds().sorted().joined(separator: ",")]
    }
}
