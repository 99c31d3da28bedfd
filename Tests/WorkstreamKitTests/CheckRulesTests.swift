import Testing
@testable import WorkstreamKit

/// The rules of checks, with no store and no process: results arrive as commands, as the CLI records them.
@Suite struct CheckRulesTests {
    func fold(_ commands: [Command], into start: WorkspaceState = WorkspaceState()) throws -> WorkspaceState {
        var s = start
        var seq = Int64(100 * s.workstreams.count)
        for c in commands {
            for p in try Decider.decide(c, state: s, now: "2026-11-21T10:00:00.000Z") {
                seq += 1
                s.evolve(EventEnvelope(seq: seq, stream: p.stream, version: (s[p.stream]?.version ?? 0) + 1, actor: "alice",
                                       time: "2026-11-21T10:00:00.000Z", event: p.event))
            }
        }
        return s
    }

    static let dbCheck = WorkstreamEvent.CheckDeclared(name: "db answers", run: "psql -c 'select 1'")
    static func ran(_ exit: Int, run: String = dbCheck.run) -> WorkstreamEvent.CheckRan {
        .init(name: "db answers", run: run, exitCode: exit, durationMs: 20, output: exit == 0 ? "1 row" : "connection refused", timedOut: false)
    }

    func planned() throws -> WorkspaceState {
        var d = Declaration(id: "A1", title: "Database")
        d.checks = [Self.dbCheck]
        return try fold([.applyPlan(Plan(workstreams: [d])), .start(id: "A1", agent: "alice", leaseMinutes: 60)])
    }

    @Test func completionWaitsForEveryCheckToPass() throws {
        var s = try planned()
        let complete = Command.complete(id: "A1", agent: "alice", summary: nil, next: [], force: false, reason: nil)
        #expect(throws: Refusal.checksFailed(id: "A1", failed: [Check(name: "db answers", run: Self.dbCheck.run)])) { try Decider.decide(complete, state: s) }
        s = try fold([.recordCheck(id: "A1", Self.ran(2))], into: s)
        do {
            _ = try Decider.decide(complete, state: s)
            Issue.record("a failing check let the completion through")
        } catch let r {
            #expect(r.exitCode == 3)
            #expect(r.description.contains("db answers: failed (exit 2") && r.description.contains("| connection refused"), "\(r.description)")
        }
        s = try fold([.recordCheck(id: "A1", Self.ran(0))], into: s)
        #expect(try Decider.decide(complete, state: s).count == 1)
    }

    @Test func aForcedCompletionRecordsTheChecksThatDidNotPass() throws {
        let s = try fold([.recordCheck(id: "A1", Self.ran(1))], into: try planned())
        let events = try Decider.decide(.complete(id: "A1", agent: "alice", summary: nil, next: [], force: true, reason: "db migrates tonight"), state: s)
        guard case .completed(let c)? = events.first?.event else { Issue.record("no completion"); return }
        #expect(c.failedChecks == ["db answers"])
    }

    @Test func aNewCommandResetsTheResultAndAnOldCommandsRunIsIgnored() throws {
        var s = try fold([.recordCheck(id: "A1", Self.ran(0))], into: try planned())
        #expect(s["A1"]?.checks.first?.passed == true)
        s = try fold([.addCheck(id: "A1", name: "db answers", run: "psql -c 'select 2'")], into: s)
        #expect(s["A1"]?.checks.first?.last == nil)
        // A run of the old command (from a clone that had not seen the change) is not this check's result.
        s.evolve(EventEnvelope(seq: 999, stream: "A1", version: 9, actor: "bob", time: "2026-11-21T10:05:00.000Z", event: .checkRan(Self.ran(0))))
        #expect(s["A1"]?.checks.first?.last == nil)
        // The same plan again adds nothing; a plan with the old command puts it back.
        var d = Declaration(id: "A1", title: "Database")
        d.checks = [.init(name: "db answers", run: "psql -c 'select 2'")]
        #expect(try Decider.decide(.applyPlan(Plan(workstreams: [d])), state: s).isEmpty)
        d.checks = [Self.dbCheck]
        #expect(try Decider.decide(.applyPlan(Plan(workstreams: [d])), state: s).map(\.event) == [.checkDeclared(Self.dbCheck)])
    }

    @Test func badChecksAreRefused() throws {
        let s = try planned()
        #expect(throws: Refusal.self) { try Decider.decide(.addCheck(id: "A1", name: "two\nlines", run: "true"), state: s) }
        #expect(throws: Refusal.self) { try Decider.decide(.addCheck(id: "A1", name: "empty command", run: "  "), state: s) }
        #expect(throws: Refusal.unknownCheck(workstream: "A1", check: "nope")) {
            try Decider.decide(.recordCheck(id: "A1", .init(name: "nope", run: "true", exitCode: 0, durationMs: 1, output: "", timedOut: false)), state: s)
        }
        #expect(throws: Refusal.self) {
            try Decider.decide(.recordCheck(id: "A1", .init(name: "db answers", run: Self.dbCheck.run, exitCode: 0, durationMs: 1,
                                                             output: "escape \u{1b}[31m", timedOut: false)), state: s)
        }
        let e = WorkstreamEvent.checkRan(Self.ran(2))
        #expect(try EventCodec.decode(type: EventCodec.typeName(of: e), schemaVersion: 1, payload: EventCodec.encodePayload(e)) == e)
    }
}
