import Foundation
import Testing

/// A project above 500 workstreams, in the flat layout an older ws wrote (Tests/Fixtures/flat-600.bundle,
/// see its README): the current ws moves every generated file to the sharded layout in one commit, and
/// still reads what an older ws on another clone appends at the flat paths.
@Suite struct LargeLayoutTests {
    static let bundle = V1Fixture.archive.deletingLastPathComponent().appendingPathComponent("flat-600.bundle")
    static let folders = ["Workstreams", "Handoffs", "devlog", ".ws/journal"]

    /// A clone of the fixture, not upgraded yet.
    static func cloned() throws -> (Scratch, WorkCopy) {
        let scratch = try Scratch("ws-flat600")
        return (scratch, try scratch.clone(bundle, as: "repo"))
    }

    static func tracked(_ repo: WorkCopy) throws -> [String] {
        try repo.git("ls-files").check().stdout.split(separator: "\n").map(String.init)
    }

    /// Generated files directly in a folder (the flat layout), the index summary aside.
    static func flatFiles(_ repo: WorkCopy) throws -> [String] {
        try tracked(repo).filter { path in
            path != "Workstreams/README.md" && folders.contains { folder in
                path.hasPrefix(folder + "/") && !path.dropFirst(folder.count + 1).contains("/")
                    && !path.hasSuffix("legacy.seal")
            }
        }
    }

    @Test func anOldFlatRepositoryIsUpgradedInOneCommit() throws {
        let (scratch, repo) = try Self.cloned()
        _ = scratch
        #expect(try Self.flatFiles(repo).count > 600, "the fixture is not in the flat layout")
        let before = try repo.commitCount()
        try repo.ws("sync").check()
        #expect(try repo.commitCount() == before + 1, "the upgrade is one commit")
        #expect(try Self.flatFiles(repo) == [], "flat files left after the upgrade")
        let files = try Self.tracked(repo)
        let journal = files.first { $0.hasPrefix(".ws/journal/") && $0.hasSuffix("/W001.jsonl") }
        #expect(journal?.count == ".ws/journal/ab/W001.jsonl".count, "W001's journal: \(journal ?? "none")")
        #expect(files.contains { $0.hasPrefix("Handoffs/") && $0.split(separator: "/").count == 3 })
        #expect(files.filter { $0.hasPrefix("Workstreams/") && $0.hasSuffix("/README.md") }.count > 200,
                "the index is not paged by folder")
        let verify = try repo.ws("verify")
        #expect(verify.code == 0, "verify: \(verify.stdout) \(verify.stderr)")
        try repo.ws("rebuild").check()
        #expect(try repo.commitCount() == before + 1, "rebuild changed what the upgrade wrote")
        #expect(try repo.git("status", "--porcelain").check().stdout == "")
        let attributes = try repo.git("check-attr", "merge", "--", ".ws/journal/ab/W001.jsonl",
                                      ".ws/journal/W001.jsonl").check().stdout
        #expect(attributes.components(separatedBy: "merge: union").count == 3, "merge rules: \(attributes)")
    }

    @Test func everyRelativeLinkInALargeProjectResolves() throws {
        let (scratch, repo) = try Self.cloned()
        _ = scratch
        try repo.ws("sync").check()
        let files = Set(try Self.tracked(repo))
        var checked = 0
        var broken: [String] = []
        let link = try Regex(#"\]\(([^)\s]+)\)"#)
        for path in files where path.hasSuffix(".md") && Self.folders.contains(where: { path.hasPrefix($0 + "/") }) {
            let text = try String(contentsOf: repo.dir.appendingPathComponent(path), encoding: .utf8)
            for match in text.matches(of: link) {
                let target = String(match.output[1].substring ?? "")
                guard !target.contains("://"), !target.hasPrefix("#") else { continue }
                let resolved = Self.resolve(target, from: path)
                checked += 1
                if !files.contains(resolved) { broken.append("\(path) → \(target)") }
            }
        }
        #expect(checked > 1000, "only \(checked) links checked")
        #expect(broken.isEmpty, "\(broken.count) broken links, e.g. \(broken.prefix(5))")
    }

    @Test func eventsAnOlderCloneAppendedAtFlatPathsAreImportedAndFolded() throws {
        let (scratch, repo) = try Self.cloned()
        _ = scratch
        try repo.ws("sync").check()
        // The older clone appended to W004's flat journal after this one moved it: git follows the rename.
        try repo.git("merge", "-q", "--no-edit", "origin/old-append").check()
        try repo.ws("sync").check()
        // An older ws that writes a journal git cannot pair with a moved one leaves it at the flat path.
        let flat = try repo.git("show", "origin/old-append:.ws/journal/W004.jsonl").check().stdout
        try flat.write(to: repo.dir.appendingPathComponent(".ws/journal/W004.jsonl"), atomically: true, encoding: .utf8)
        try repo.git("add", ".ws/journal/W004.jsonl").check()
        try repo.git("commit", "-q", "-m", "an older ws wrote a flat journal").check()
        try repo.ws("sync").check()
        let shown = try repo.ws("show", "W004", "--json").check().stdout
        #expect(shown.contains("appended by an older ws after the other clone upgraded"))
        let left = try Self.flatFiles(repo)
        #expect(left == [], "flat files left: \(left)")
        let verify = try repo.ws("verify")
        #expect(verify.code == 0, "verify: \(verify.stdout) \(verify.stderr)")
        #expect(try repo.git("status", "--porcelain").check().stdout == "")
    }

    /// `target` relative to the folder of `path`, as a repository path.
    static func resolve(_ target: String, from path: String) -> String {
        var parts = path.split(separator: "/").dropLast().map(String.init)
        for part in target.split(separator: "/") {
            if part == ".." { _ = parts.popLast() } else if part != "." { parts.append(String(part)) }
        }
        return parts.joined(separator: "/")
    }
}
