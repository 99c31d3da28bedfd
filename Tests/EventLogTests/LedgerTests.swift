import Foundation
import Testing
@testable import EventLog
import WorkstreamKit

@Suite struct LedgerTests {
    let ledger: Ledger
    init() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ws-ledger-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        ledger = Ledger(store: try SQLiteEventStore(path: dir.appendingPathComponent("log.sqlite").path, create: true))
    }

    func run(_ c: Command, at time: String = "2026-11-21T10:00:00.000Z") throws -> CommandOutcome {
        try ledger.execute(c, actor: "tester", time: time)
    }

    @Test func readModelsMatchAReplayAfterEveryKindOfEvent() throws {
        _ = try run(.declare(Declaration(id: "A1", title: "Infra", phase: "P0", owner: "ops", estimate: 8,
                                         brief: "### 1. Net\n- [ ] VPC\n- [x] Subnet\n")))
        _ = try run(.declare(Declaration(id: "A2", title: "Backend", dependsOn: ["A1"])))
        // Started by the actor of every command here: fencing refuses the work of A1 to anyone but its holder.
        _ = try run(.start(id: "A1", agent: "tester"))
        _ = try run(.log(id: "A1", message: "VPC up", kind: .decision, hours: 1.5))
        _ = try run(.recordArtifact(id: "A1", name: "HOST", value: "10.0.0.5", secret: false, fingerprint: nil))
        _ = try run(.recordArtifact(id: "A1", name: "PW", value: nil, secret: true, fingerprint: "hmac-sha256:00000000000000aa"))
        _ = try run(.completeTask(id: "A1", taskId: "1.1"))
        _ = try run(.block(id: "A2", reason: "budget"))
        _ = try run(.unblock(id: "A2"))
        _ = try run(.complete(id: "A1", agent: "tester", summary: "done", next: ["migrate"], force: false, reason: nil))
        _ = try run(.applyPlan(Plan(workstreams: [Declaration(id: "A2", title: "Backend API", dependsOn: []),
                                                  Declaration(id: "A3", title: "Frontend", dependsOn: ["A2"])])))
        let report = try ledger.verify()
        #expect(report.ok, "\(report.problems)")
        let replayed = try ledger.replay().state
        #expect(replayed.summaries == (try ledger.summaries()))
        #expect(try ledger.summaries().map(\.status) == [.completed, .ready, .planned])
        #expect(try ledger.detail("A1").devlog.map(\.message) == ["VPC up"])
        #expect(replayed["A1"]?.hoursLogged == 1.5)
    }

    @Test func aRefusedCommandRecordsNothing() throws {
        _ = try run(.declare(Declaration(id: "A1", title: "Infra")))
        _ = try run(.declare(Declaration(id: "A2", title: "Backend", dependsOn: ["A1"])))
        let head = try ledger.head()
        #expect(throws: Refusal.self) { try run(.start(id: "A2", agent: "bob")) }
        #expect(throws: Refusal.cycle(["A1", "A2", "A1"])) { try run(.addDependency(id: "A1", dependsOn: "A2")) }
        #expect(try ledger.head() == head)
    }

    @Test func rebuildReproducesTheReadModels() throws {
        _ = try run(.declare(Declaration(id: "A1", title: "Infra", brief: "- [ ] one\n- [ ] two\n")))
        _ = try run(.completeTask(id: "A1", taskId: "2"))
        let before = try ledger.detail("A1").workstream
        try ledger.rebuild()
        #expect(try ledger.detail("A1").workstream == before)
        #expect(try ledger.verify().ok)
    }
}
