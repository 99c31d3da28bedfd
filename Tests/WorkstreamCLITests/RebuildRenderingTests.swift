import EventLog
import Foundation
import GitStore
import Testing
@testable import Operations

/// `ws rebuild` renders its files from its one replay (journal lines as the ordered scan passes, documents while
/// the rows are written: `RebuildRendering`). The reference is `Publisher.allFiles`, which renders them from the
/// log afterwards (a query per journal): every file must be the same, byte for byte.
@Suite struct RebuildRenderingTests {
    /// The files both ways, from the log of the repository at `dir` (opened in this process).
    func bothWays(_ dir: URL) throws -> (fast: [String: String], reference: [String: String]) {
        let location = try RepositoryLocation.find(from: dir)
        let ledger = Ledger(store: try SQLiteEventStore(path: location.logPath))
        let ws = Workspace(location: location, ledger: ledger, environment: [:],
                           config: try ProjectConfig.load(workTree: location.workTree))
        let rendering = RebuildRendering()
        let (seq, _) = try ledger.rebuildKeepingHistory(observer: rendering.observer)
        let fast = try #require(rendering.files())
        #expect(fast.history.lastSeq == seq)
        let publisher = Publisher(ws: ws)
        let reference = try publisher.allFiles(try publisher.open(), head: try ledger.head(), replayed: nil,
                                               trace: Trace(enabled: false))
        return (fast.files, reference.files)
    }

    func expectSame(_ both: (fast: [String: String], reference: [String: String]),
                    sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(Set(both.fast.keys) == Set(both.reference.keys), sourceLocation: sourceLocation)
        for (path, text) in both.reference where both.fast[path] != text {
            Issue.record("\(path) differs from the reference render", sourceLocation: sourceLocation)
        }
    }

    /// Two clones' events interleaved by clock (their arrival order here is not the total order), with titles
    /// and notes that JSON must escape.
    @Test func interleavedClonesRenderAsTheReferenceDoes() throws {
        let pair = try ClonePair(seed: [["new", "Q", "--title", "Quote \" back\\slash \u{1F680} | pipe"]])
        let (one, two) = (pair.one, pair.two)
        try one.ws("dep", "add", "W", "H").check()
        try two.ws("log", "I", "from two: ünïcode \"quoted\"").check()
        try one.ws("log", "Q", "from one, line\nbreak").check()
        try two.ws("dep", "add", "I", "Q").check()
        try pair.exchange()
        try one.ws("start", "H").check()
        try one.ws("complete", "H").check()
        let both = try bothWays(one.dir)
        #expect(both.reference.keys.contains { $0.hasSuffix("/Q.jsonl") })
        expectSame(both)
    }

    /// Legacy events (UUID ids, before content ids) get the seal, whose lines the scan collects as it passes.
    @Test func aLegacyJournalRendersItsSealAsTheReferenceDoes() throws {
        let fixture = try V2Fixture()
        try fixture.repo.ws("sync").check()
        try fixture.repo.ws("new", "Z9", "--title", "After the seal").check()
        let both = try bothWays(fixture.repo.dir)
        #expect(both.reference[V2Fixture.seal]?.isEmpty == false)
        expectSame(both)
    }
}
