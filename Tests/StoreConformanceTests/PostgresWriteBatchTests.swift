import Foundation
import Testing
@testable import EventLog
@testable import PostgresStore
import WorkstreamKit

/// The writes of an append go to PostgreSQL as one statement (`PostgresWriteBatch`): the statement is
/// built right, never changes one row twice, and a batch of any size stores every row.
@Suite struct PostgresWriteBatchTests {
    @Test func parametersAreNumberedAfterTheStatementsBeforeThem() {
        let sql = "INSERT INTO t (a, b) VALUES ($1, $2) ON CONFLICT (a) DO UPDATE SET b = $2 WHERE t.c = $10"
        #expect(PostgresWriteBatch.renumbered(sql, after: 3)
                == "INSERT INTO t (a, b) VALUES ($4, $5) ON CONFLICT (a) DO UPDATE SET b = $5 WHERE t.c = $13")
        #expect(PostgresWriteBatch.renumbered("SELECT $1", after: 0) == "SELECT $1")
        #expect(PostgresWriteBatch.renumbered("SELECT $1", after: 2) == "SELECT $3")
    }

    @Test func heldWritesBecomeOneStatementWithEveryParameter() throws {
        var batch = PostgresWriteBatch()
        batch.add("INSERT INTO a (x) VALUES ($1)", ["one"], row: "a 1")
        batch.add("INSERT INTO b (x, y) VALUES ($1, $2)", ["two", Int64(2)], row: "b 2")
        batch.add("DELETE FROM c WHERE x = $1", ["three"], row: "c 3")
        #expect(!batch.accepts(row: "b 2"), "a row already written waits for the next statement")
        #expect(batch.accepts(row: "b 3"))
        let held = batch.take()
        let taken = try #require(held)
        #expect(taken.sql == """
            WITH w1 AS (INSERT INTO a (x) VALUES ($1)),
            w2 AS (INSERT INTO b (x, y) VALUES ($2, $3))
            DELETE FROM c WHERE x = $4
            """)
        #expect(taken.arguments.count == 4)
        #expect(batch.isEmpty)
    }

    @Test func oneStatementAloneIsSentAsItIs() {
        var batch = PostgresWriteBatch()
        batch.add("INSERT INTO a (x) VALUES ($1)", ["one"], row: "a 1")
        let held = batch.take()
        #expect(held?.sql == "INSERT INTO a (x) VALUES ($1)")
        #expect(held?.arguments.count == 1)
    }

    @Test func aBatchLargerThanOneStatementStoresEveryEventInOrder() throws {
        let fixture = try StoreFixture(.postgres)
        let store = try fixture.store()
        let count = PostgresWriteBatch.maximumStatements * 2 + 5
        let events = (1...count).map { note("e\($0)", message: "entry \($0)") }
        _ = try store.append(events, expecting: ["A1": .exactly(0)])
        let stored = try store.events(after: 0, limit: nil)
        #expect(stored.map(\.seq) == (1...Int64(count)).map { $0 })
        #expect(stored.map(\.eventId) == events.map(\.eventId))
        #expect(try store.head().seq == Int64(count))
    }

    @Test func aRowWrittenTwiceInOneTransactionKeepsTheLastValue() throws {
        let fixture = try StoreFixture(.postgres)
        let store = try PostgresEventStore(url: try #require(fixture.postgresURL))
        defer { store.close() }
        let clone = PostgresClone(store: store, clone: "test")
        try clone.writeRows { rows in
            try rows.setMeta("key", "first")
            try rows.setMeta("other", "kept")
            try rows.setMeta("key", "second")
        }
        #expect(try clone.readRows { try $0.meta("key") } == "second")
        #expect(try clone.readRows { try $0.meta("other") } == "kept")
    }
}
