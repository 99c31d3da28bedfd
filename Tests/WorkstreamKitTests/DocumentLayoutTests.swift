import Crypto
import Foundation
import Testing
@testable import WorkstreamKit

/// The large-project layout (`DocumentLayout`): chosen from the count alone, links that resolve from
/// any folder, and an index whose pages hold exactly the rows of the one-file index, each in its folder.
@Suite struct DocumentLayoutTests {
    @Test func aProjectAbove500WorkstreamsIsSharded() {
        #expect(DocumentLayout(workstreamCount: 500) == .flat)
        #expect(DocumentLayout(workstreamCount: 501) == .sharded)
        // SHA-256("W001") begins e2, SHA-256("A1") 16 (computed with Python's hashlib).
        #expect(DocumentLayout.shard("W001") == "e2" && DocumentLayout.shard("A1") == "16")
        #expect(DocumentLayout.flat.workstreamPath(id: "A1", title: "Set up") == "Workstreams/A1-set-up.md")
        #expect(DocumentLayout.sharded.workstreamPath(id: "A1", title: "Set up") == "Workstreams/16/A1-set-up.md")
        #expect(DocumentLayout.sharded.datedPath(folder: "Handoffs", date: "2026-12-05", id: "A1", title: "x")
                == "Handoffs/2026-12/2026-12-05-A1-x.md")
        #expect(DocumentLayout.sharded.journalName("A1") == "16/A1.jsonl")
    }

    /// The reference for the shard's fast path: the first byte of `SHA256.hash(data:)`, for short, long
    /// (several blocks) and non-ASCII ids.
    @Test func theShardIsTheFirstByteOfTheIdsSHA256() {
        let long = [55, 56, 64, 200].map { String(repeating: "x", count: $0) }
        let ids = (0..<2_000).map { "W\($0)" } + ["", "é-ü", "stage-4"] + long
        for id in ids {
            let first = SHA256.hash(data: Data(id.utf8)).first { _ in true } ?? 0
            #expect(DocumentLayout.shardNumber(id) == Int(first), "\(id)")
            #expect(DocumentLayout.shard(id) == String(format: "%02x", first), "\(id)")
        }
    }

    @Test func linksAreRelativeToTheDocumentsFolder() {
        #expect(DocumentLayout.link(from: "Workstreams/a.md", to: "Workstreams/b.md") == "b.md")
        #expect(DocumentLayout.link(from: "Workstreams/a.md", to: "Handoffs/h.md") == "../Handoffs/h.md")
        #expect(DocumentLayout.link(from: "Workstreams/16/a.md", to: "Workstreams/e2/b.md") == "../e2/b.md")
        #expect(DocumentLayout.link(from: "Workstreams/16/a.md", to: "Workstreams/16/b.md") == "b.md")
        #expect(DocumentLayout.link(from: "Handoffs/2026-12/h.md", to: "Workstreams/16/a.md")
                == "../../Workstreams/16/a.md")
        #expect(DocumentLayout.link(from: "Workstreams/16/a.md", to: "Workstreams/README.md") == "../README.md")
    }

    /// The reference: the rows of the one-file index of the same project, each in the page of its folder.
    @Test func thePagesHoldExactlyTheRowsOfTheWholeIndex() throws {
        let summaries = ProjectListingTests().project(seed: 21, count: 700)
        let whole = IndexDocument.render(summaries, lastSeq: 9, lastTime: "2026-12-05T10:00:00Z")
        let rows = Set(whole.split(separator: "\n").filter { $0.hasPrefix("| [") })
        let files = Documents.index(summaries, lastSeq: 9, lastTime: "2026-12-05T10:00:00Z")
        let pages = files.filter { $0.key != Documents.indexPath }
        var paged: [Substring] = []
        for (path, text) in pages {
            for row in text.split(separator: "\n") where row.hasPrefix("| [") {
                paged.append(row)
                let id = String(row.dropFirst(3).prefix { $0 != "]" })
                #expect(path == DocumentLayout.indexPagePath(DocumentLayout.shard(id)), "\(id) is on \(path)")
            }
        }
        #expect(paged.count == summaries.count && Set(paged) == rows)
        #expect(Set(pages.keys) == Set(summaries.map { DocumentLayout.indexPagePath(DocumentLayout.shard($0.id)) }))
        let summary = try #require(files[Documents.indexPath])
        #expect(!summary.contains("| [W") && summary.utf8.count < 20_000, "the summary is not bounded")
    }

    /// The summary's counts (the first line, by phase, by folder) against counts made the slow way, by filtering.
    @Test func theSummaryCountsAsFilteringDoes() throws {
        var summaries = ProjectListingTests().project(seed: 8, count: 650)
        for i in summaries.indices { summaries[i].phase = ["alpha", "beta", nil, "gamma | g"][i % 4] }
        let files = Documents.index(summaries, lastSeq: 2, lastTime: "2026-12-05T10:00:00Z")
        let text = try #require(files[Documents.indexPath])
        let tally = Status.allCases.compactMap { s -> String? in
            let n = summaries.filter { $0.status == s }.count
            return n > 0 ? "\(n) \(s.label)" : nil
        }
        #expect(text.contains("**650 workstreams**: " + tally.joined(separator: ", ") + ". 2 events"))
        func rows(after heading: String) -> [[String]] {
            let section = text.components(separatedBy: heading + "\n\n").last ?? ""
            return section.split(separator: "\n").prefix { $0.hasPrefix("|") }.dropFirst(2).map { row in
                row.dropFirst(2).dropLast(2).components(separatedBy: " | ")
            }
        }
        let phases = rows(after: "## By phase")
        let names: [String?] = phases.map(\.first)
        #expect(names == ["—", "alpha", "beta", "gamma \\| g"])
        for row in phases {
            let phase: String? = row[0] == "—" ? nil : row[0].replacingOccurrences(of: "\\|", with: "|")
            let mine = summaries.filter { $0.phase == phase }
            var expected: [String] = Status.allCases.map { s in String(mine.filter { $0.status == s }.count) }
            expected.append(String(mine.count))
            #expect(Array(row.dropFirst()) == expected, "\(row)")
        }
        let pages = rows(after: "## Index pages")
        #expect(pages.count == Set(summaries.map { DocumentLayout.shard($0.id) }).count)
        for row in pages {
            let shard = String(row[0].dropFirst().prefix(2))
            let mine = summaries.filter { DocumentLayout.shard($0.id) == shard }
            let open = mine.filter { $0.status != .completed && $0.status != .cancelled }
            let expected: [String] = [String(mine.count), String(open.count)]
            #expect(Array(row.dropFirst()) == expected, "\(row)")
        }
    }

    @Test func thePagesOfSomeWorkstreamsAreThoseOfTheWholeRendering() {
        let summaries = ProjectListingTests().project(seed: 5, count: 600)
        let all = Documents.index(summaries, lastSeq: 3, lastTime: "2026-12-05T10:00:00Z")
        let ids = Set(summaries.prefix(7).map(\.id))
        let some = Documents.index(summaries, lastSeq: 3, lastTime: "2026-12-05T10:00:00Z", touching: ids)
        #expect(some.allSatisfy { all[$0.key] == $0.value })
        #expect(Set(some.keys) == Set(ids.map { DocumentLayout.indexPagePath(DocumentLayout.shard($0)) })
                    .union([Documents.indexPath]))
    }
}
