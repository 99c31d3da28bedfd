import Foundation
import Testing
@testable import EventLog
import WorkstreamKit

/// Leases and checks through both stores: the same commands give the same read models,
/// the same stale holds at a given time, a take-over race with one winner, and a clean verify.
@Suite struct LeaseConformanceTests {
    static func at(_ minutes: Int) -> String { Timestamp.adding(minutes: minutes, to: "2026-11-21T10:00:00.000Z") ?? "" }

    @Test(arguments: StoreKind.allCases)
    func leasesAndChecksReadBackAlikeAndStaleHoldsAreListed(kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        let ledger = try f.ledger()
        _ = try ledger.execute(.declare(Declaration(id: "A1", title: "Infrastructure")), actor: "pm", time: Self.at(0))
        _ = try ledger.execute(.declare(Declaration(id: "B1", title: "Billing")), actor: "pm", time: Self.at(0))
        _ = try ledger.execute(.addCheck(id: "A1", name: "db answers", run: "psql -c 'select 1'"), actor: "pm", time: Self.at(0))
        _ = try ledger.execute(.start(id: "A1", agent: "alice", leaseMinutes: 60), actor: "alice", time: Self.at(1))
        _ = try ledger.execute(.start(id: "B1", agent: "bob", leaseMinutes: 60), actor: "bob", time: Self.at(1))
        _ = try ledger.execute(.recordCheck(id: "A1", .init(name: "db answers", run: "psql -c 'select 1'", exitCode: 0, durationMs: 12,
                                                            output: "1 row", timedOut: false)), actor: "alice", time: Self.at(30))
        let a1 = try ledger.detail("A1")
        #expect(a1.workstream.checks.first?.last?.exitCode == 0)
        #expect(a1.summary.leaseExpiresAt == Self.at(90))
        #expect(try ledger.staleLeases(now: Self.at(80)).map(\.id) == ["B1"])
        #expect(try ledger.staleLeases(now: Self.at(95)).map(\.id) == ["A1", "B1"])
        #expect(try ledger.staleLeases(now: Self.at(95)).allSatisfy { $0.lease?.stale == true })
        #expect(try ledger.summaries().first { $0.id == "A1" }?.lease?.holder == "alice")
        #expect(try ledger.verify().ok)
        #expect(try ledger.rebuild() == 6)
        #expect(try ledger.detail("A1").workstream == a1.workstream)
    }

    @Test(arguments: StoreKind.allCases)
    func aRaceToTakeOverIsWonOnce(kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        _ = try f.ledger().execute(.declare(Declaration(id: "A1", title: "Infrastructure")), actor: "pm", time: Self.at(0))
        _ = try f.ledger().execute(.start(id: "A1", agent: "alice", leaseMinutes: 60), actor: "alice", time: Self.at(0))
        let ledgers = Shared(try (0..<8).map { _ in try f.ledger() })
        let outcomes = ErrorLog()
        let errors = ErrorLog()
        DispatchQueue.concurrentPerform(iterations: ledgers.value.count) { i in
            do {
                _ = try ledgers.value[i].execute(.takeOver(id: "A1", agent: "agent-\(i)", leaseMinutes: 60, force: false, reason: nil),
                                                 actor: "agent-\(i)", time: Self.at(61))
                outcomes.add("won")
            } catch let r as Refusal {
                outcomes.add(r.description.contains("held by agent-") ? "refused" : "other refusal: \(r)")
            } catch { errors.add("\(error)") }
        }
        #expect(errors.all.isEmpty, "\(errors.all)")
        #expect(outcomes.all.filter { $0 == "won" }.count == 1)
        #expect(outcomes.all.filter { $0 == "refused" }.count == 7, "\(outcomes.all)")
        #expect(try f.ledger().verify().ok)
    }
}
