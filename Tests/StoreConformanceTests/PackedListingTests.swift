import Foundation
import Testing
@testable import EventLog
@testable import PostgresStore
import TestSupport
import WorkstreamKit

/// Schema 5's packed listing rows (`PostgresSchema.version5`, read by `PackedListing`): whatever the text in a
/// workstream (the packing's own separators, multi-byte and combining UTF-8) and whatever its numbers,
/// the listings answer as a replay of the log does, also after a schema-4 log is upgraded.
@Suite struct PackedListingTests {
    static let agent = "zoë:1;-"
    static let awkward = ["3:x", "-", "12;", "-;-:", "é€😀 «quoted» \"q\" \\ back", "e\u{301} \u{200B}mixed ∑", ":", "0"]

    /// Workstreams whose every text column holds something the packing could misread.
    static func declareAwkward(on ledger: Ledger) throws {
        for (i, text) in awkward.enumerated() {
            let id = "W\(i + 1)"
            let estimate: Double? = [nil, 0.1, 1e-7, 999_999.875, 2.5, 1e-300, 0, 1 / 3][i]
            _ = try ledger.execute(.declare(Declaration(id: id, title: text, phase: i % 2 == 0 ? text : nil,
                                                        owner: i % 3 == 0 ? nil : text, estimate: estimate,
                                                        dependsOn: (0..<i).filter { $0 % 2 == 1 }.map { "W\($0)" })),
                                   actor: "pm", time: ReadSideConformanceTests.at(0))
        }
        _ = try ledger.execute(.start(id: "W1", agent: Self.agent, leaseMinutes: 30), actor: "pm",
                               time: ReadSideConformanceTests.at(1))
        _ = try ledger.execute(.block(id: "W2", reason: awkward[3]), actor: "pm", time: ReadSideConformanceTests.at(2))
        _ = try ledger.execute(.complete(id: "W3", agent: "zed", summary: nil, next: [], force: true, reason: awkward[5]),
                               actor: "zed", time: ReadSideConformanceTests.at(3))
    }

    @Test func awkwardTextAndNumbersListAsAReplayDoes() throws {
        let f = try StoreFixture(.postgres)
        let ledger = try f.ledger()
        try Self.declareAwkward(on: ledger)
        let summaries = try ledger.replay().state.summaries
        #expect(summaries.count == Self.awkward.count)
        #expect(try ledger.summaries() == summaries)
        #expect(try ledger.ready() == summaries.filter { $0.status == .ready })
        #expect(try ledger.summaries(of: ["W5", "W1", "W99"]) == ["W5", "W1"].compactMap { id in
            summaries.first { $0.id == id }
        })
        try ReadSideConformanceTests.expectAnswersEqualAReplay(ledger, now: ReadSideConformanceTests.at(90), seed: 0)
    }

    /// A schema-4 log (no listing column) gains it when this ws opens it: listings answer as a replay.
    @Test func aSchema4LogUpgradesAndListsAsAReplay() throws {
        let f = try StoreFixture(.postgres)
        try Self.declareAwkward(on: try f.ledger())
        try f.executeRaw("""
            ALTER TABLE workstreams DROP COLUMN listing; DROP FUNCTION ws_listing_row;
            UPDATE ws_schema SET version = 4
            """)
        let upgraded = try f.ledger()
        #expect(try upgraded.verify().ok)
        try ReadSideConformanceTests.expectAnswersEqualAReplay(upgraded, now: ReadSideConformanceTests.at(90), seed: 0)
        #expect(try upgraded.summaries().contains {
            $0.title == Self.awkward[0] && $0.agent == Self.agent && $0.lease != nil
        })
    }

    /// An import or a rebuild leaves the planner's figures current (`PostgresClone.refreshPlannerStatistics`):
    /// before, the first listings after an import planned from no statistics at all (`reltuples` -1) over a heap
    /// of dead rows. Workstreams declared one command at a time leave the figures to autovacuum (-1 here).
    @Test func anImportAndARebuildLeaveThePlannersFiguresCurrent() throws {
        let declared = try StoreFixture(.postgres)
        let ledger = try declared.ledger()
        try Self.declareAwkward(on: ledger)
        #expect(try Self.plannedRows(declared) == -1)
        try ledger.rebuild()
        #expect(try Self.plannedRows(declared) == Int64(Self.awkward.count))

        let exported = try declared.store().events(after: 0, limit: nil)
        let imported = try StoreFixture(.postgres)
        #expect(try imported.ledger().importEvents(exported).imported == exported.count)
        #expect(try Self.plannedRows(imported) == Int64(Self.awkward.count))
    }

    /// What the planner believes `workstreams` holds (-1: never vacuumed or analyzed).
    static func plannedRows(_ f: StoreFixture) throws -> Int64 {
        let session = try PostgresSession(url: try #require(f.postgresURL))
        defer { session.close() }
        return try #require(try session.value("SELECT reltuples::bigint FROM pg_class WHERE relname = 'workstreams'",
                                              as: Int64.self))
    }

    /// Bytes the packing cannot have written are an error, never a half-read listing.
    @Test(arguments: ["2:W1", "2:W1x", "9:W1", "2:W15:Title-----", "2:W1:", "2:W15:Title------4:open1;"])
    func truncatedOrMalformedPackingIsRefused(packed: String) throws {
        #expect(throws: PackedListing.Malformed.self) {
            _ = try PackedListing.summaries(packed)
        }
    }
}
