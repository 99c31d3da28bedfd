import Foundation
import Testing
@testable import EventLog
@testable import PostgresStore
import WorkstreamKit

/// Writers and readers on their own connections at once: no error, no loss,
/// no gap, and no reader ever sees an event before one that precedes it.
@Suite struct ConcurrentAccessTests {
    @Test(arguments: StoreKind.allCases)
    func concurrentWritersAndReadersSeeOneGapFreeOrder(kind: StoreKind) throws {
        let f = try StoreFixture(kind)
        let writers = 6, perWriter = 40, readers = 3
        let errors = ErrorLog()
        let stores = Shared(try (0..<(writers + readers)).map { _ in try f.store() })
        let done = ErrorLog()
        DispatchQueue.concurrentPerform(iterations: writers + readers) { i in
            if i < writers {
                for n in 0..<perWriter {
                    do { _ = try stores.value[i].append([note("w\(i)-\(n)", stream: "S\(i)")], expecting: [:]) } catch { errors.add("writer \(i): \(error)") }
                }
                done.add("w")
                return
            }
            // A reader follows the log from where it is, as a tail -f would.
            var seen: Int64 = 0
            var reads = 0
            while reads < 10_000 {
                reads += 1
                let finished = done.all.count == writers
                do {
                    let page = try stores.value[i].events(after: seen, limit: nil)
                    for r in page {
                        if r.seq != seen + 1 { errors.add("reader \(i) saw \(r.seq) right after \(seen)") }
                        seen = r.seq
                    }
                } catch { errors.add("reader \(i): \(error)") }
                if finished { break }
            }
            if seen != Int64(writers * perWriter) { errors.add("reader \(i) ended at \(seen)") }
        }
        #expect(errors.all.isEmpty, "\(errors.all.prefix(5))")
        let all = try f.store().events(after: 0, limit: nil)
        #expect(all.map(\.seq) == Array(1...Int64(writers * perWriter)))
        #expect(Set(all.map(\.eventId)).count == writers * perWriter)
        for i in 0..<writers {
            // Each writer's events keep its order, versions 1…n.
            let mine = all.filter { $0.stream == "S\(i)" }
            #expect(mine.map(\.eventId) == (0..<perWriter).map { "w\(i)-\($0)" })
            #expect(mine.map(\.version) == Array(1...Int64(perWriter)))
        }
        var chain = ChainCheck()
        all.forEach { chain.check($0) }
        #expect(chain.problems.isEmpty)
    }

    /// The reason for the advisory lock: while one append is open, the next
    /// waits, so a reader can never see a later sequence number commit first.
    @Test func aPostgresAppendWaitsForTheOpenOneAndReadersNeverSeeAGap() throws {
        let f = try StoreFixture(.postgres)
        _ = try f.store().append([note("e-1")], expecting: [:])
        let slow = try f.openAppend(note("e-2"))
        defer { slow.close() }

        let fast = Shared(try f.store())
        let result = ErrorLog()
        let finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            do { result.add("seq \(try fast.value.append([note("e-3", stream: "B1")], expecting: [:]).first?.seq ?? -1)") } catch { result.add("\(error)") }
            finished.signal()
        }
        // The second append is held back while the first is open.
        #expect(finished.wait(timeout: .now() + 1) == .timedOut)
        let reader = try f.store()
        #expect(try reader.events(after: 0, limit: nil).map(\.seq) == [1])
        try slow.query("COMMIT")
        #expect(finished.wait(timeout: .now() + 30) == .success)
        #expect(result.all == ["seq 3"])
        #expect(try reader.events(after: 0, limit: nil).map(\.eventId) == ["e-1", "e-2", "e-3"])
    }
}
