import Foundation
import Testing
@testable import EventLog
@testable import PostgresStore
import WorkstreamKit

/// The idle connections a server keeps (`PostgresStorePool`): a connection comes back only open and between
/// statements, is handed out once, and one the server closed while it waited is dropped instead of failing the
/// next call.
@Suite struct PostgresStorePoolTests {
    @Test func aConnectionIsReusedOnlyOpenAndIdle() throws {
        let f = try StoreFixture(.postgres)
        let url = try #require(f.postgresURL)
        // A pool of its own: the process's (`shared`) stays off for every other test.
        let pool = PostgresStorePool(enabled: true)
        let store = try PostgresEventStore(url: url)
        pool.give(store)
        let again = try #require(pool.take(url))
        #expect(again === store)
        #expect(pool.take(url) == nil, "handed out once")

        // Between the statements of an append (a write held back), it is not kept.
        again.session.send("SELECT 1", [], row: "test")
        pool.give(again)
        #expect(pool.take(url) == nil)
        again.session.batch = PostgresWriteBatch()

        // Closed by the server while it waited: dropped, and the next call connects anew.
        let pid = try #require(try again.session.value("SELECT pg_backend_pid()", as: Int32.self))
        pool.give(again)
        try f.executeRaw("SELECT pg_terminate_backend(\(pid))")
        for _ in 0..<100 where !again.session.connectionIsClosed { usleep(50_000) }
        #expect(again.session.connectionIsClosed)
        #expect(pool.take(url) == nil)
        let fresh = try PostgresEventStore(url: url)
        #expect(try fresh.head().seq == 0)
    }
}
