import Foundation
import Testing
@testable import EventLog
@testable import PostgresStore
import WorkstreamKit

/// Schema 9's append numbered in the server (`ws_append_numbered`): a command that reads only the streams it
/// writes reads without the lock and is numbered and chained in SQL. These check that the rows are those the
/// client would have numbered (`ws verify` recomputes every hash in Swift, the reference), that a writer whose
/// read went stale meanwhile still appends exactly (after another stream's event: at once; after its own
/// stream's: again under the lock), that the values only the server knows reach the read models, and that an
/// append needing more than the one call runs under the lock.
@Suite struct PostgresNumberedAppendTests {
    static let time = "2026-11-21T10:00:00.000Z"

    static func log(_ id: String, _ message: String) -> Command {
        .log(id: id, message: message, kind: .note, hours: nil)
    }

    /// A numbered append, whose body first lets `meanwhile` append (after the unlocked read), counting its runs.
    static func append(_ command: Command, on clone: PostgresClone, requestCommit: Bool = false,
                       meanwhile: () throws -> Void) throws -> (CommandOutcome, runs: Int) {
        var runs = 0
        let outcome = try clone.writeRows(prefetching: command.subjects, numberedInStore: true) { rows in
            runs += 1
            if runs == 1 { try meanwhile() }
            return try LedgerRules.execute(command, actor: "one", time: Self.time, eventIds: nil,
                                           requestCommit: requestCommit, in: rows)
        }
        return (outcome, runs)
    }

    static func declared(_ f: StoreFixture, _ ids: [String]) throws {
        for id in ids {
            _ = try f.ledger().execute(.declare(Declaration(id: id, title: "Work \(id)")), actor: "pm", time: time)
        }
    }

    /// Another writer appends to another stream between the read and the call: the append is numbered after
    /// it, at the same clock (both were one past the clock each read), and the chain and read models hold.
    @Test func aReadThatAnotherStreamOutdatedStillAppendsInOneCall() throws {
        let f = try StoreFixture(.postgres)
        try Self.declared(f, ["A1", "B1"])
        let clone = PostgresClone(store: try PostgresEventStore(url: try #require(f.postgresURL)), clone: "c")
        defer { clone.store.close() }
        let other = try f.ledger()
        let (outcome, runs) = try Self.append(Self.log("A1", "mine, ünïcode ✓"), on: clone, requestCommit: true) {
            _ = try other.execute(Self.log("B1", "theirs"), actor: "two", time: Self.time)
        }
        #expect(runs == 1, "numbered in one call, not run again")
        let theirs = try #require(try other.history(stream: "B1").last)
        let mine = try #require(outcome.events.first)
        #expect(mine.seq == theirs.seq + 1)
        #expect(mine.clock == theirs.clock, "one past the clock both read")
        #expect(mine.clock != mine.seq, "the hash covers a clock that differs from the sequence")
        #expect(mine.prevHash == theirs.hash)
        #expect(HashChain.hash(of: mine) == mine.hash)
        let ledger = try f.ledger()
        #expect(try ledger.verify().ok)
        // As stored (the outcome names the origin "here"; the shared log stores the clone's identity).
        var stored = try #require(try ledger.history(stream: "A1").last)
        #expect(stored.origin == "c")
        stored.origin = mine.origin
        #expect(stored == mine)
        // The values only the server knew: the devlog entry's key and the commit requested.
        #expect(try ledger.read { try $0.devlog(of: "A1") }.map(\.seq) == [mine.seq])
        #expect(try clone.readRows { try $0.meta(Meta.commitRequested) } == String(mine.seq))
    }

    /// Another writer appends to the same stream between the read and the call: the call is refused (the stream
    /// moved), nothing of it is kept, and the append runs again under the lock, deciding on the other's event.
    @Test func aStreamThatMovedRunsAgainUnderTheLock() throws {
        let f = try StoreFixture(.postgres)
        try Self.declared(f, ["A1"])
        let clone = PostgresClone(store: try PostgresEventStore(url: try #require(f.postgresURL)), clone: "c")
        defer { clone.store.close() }
        let other = try f.ledger()
        let (outcome, runs) = try Self.append(Self.log("A1", "mine"), on: clone) {
            _ = try other.execute(Self.log("A1", "theirs"), actor: "two", time: Self.time)
        }
        #expect(runs == 2)
        #expect(outcome.events.map(\.version) == [3])
        let ledger = try f.ledger()
        #expect(try ledger.verify().ok)
        #expect(try ledger.history(stream: "A1").map(\.version) == [1, 2, 3])
        #expect(try ledger.read { try $0.devlog(of: "A1") }.map(\.message) == ["theirs", "mine"])
    }

    /// A body that would send what the one call cannot carry (here a bookkeeping value it does not know to be a
    /// sequence number) writes nothing that way and runs again under the lock.
    @Test func anAppendThatNeedsMoreThanTheCallRunsUnderTheLock() throws {
        let f = try StoreFixture(.postgres)
        try Self.declared(f, ["A1"])
        let clone = PostgresClone(store: try PostgresEventStore(url: try #require(f.postgresURL)), clone: "c")
        defer { clone.store.close() }
        var runs = 0
        let outcome = try clone.writeRows(prefetching: ["A1"], numberedInStore: true) { rows in
            runs += 1
            try rows.setMeta("k", "v\(runs)")
            return try LedgerRules.execute(Self.log("A1", "once"), actor: "one", time: Self.time, eventIds: nil,
                                           requestCommit: false, in: rows)
        }
        #expect(runs == 2)
        #expect(outcome.events.map(\.seq) == [2])
        #expect(try clone.readRows { try $0.meta("k") } == "v2")
        let ledger = try f.ledger()
        #expect(try ledger.verify().ok)
        #expect(try ledger.history(stream: "A1").count == 2, "the first run recorded nothing")
    }

    /// Through `Ledger.execute`, the commands that read only their own stream go this way and the others under
    /// the lock; a log of both, with ids the caller gives retried, verifies and replays to the same read models.
    @Test func everyKindOfAppendKeepsTheLogVerifiable() throws {
        let f = try StoreFixture(.postgres)
        try Self.declared(f, ["A1", "B1"])
        let ledger = try f.ledger()
        _ = try ledger.execute(.addDependency(id: "B1", dependsOn: "A1"), actor: "pm", time: Self.time)
        _ = try ledger.execute(.addTask(id: "A1", text: "first", taskId: nil), actor: "pm", time: Self.time)
        _ = try ledger.execute(.start(id: "A1", agent: "one"), actor: "one", time: Self.time)
        _ = try ledger.execute(.completeTask(id: "A1", taskId: "1"), actor: "one", time: Self.time)
        let given = try ledger.execute(Self.log("A1", "given"), actor: "one", time: Self.time, eventIds: ["given-1"])
        let again = try ledger.execute(Self.log("A1", "given"), actor: "one", time: Self.time, eventIds: ["given-1"])
        #expect(again.events.map(\.seq) == given.events.map(\.seq), "a retried batch comes back as stored")
        _ = try ledger.execute(.complete(id: "A1", agent: "one", summary: nil, next: [], force: false, reason: nil),
                               actor: "one", time: Self.time)
        _ = try ledger.execute(.block(id: "B1", reason: "waiting"), actor: "pm", time: Self.time)
        #expect(try ledger.verify().ok)
        #expect(try ledger.history(stream: "A1").map(\.version) == Array(1...6))
    }
}
