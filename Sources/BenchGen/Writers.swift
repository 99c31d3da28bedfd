import EventLog
import Foundation
import WorkstreamKit

/// Writes the plan's events as a ws export: one JSON line each, chained.
enum ExportWriter {
    static func write(plan: inout PlanShape, totalEvents: Int, to url: URL) throws -> Int {
        // A file that could not be made is reported by FileHandle on the next line.
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var buffer = ""
        var buffered = 0
        var seq: Int64 = 0
        var prev = HashChain.genesis
        var versions: [String: Int64] = [:]
        var clock = Date(timeIntervalSince1970: 1_767_225_600) // 2026-01-01
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        func emit(_ stream: String, _ event: WorkstreamEvent, actor: String) throws {
            seq += 1
            clock.addTimeInterval(1.5)
            let version = (versions[stream] ?? 0) + 1
            versions[stream] = version
            let payload = EventCodec.encodePayload(event)
            let type = EventCodec.typeName(of: event)
            let time = formatter.string(from: clock)
            let eventId = String(format: "bench-%08lld", seq)
            let hash = HashChain.hash(prev: prev, seq: seq, eventId: eventId, stream: stream, version: version, type: type,
                                      schemaVersion: 1, actor: actor, time: time, payload: payload, clock: seq)
            let line = ExportFormat.line(RecordedEvent(seq: seq, eventId: eventId, stream: stream, version: version, type: type,
                                                       schemaVersion: 1, payload: payload, actor: actor, time: time, prevHash: prev, hash: hash))
            buffer += line
            buffer += "\n"
            buffered += line.utf8.count + 1
            prev = hash
            if buffered > 1 << 20 { try handle.write(contentsOf: Data(buffer.utf8)); buffer = ""; buffered = 0 }
        }
        let tasksEach = 10
        // Planning: declarations, dependencies and tasks for every workstream.
        for i in 0..<plan.count {
            let id = plan.ids[i]
            try emit(id, .declared(.init(title: plan.titles[i], phase: plan.phases[i], owner: "team-\(i % 7)", estimate: Double(1 + i % 8))), actor: "pm")
            for d in plan.deps[i] { try emit(id, .dependencyAdded(.init(dependsOn: plan.ids[d])), actor: "pm") }
            for t in 1...tasksEach { try emit(id, .taskAdded(.init(taskId: "\(t)", text: "Step \(t) of \(plan.titles[i])")), actor: "pm") }
        }
        // Work, in dependency order: starts, tasks, artifacts, logs, completions.
        let planning = Int(seq)
        let workEvents = plan.started.count + plan.completed.count * (tasksEach + 2 + 1)
        var logsLeft = max(0, totalEvents - planning - workEvents)
        let order = plan.started.sorted()
        for (k, i) in order.enumerated() {
            let id = plan.ids[i], agent = "agent-\(i % 16)"
            try emit(id, .started(.init(agent: agent)), actor: agent)
            let logs = logsLeft / (order.count - k)
            for n in 0..<logs {
                let kind: LogKind = [.note, .note, .decision, .issue, .resolution][n % 5]
                try emit(id, .logged(.init(message: "Entry \(n + 1) on \(id): progress on step \(n % tasksEach + 1)", kind: kind, hours: n % 3 == 0 ? 0.5 : nil)), actor: agent)
            }
            logsLeft -= logs
            guard plan.completed.contains(i) else { continue }
            for t in 1...tasksEach { try emit(id, .taskCompleted(.init(taskId: "\(t)")), actor: agent) }
            try emit(id, .artifactRecorded(.init(name: "ENDPOINT", value: "https://\(id.lowercased()).internal", secret: false, fingerprint: nil)), actor: agent)
            try emit(id, .artifactRecorded(.init(name: "API_TOKEN", value: nil, secret: true, fingerprint: "hmac-sha256:00000000\(String(format: "%08x", i))")), actor: agent)
            try emit(id, .completed(.init(summary: "\(plan.titles[i]) is done.", next: ["Hand over to the dependents"], forced: false, reason: nil)), actor: agent)
        }
        try handle.write(contentsOf: Data(buffer.utf8))
        return Int(seq)
    }
}

/// The same plan for `task import`: one task per workstream with the same
/// dependencies and statuses.
enum TaskwarriorWriter {
    static func write(plan: PlanShape, to url: URL) throws {
        func uuid(_ i: Int) -> String { String(format: "00000000-0000-4000-8000-%012x", i + 1) }
        var lines: [String] = []
        for i in 0..<plan.count {
            var task: [String: JSONValue] = [
                "uuid": .string(uuid(i)), "description": .string(plan.titles[i]),
                "project": .string(plan.phases[i].replacingOccurrences(of: " ", with: "")),
                "status": .string(plan.completed.contains(i) ? "completed" : "pending"), "entry": .string("20260101T000000Z"),
            ]
            if plan.completed.contains(i) { task["end"] = .string("20260102T000000Z") }
            if plan.started.contains(i) && !plan.completed.contains(i) { task["start"] = .string("20260101T120000Z") }
            if !plan.deps[i].isEmpty { task["depends"] = .string(plan.deps[i].map(uuid).joined(separator: ",")) }
            // As JSONSerialization wrote these files (slashes escaped), so the bench fixtures keep their bytes.
            lines.append(JSONValue.object(task).foundationText())
        }
        try Data(("[\n" + lines.joined(separator: ",\n") + "\n]\n").utf8).write(to: url)
    }
}
