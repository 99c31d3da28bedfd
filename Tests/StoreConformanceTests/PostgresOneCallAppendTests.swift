import Foundation
import Testing
@testable import EventLog
@testable import PostgresStore
import WorkstreamKit

/// Schema 7's append (`PostgresSession.appendTransaction`): the lock taken by the read is the session's and
/// outlives that statement, so these check what a transaction used to guarantee by itself: a second writer
/// waits for the first and decides on its result (no lost update), the lock is released after a success and
/// after a refusal, and any value survives the trip through `ws_append_commit`'s text array.
@Suite struct PostgresOneCallAppendTests {
    static let time = "2026-11-21T10:00:00.000Z"

    /// A writer paused between its read and its write holds the lock: another writer of the same workstream
    /// waits, then reads the first one's event and appends after it.
    @Test func aSecondWriterWaitsAndDecidesOnTheFirstOnesEvent() throws {
        let f = try StoreFixture(.postgres)
        let url = try #require(f.postgresURL)
        _ = try f.ledger().execute(.declare(Declaration(id: "A1", title: "Work")), actor: "pm", time: Self.time)
        let first = Shared(PostgresClone(store: try PostgresEventStore(url: url), clone: "first"))
        defer { first.value.store.close() }
        let (locked, go, firstDone, secondDone) = (DispatchSemaphore(value: 0), DispatchSemaphore(value: 0),
                                                   DispatchSemaphore(value: 0), DispatchSemaphore(value: 0))
        let seen = ErrorLog()
        Thread.detachNewThread {
            do {
                let outcome = try first.value.writeRows(prefetching: ["A1"]) { rows in
                    locked.signal()
                    go.wait()
                    return try LedgerRules.execute(.log(id: "A1", message: "first", kind: .note, hours: nil),
                                                   actor: "one", time: Self.time, eventIds: nil, requestCommit: false,
                                                   in: rows)
                }
                seen.add("first v\(outcome.events.map(\.version))")
            } catch { seen.add("first \(error)") }
            firstDone.signal()
        }
        #expect(locked.wait(timeout: .now() + 30) == .success)
        let second = Shared(try f.ledger())
        Thread.detachNewThread {
            do {
                let outcome = try second.value.execute(.log(id: "A1", message: "second", kind: .note, hours: nil),
                                                       actor: "two", time: Self.time)
                seen.add("second v\(outcome.events.map(\.version))")
            } catch { seen.add("second \(error)") }
            secondDone.signal()
        }
        #expect(secondDone.wait(timeout: .now() + 1) == .timedOut, "the second writer waits for the first's lock")
        go.signal()
        #expect(firstDone.wait(timeout: .now() + 30) == .success)
        #expect(secondDone.wait(timeout: .now() + 30) == .success)
        // The versions say who went first; the threads may record them in either order (the second can return
        // before the first thread runs again, on a loaded machine).
        #expect(seen.all.sorted() == ["first v[2]", "second v[3]"])
        let ledger = try f.ledger()
        #expect(try ledger.verify().ok)
        #expect(try ledger.history(stream: "A1").map(\.version) == [1, 2, 3])
        #expect(try ledger.read { try $0.devlog(of: "A1") }.map(\.message) == ["first", "second"])
    }

