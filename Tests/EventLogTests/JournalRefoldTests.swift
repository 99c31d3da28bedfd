import Foundation
import Testing
@testable import EventLog
import WorkstreamKit

/// Two clones that wrote at the same time exchange journals: the events one imports sort among (not after) the
/// events it wrote itself, so `importJournal` folds the touched streams again instead of replaying the log.
/// The reference is the slow path: the same log's read models rebuilt from a replay of every event.
@Suite struct JournalRefoldTests {
    let here: Ledger
    let there: Ledger

    init() throws {
        here = try Self.ledger()
        there = try Self.ledger()
    }

    static func ledger() throws -> Ledger {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("ws-refold-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return Ledger(store: try SQLiteEventStore(path: dir.appendingPathComponent("log.sqlite").path, create: true))
    }

    func run(_ ledger: Ledger, _ actor: String, _ commands: [Command]) throws {
        for c in commands { _ = try ledger.execute(c, actor: actor, time: "2026-11-21T10:00:00.000Z") }
    }

    /// Sends every event of `from` to `to` as journal lines carry them (with their clocks).
    @discardableResult
    func send(_ from: Ledger, to: Ledger) throws -> JournalImportResult {
        try to.importJournal(from.history().map { r in
            NewEvent(eventId: r.eventId, stream: r.stream, type: r.type, schemaVersion: r.schemaVersion,
                     payload: r.payload, actor: r.actor, time: r.time, clock: r.clock)
        })
    }

    /// What a reader sees of the read models: every workstream as loaded, the listing, the devlog.
    func readModels(_ ledger: Ledger) throws -> (all: [Workstream], summaries: [WorkstreamSummary], devlog: [String]) {
        let summaries = try ledger.summaries()
        let all = try summaries.map { try ledger.detail($0.id).workstream }
        let devlog = try summaries.flatMap { try ledger.detail($0.id).devlog.map { "\($0.workstream) \($0.message)" } }
        return (all, summaries, devlog)
    }

    func expectSameAsRebuild(_ ledger: Ledger, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let fast = try readModels(ledger)
        let report = try ledger.verify()
        #expect(report.ok, "\(report.problems)", sourceLocation: sourceLocation)
        try ledger.rebuild()
        let rebuilt = try readModels(ledger)
        #expect(fast.all == rebuilt.all, sourceLocation: sourceLocation)
        #expect(fast.summaries == rebuilt.summaries, sourceLocation: sourceLocation)
        #expect(fast.devlog == rebuilt.devlog, sourceLocation: sourceLocation)
    }

    @Test func importedEventsSortingAmongLocalOnesGiveTheReadModelsOfAFullReplay() throws {
        try run(here, "alice", [
            .declare(Declaration(id: "A1", title: "Infra", brief: "- [ ] one\n- [ ] two\n")),
            .declare(Declaration(id: "A2", title: "Backend", dependsOn: ["A1"])),
            .declare(Declaration(id: "A3", title: "Frontend")),
            .declare(Declaration(id: "A4", title: "Untouched", dependsOn: ["A2"])),
        ])
        try send(here, to: there)
        // Both clones write at the same clocks from here on: each one's events interleave with the other's.
        try run(here, "alice", [
            .start(id: "A1", agent: "alice"),
            .log(id: "A1", message: "net up", kind: .note, hours: 1),
            .completeTask(id: "A1", taskId: "1"),
            .complete(id: "A1", agent: "alice", summary: "done", next: [], force: true, reason: "tasks left"),
            .addDependency(id: "A3", dependsOn: "A2"),
            .log(id: "A2", message: "from here", kind: .decision, hours: nil),
        ])
        try run(there, "bob", [
            .log(id: "A2", message: "from there", kind: .note, hours: 2),
            .start(id: "A3", agent: "bob"),
            .block(id: "A3", reason: "waiting"),
            .addTask(id: "A1", text: "three", taskId: nil),
            .start(id: "A1", agent: "bob"),
        ])
        let last = try #require(try there.history().last)
        let result = try send(here, to: there)
        #expect(result.imported == 6)
        // The fast path of events that all sort after the log's last is not what this test exercises.
        #expect(try here.history().contains { ($0.clock, $0.eventId) < (last.clock, last.eventId) })
        try expectSameAsRebuild(there)
        // And the other way round: both clones end with the same read models (the same events, one total order).
        try send(there, to: here)
        try expectSameAsRebuild(here)
        #expect(try readModels(here).all == readModels(there).all)
        #expect(try readModels(here).devlog == readModels(there).devlog)
    }
}
