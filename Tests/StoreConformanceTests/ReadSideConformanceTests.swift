import Foundation
import Testing
@testable import EventLog
@testable import PostgresStore
import TestSupport
import WorkstreamKit

/// The read side through both stores: on random dependency graphs with random work done on
/// them, every question the front ends ask (status, ready, stale leases, show, history) is
/// answered as a slow reference answers it: a replay of the whole log folded to summaries.
/// Both stores equal the same reference, so they equal each other.
@Suite struct ReadSideConformanceTests {
    static func at(_ minutes: Int) -> String { Timestamp.adding(minutes: minutes, to: "2026-11-21T10:00:00.000Z") ?? "" }

    @Test(arguments: StoreKind.allCases)
    func readQuestionsAnswerAsAReplayDoesOnRandomGraphs(kind: StoreKind) throws {
        var seen = (ready: 0, stale: 0, held: 0, dependents: 0)
        for seed in UInt64(1)...6 {
            let f = try StoreFixture(kind)
            let ledger = try f.ledger()
            var random = SeededGenerator(seed: seed)
            let minutes = try Self.randomWork(on: ledger, using: &random)
            try Self.expectAnswersEqualAReplay(ledger, now: Self.at(minutes), seed: seed)
            let summaries = try ledger.summaries()
            // The count the document layout is chosen by, counted by the store.
            #expect(try ledger.workstreamCount() == summaries.count && summaries.count == 12)
            seen.ready += try ledger.ready().count
            seen.stale += try ledger.staleLeases(now: Self.at(minutes)).count
            seen.held += summaries.filter { $0.agent != nil }.count
            seen.dependents += summaries.filter { !$0.dependsOn.isEmpty }.count
        }
        // The graphs must exercise every question, or equal answers would prove little.
        #expect(seen.ready > 0 && seen.stale > 0 && seen.held > seen.stale && seen.dependents > 0, "\(seen)")
    }

    /// Declares a random graph and does random work on it; refused commands are part of the game.
    /// Returns the minute the work ended at.
    static func randomWork(on ledger: Ledger, using random: inout SeededGenerator) throws -> Int {
        let ids = (1...12).map { "W\($0)" }
        for (i, id) in ids.enumerated() {
            let earlier = ids[..<i].filter { _ in Int.random(in: 0..<4, using: &random) == 0 }
            _ = try ledger.execute(.declare(Declaration(id: id, title: "Work \(id)", dependsOn: Array(earlier))), actor: "pm", time: at(0))
        }
        var minute = 1
        for _ in 0..<40 {
            minute += Int.random(in: 0...20, using: &random)
            let id = ids[Int.random(in: 0..<ids.count, using: &random)]
            let agent = ["alice", "bob", "carol"][Int.random(in: 0..<3, using: &random)]
            let command: Command
            switch Int.random(in: 0..<8, using: &random) {
            case 0, 1: command = .start(id: id, agent: agent, leaseMinutes: [nil, 30, 90][Int.random(in: 0..<3, using: &random)])
            case 2, 3: command = .complete(id: id, agent: agent, summary: nil, next: [], force: false, reason: nil)
            case 4: command = .block(id: id, reason: "waiting on \(agent)")
            case 5: command = .unblock(id: id)
            case 6: command = .log(id: id, message: "note by \(agent)", kind: .note, hours: 1)
            default: command = .addDependency(id: id, dependsOn: ids[Int.random(in: 0..<ids.count, using: &random)])
            }
            _ = try? ledger.execute(command, actor: agent, time: at(minute))
        }
        return minute
    }

    static func expectAnswersEqualAReplay(_ ledger: Ledger, now: String, seed: UInt64) throws {
        let (state, devlog) = try ledger.replay()
        let summaries = state.summaries
        let staleNow = summaries.compactMap { s -> WorkstreamSummary? in
            var s = s
            s.markStale(now: now)
            return s.isStale ? s : nil
        }
        #expect(try ledger.summaries() == summaries, "seed \(seed)")
        #expect(try ledger.ready() == summaries.filter { $0.status == .ready }, "seed \(seed)")
        #expect(try ledger.staleLeases(now: now) == staleNow, "seed \(seed)")
        let history = try ledger.history()
        for w in state.ordered {
            let detail = try ledger.detail(w.id)
            #expect(detail.workstream == w, "seed \(seed) \(w.id)")
            #expect(detail.summary == state.summary(of: w.id), "seed \(seed) \(w.id)")
            #expect(detail.dependencies == w.dependsOn.compactMap { state.summary(of: $0) }, "seed \(seed) \(w.id)")
            #expect(detail.dependents == state.dependents(of: w.id).compactMap { state.summary(of: $0) }, "seed \(seed) \(w.id)")
            #expect(detail.devlog == devlog.filter { $0.workstream == w.id }, "seed \(seed) \(w.id)")
            #expect(try ledger.history(stream: w.id) == history.filter { $0.stream == w.id }, "seed \(seed) \(w.id)")
            #expect(try ledger.exists(w.id))
        }
        #expect(try !ledger.exists("W99"))
        #expect(try ledger.sequence(atOrBefore: now) == history.last?.seq)
    }
}