    /// A refused command and a write the server refuses both release the lock: the next writer, on another
    /// connection while this one stays open, appends at once.
    @Test func theLockIsReleasedAfterARefusalAndAFailedWrite() throws {
        let f = try StoreFixture(.postgres)
        let url = try #require(f.postgresURL)
        _ = try f.ledger().execute(.declare(Declaration(id: "A1", title: "Work")), actor: "pm", time: Self.time)
        // Both stay open until the end: a lock they kept would hold the next writer until then (and no longer,
        // so a failure here is reported, not a hang).
        let refusing = try PostgresEventStore(url: url)
        defer { refusing.close() }
        #expect(throws: (any Error).self) {
            try Ledger(store: refusing, clone: "r").execute(.log(id: "NOPE", message: "x", kind: .note, hours: nil),
                                                            actor: "pm", time: Self.time)
        }
        try #require(try Self.anotherWriterAppends(url), "after a refusal")
        let clone = PostgresClone(store: try PostgresEventStore(url: url), clone: "c")
        defer { clone.store.close() }
        #expect(throws: (any Error).self) {
            try clone.writeRows(prefetching: ["A1"]) { rows in
                try rows.setMeta("k", "v")
                // A write the server refuses: the events table is append-only.
                (rows as? PostgresRows)?.session.send("UPDATE events SET actor = 'x'", [], row: "events all")
            }
        }
        try #require(try Self.anotherWriterAppends(url), "after a failed write")
        #expect(try clone.readRows { try $0.meta("k") } == nil, "the refused write's transaction left nothing")
    }

    /// Whether a writer on a new connection appends within 30 s (it would wait for a lock left held).
    static func anotherWriterAppends(_ url: PostgresURL) throws -> Bool {
        let store = Shared(try PostgresEventStore(url: url))
        let (done, seen) = (DispatchSemaphore(value: 0), ErrorLog())
        Thread.detachNewThread {
            do {
                _ = try Ledger(store: store.value, clone: "other")
                    .execute(.log(id: "A1", message: "after", kind: .note, hours: nil), actor: "pm", time: time)
                seen.add("appended")
            } catch { seen.add("\(error)") }
            store.value.close()
            done.signal()
        }
        return done.wait(timeout: .now() + 30) == .success && seen.all == ["appended"]
    }

    /// Every kind of value a write binds comes back as it went: texts that look like SQL, parameters or array
    /// syntax, numbers, NULLs and lists.
    @Test func valuesSurviveTheTextArray() throws {
        let f = try StoreFixture(.postgres)
        let ledger = try f.ledger()
        let hostile = "it's $1 {\"a\",b} \\ ,NULL}"
        _ = try ledger.execute(.declare(Declaration(id: "B1", title: hostile)), actor: "pm", time: Self.time)
        _ = try ledger.execute(.declare(Declaration(id: "A1", title: "x", estimate: 0.1, dependsOn: ["B1"])),
                               actor: "pm", time: Self.time)
        _ = try ledger.execute(.log(id: "A1", message: hostile, kind: .note, hours: 1e-5), actor: "pm", time: Self.time)
        #expect(try ledger.verify().ok)
        let entry = try #require(try ledger.read { try $0.devlog(of: "A1") }.last)
        #expect(entry.message == hostile)
        #expect(entry.hours == 1e-5)
        let summaries = try ledger.summaries()
        #expect(summaries.first { $0.id == "B1" }?.title == hostile)
        #expect(summaries.first { $0.id == "A1" }?.dependsOn == ["B1"])
        #expect(summaries.first { $0.id == "A1" }?.estimate == 0.1)
    }

    @Test func aBatchBecomesOneTextArrayWithCasts() throws {
        let taken = try #require(PostgresWriteBatch.asText(
            "INSERT INTO t VALUES ($1, $2, $3, $4, $5)", ["a", Int64(7), nil, 0.5, ["x", "y"]]))
        #expect(taken.sql == "INSERT INTO t VALUES (($1[1]), ($1[2]::bigint), NULL, ($1[3]::double precision), "
                + "(ARRAY[$1[4], $1[5]]::text[]))")
        #expect(taken.values == ["a", "7", "0.5", "x", "y"])
        #expect(PostgresWriteBatch.asText("SELECT $2", ["a"]) == nil, "a parameter without a value")
    }

    /// A schema-6 log gains the two functions when this ws opens it; appends go through them, and a schema-6
    /// writer (`ws_append_begin` naming schema 6) is refused.
    @Test func aSchema6LogUpgrades() throws {
        let f = try StoreFixture(.postgres)
        _ = try f.ledger().execute(.declare(Declaration(id: "A1", title: "Work")), actor: "pm", time: Self.time)
        let url = try #require(f.postgresURL)
        let old = try PostgresSession(url: url)
        defer { old.close() }
        for sql in ["DROP FUNCTION ws_append_lock(text[], text)", "DROP PROCEDURE ws_append_commit(text, text[], text)",
                    PostgresSchema.writerFence(schema: 6), "UPDATE ws_schema SET version = 6"] { try old.query(sql) }
        let ledger = try f.ledger()
        _ = try ledger.execute(.log(id: "A1", message: "after", kind: .note, hours: nil), actor: "pm", time: Self.time)
        #expect(try ledger.verify().ok)
        #expect(try old.value("SELECT version::bigint FROM ws_schema", as: Int64.self) == Int64(PostgresSchema.version))
        let refused = #expect(throws: (any Error).self) {
            try old.transaction(write: true, bodyLocks: true) {
                try old.query("SELECT * FROM ws_append_begin($1, $2, $3)", [["A1"], HashChain.genesis, "6"])
                try old.query("""
                    INSERT INTO events (seq, event_id, stream_id, stream_version, type, schema_version, payload, actor,
                        time, prev_hash, hash, clock, origin)
                    SELECT seq + 1, 'old', stream_id, stream_version + 1, type, schema_version, payload, actor, time,
                        hash, 'x', clock + 1, 'here' FROM events ORDER BY seq DESC LIMIT 1
                    """)
            }
        }
        #expect(String(reflecting: refused).contains("upgraded to schema \(PostgresSchema.version)"),
                "\(String(reflecting: refused))")
    }
}
