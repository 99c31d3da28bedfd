import Foundation
import Testing
@testable import EventLog
import WorkstreamKit

/// What every store promises (DESIGN.md, "The event log"), checked against
/// SQLite and against a real PostgreSQL server by the same tests.
@Suite struct ConformanceTests {
    @Test(arguments: StoreKind.allCases)
    func aStaleExpectedVersionIsAConflict(kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        let s = try f.store()
        _ = try s.append([note("e-1")], expecting: ["A1": .exactly(0)])
        #expect(throws: EventStoreError.versionConflict(stream: "A1", expected: 0, actual: 1)) {
            try s.append([note("e-2")], expecting: ["A1": .exactly(0)])
        }
        #expect(try s.append([note("e-2")], expecting: ["A1": .exactly(1)]).map(\.version) == [2])
        #expect(try s.events(after: 0, limit: nil).map(\.eventId) == ["e-1", "e-2"])
    }

    @Test(arguments: StoreKind.allCases)
    func anEventIdIsStoredOnceAlsoAfterARestart(kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        let first = try f.store().append([note("e-1"), note("e-2", stream: "B1")], expecting: [:])
        // A new connection, as a process retrying after a restart would have.
        let again = try f.store()
        #expect(try again.append([note("e-1"), note("e-2", stream: "B1")], expecting: [:]) == first)
        #expect(try again.events(after: 0, limit: nil).count == 2)
        #expect(throws: EventStoreError.eventIdReused("e-1")) { try again.append([note("e-1", message: "other")], expecting: [:]) }
        #expect(try again.events(after: 0, limit: nil).count == 2)
    }

    @Test(arguments: StoreKind.allCases)
    func aBatchIsAllOrNothing(kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        let s = try f.store()
        _ = try s.append([note("e-1")], expecting: [:])
        // The second stream is stale, so no event of the batch may land.
        #expect(throws: EventStoreError.versionConflict(stream: "A1", expected: 0, actual: 1)) {
            try s.append([note("e-2", stream: "B1"), note("e-3")], expecting: ["B1": .exactly(0), "A1": .exactly(0)])
        }
        // A batch that partly repeats a stored id is refused whole.
        #expect(throws: EventStoreError.self) { try s.append([note("e-1"), note("e-4")], expecting: [:]) }
        #expect(try s.events(after: 0, limit: nil).map(\.eventId) == ["e-1"])
        #expect(try s.head().seq == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func sequencesAreGapFreeAndHashesChain(kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        let s = try f.store()
        for i in 1...20 { _ = try s.append([note("e-\(i)", stream: i % 2 == 0 ? "A1" : "B1")], expecting: [:]) }
        let all = try s.events(after: 0, limit: nil)
        #expect(all.map(\.seq) == Array(1...20))
        #expect(all[0].prevHash == HashChain.genesis)
        for (a, b) in zip(all, all.dropFirst()) { #expect(b.prevHash == a.hash) }
        #expect(all.allSatisfy { HashChain.hash(of: $0) == $0.hash })
        #expect(try s.head().hash == all.last?.hash)
        #expect(try s.events(after: 15, limit: 3).map(\.seq) == [16, 17, 18])
    }

    @Test(arguments: StoreKind.allCases)
    func theStoreItselfRefusesUpdatesAndDeletes(kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        _ = try f.store().append([note("e-1")], expecting: [:])
        for sql in ["UPDATE events SET actor = 'x'", "DELETE FROM events"] {
            #expect { try f.executeRaw(sql) } throws: { "\($0)".contains("append-only") }
        }
        if kind == .postgres {
            #expect { try f.executeRaw("TRUNCATE events") } throws: { "\($0)".contains("append-only") }
        }
        #expect(try f.store().events(after: 0, limit: nil).first?.actor == "tester")
    }

    @Test(arguments: StoreKind.allCases)
    func verifyPassesOnASoundLogAndNamesTheFirstEditedEvent(kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        let ledger = try f.ledger()
        let t = "2026-11-21T10:00:00.000Z"
        _ = try ledger.execute(.declare(Declaration(id: "A1", title: "Infrastructure")), actor: "pm", time: t)
        _ = try ledger.execute(.declare(Declaration(id: "A2", title: "API", dependsOn: ["A1"])), actor: "pm", time: t)
        _ = try ledger.execute(.start(id: "A1", agent: "alice"), actor: "alice", time: t)
        for n in 1...3 { _ = try ledger.execute(.log(id: "A1", message: "entry \(n)", kind: .note, hours: 1), actor: "alice", time: t) }
        let report = try ledger.verify()
        #expect(report.ok, "\(report.problems)")
        #expect(report.events == 7)
        #expect(try ledger.summaries().map(\.status) == [.inProgress, .planned])
        #expect(try ledger.detail("A1").devlog.count == 3)
        #expect(try ledger.detail("A1").dependents.map(\.id) == ["A2"])
        // Someone with direct access switches the guard off and edits event 5 (the first entry).
        switch kind {
        case .sqlite: try f.executeRaw("DROP TRIGGER events_no_update; UPDATE events SET payload = replace(payload, 'entry 1', 'forged') WHERE seq = 5")
        case .postgres: try f.executeRaw("ALTER TABLE events DISABLE TRIGGER events_no_update; UPDATE events SET payload = replace(payload, 'entry 1', 'forged') WHERE seq = 5")
        }
        let tampered = try f.ledger().verify()
        #expect(!tampered.ok)
        #expect(tampered.firstBadSequence == 5)
    }

    @Test(arguments: StoreKind.allCases)
    func aDriftedReadModelIsCaughtAndRebuildRepairsIt(kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        let ledger = try f.ledger()
        _ = try ledger.execute(.declare(Declaration(id: "A1", title: "Infrastructure")), actor: "pm", time: "2026-11-21T10:00:00.000Z")
        switch kind {
        case .sqlite: try f.executeRaw("UPDATE workstreams SET title = 'edited' WHERE id = 'A1'")
        // The document and its query column (schema 3), as an edit of the row would leave them.
        case .postgres:
            try f.executeRaw("UPDATE workstreams SET doc = replace(doc, 'Infrastructure', 'edited'), title = 'edited' WHERE id = 'A1'")
        }
        let drifted = try f.ledger()
        #expect(try drifted.summaries().first?.title == "edited")
        #expect(try drifted.verify().problems.contains { $0.contains("read model of A1 differs") })
        #expect(try drifted.rebuild() == 1)
        #expect(try drifted.verify().ok)
        #expect(try drifted.summaries().first?.title == "Infrastructure")
    }

    @Test(arguments: StoreKind.allCases)
    func aRaceToStartIsWonOnceAndTheLoserIsToldWhoHoldsIt(kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        _ = try f.ledger().execute(.declare(Declaration(id: "A1", title: "Infrastructure")), actor: "pm", time: "2026-11-21T10:00:00.000Z")
        let ledgers = Shared(try (0..<8).map { _ in try f.ledger() })
        let outcomes = ErrorLog()
        let errors = ErrorLog()
        DispatchQueue.concurrentPerform(iterations: ledgers.value.count) { i in
            do {
                _ = try ledgers.value[i].execute(.start(id: "A1", agent: "agent-\(i)"), actor: "agent-\(i)", time: "2026-11-21T10:00:01.000Z")
                outcomes.add("won")
            } catch let r as Refusal {
                outcomes.add(r.description.contains("held by") ? "refused" : "other refusal: \(r)")
            } catch { errors.add("\(error)") }
        }
        #expect(errors.all.isEmpty)
        #expect(outcomes.all.filter { $0 == "won" }.count == 1)
        #expect(outcomes.all.filter { $0 == "refused" }.count == 7, "\(outcomes.all)")
        #expect(try f.ledger().verify().ok)
    }
}