/// A shared log made by an older ws (schema 2: workstreams as documents only) gains the query columns when
/// this ws opens it, filled from the log, so its read questions answer as before the upgrade.
@Suite struct PostgresReadModelUpgradeTests {
    @Test func aSchema2LogUpgradesAndAnswersAsAReplay() throws {
        let f = try StoreFixture(.postgres)
        var random = SeededGenerator(seed: 7)
        let minutes = try ReadSideConformanceTests.randomWork(on: try f.ledger(), using: &random)
        // Back to schema 2's tables, as the previous release left them.
        try f.executeRaw("""
            DROP INDEX workstreams_ready; DROP INDEX workstreams_leased;
            DROP TRIGGER events_writer_schema ON events; DROP FUNCTION ws_events_writer_schema();
            ALTER TABLE workstreams DROP COLUMN title, DROP COLUMN phase, DROP COLUMN owner, DROP COLUMN estimate,
                DROP COLUMN agent, DROP COLUMN blocked_reason, DROP COLUMN conflict, DROP COLUMN lifecycle, DROP COLUMN tasks_done,
                DROP COLUMN tasks_total, DROP COLUMN open_deps, DROP COLUMN lease_minutes, DROP COLUMN lease_renewed_at;
            UPDATE ws_schema SET version = 2
            """)
        let upgraded = try f.ledger()
        #expect(try upgraded.verify().ok)
        try ReadSideConformanceTests.expectAnswersEqualAReplay(upgraded, now: ReadSideConformanceTests.at(minutes), seed: 7)
        #expect(try !upgraded.ready().isEmpty)
    }

    /// A schema-3 log (dependencies only in their table, documents in the row) gains the dependency column
    /// when this ws opens it, filled by the replay: listings answer as a replay, and a schema-3 writer is refused.
    @Test func aSchema3LogUpgradesAndAnswersAsAReplay() throws {
        let f = try StoreFixture(.postgres)
        var random = SeededGenerator(seed: 11)
        let minutes = try ReadSideConformanceTests.randomWork(on: try f.ledger(), using: &random)
        try f.executeRaw("""
            ALTER TABLE workstreams DROP COLUMN depends_on, RESET (toast_tuple_target);
            UPDATE ws_schema SET version = 3
            """)
        let upgraded = try f.ledger()
        #expect(try upgraded.verify().ok)
        let now = ReadSideConformanceTests.at(minutes)
        try ReadSideConformanceTests.expectAnswersEqualAReplay(upgraded, now: now, seed: 11)
        #expect(try upgraded.summaries().contains { !$0.dependsOn.isEmpty })
        let refused = #expect(throws: (any Error).self) {
            try f.executeRaw("BEGIN; SELECT set_config('ws.writer_schema', '3', true); "
                             + "INSERT INTO events (seq, event_id, stream_id, stream_version, type, schema_version, "
                             + "payload, actor, time, prev_hash, hash, clock, origin) SELECT seq + 1, 'old', stream_id, "
                             + "stream_version + 1, type, schema_version, payload, actor, time, hash, 'x', clock + 1, 'here' "
                             + "FROM events "
                             + "ORDER BY seq DESC LIMIT 1; COMMIT")
        }
        #expect(String(reflecting: refused).contains("upgraded to schema \(PostgresSchema.version)"), "\(String(reflecting: refused))")
    }

    /// A release that knows only schema 2, still running while another upgrades the log, appends without the
    /// query columns: its insert is refused, and the log and its answers stay as they were.
    @Test func anOlderWriterCannotAppendToAnUpgradedLog() throws {
        let f = try StoreFixture(.postgres)
        let ledger = try f.ledger()
        _ = try ledger.execute(.declare(Declaration(id: "W1", title: "Work W1", dependsOn: [])), actor: "pm",
                               time: ReadSideConformanceTests.at(0))
        let before = try ledger.history()
        // What schema 2's writer did: insert a row (no writer schema named in its transaction).
        let refused = #expect(throws: (any Error).self) {
            try f.executeRaw("""
                INSERT INTO events (seq, event_id, stream_id, stream_version, type, schema_version, payload, actor, time,
                    prev_hash, hash, clock, origin)
                SELECT seq + 1, 'old-writer', stream_id, stream_version + 1, 'WorkstreamStarted', 1,
                    '{"agent":"old"}', 'old', time, hash, 'x', clock + 1, 'here' FROM events ORDER BY seq DESC LIMIT 1
                """)
        }
        #expect(String(reflecting: refused).contains("upgraded to schema \(PostgresSchema.version)"), "\(String(reflecting: refused))")
        #expect(try ledger.history() == before)
        #expect(try ledger.verify().ok)
        #expect(try ledger.ready().map(\.id) == ["W1"])
    }
}
