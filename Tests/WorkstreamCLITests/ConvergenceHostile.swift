import Foundation
import TestSupport

/// The operations of agents and people that do not cooperate (issue 19): take-overs that
/// override a live lease, releases, checks declared on one clone and run on another, journal
/// lines edited or forged with plain git, and clones where ws never ran (no merge driver) that
/// merge ws's commits with git alone and let ws settle the conflicted generated files.
extension RandomOperations {
    func hostileOperation(_ c: URL) throws {
        let kind = pick(["take-over", "release", "check", "edit line", "forge line", "never-ran clone"])
        counts[kind, default: 0] += 1
        switch kind {
        case "take-over":
            let w = id(), a = agent()
            try ws(c, "start", w, "--take-over", "--force", "--reason", "taken over at \(step)", "--agent", a, as: a)
        case "release": try ws(c, "release", id())
        case "check": try checkOperation(c)
        case "edit line": try editJournalLine(c, forge: false)
        case "forge line": try editJournalLine(c, forge: true)
        default: try neverRanClone()
        }
    }

    /// A check declared here (trusted here), one run, or trust given to every check of a workstream.
    private func checkOperation(_ c: URL) throws {
        let w = id()
        switch Int.random(in: 0..<3, using: &rng) {
        case 0: try ws(c, "check", "add", w, "c\(step)", "--run", pick(["true", "test -d .ws", "false"]))
        case 1: try net.ws(c, ["check", "run", w], env: ["WS_AGENT": agent()], allowed: [0, 1, 3, 4])
        default: try net.ws(c, ["check", "trust", w], allowed: [0, 1, 3, 4])
        }
    }

    /// Changes one journal line by hand (a payload value, or its clock), or appends a copy of one
    /// under a new event id with another payload, and commits that with plain git. Every clone must
    /// treat the line alike: quarantine an edited line, hold a forged one to the same rules.
    private func editJournalLine(_ c: URL, forge: Bool) throws {
        let folder = c.appendingPathComponent(".ws/journal")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".jsonl") }.sorted()
        guard !files.isEmpty else { return }
        let file = folder.appendingPathComponent(pick(files))
        var lines = String(decoding: try Data(contentsOf: file), as: UTF8.self)
            .split(separator: "\n").map(String.init)
        guard !lines.isEmpty else { return }
        let index = Int.random(in: 0..<lines.count, using: &rng)
        guard var line = try? json(lines[index]) as? [String: Any] else { return }
        if forge {
            line["eventId"] = "forged-\(net.seed)-\(step)"
            line["clock"] = ((line["clock"] as? Int) ?? 0) + 1
            line["actor"] = "mallory"
        } else if chance(50) {
            line["clock"] = ((line["clock"] as? Int) ?? 0) + 7
        } else {
            var data = (line["data"] as? [String: Any]) ?? [:]
            for key in data.keys.sorted() where data[key] is String { data[key] = "edited at \(step)"; break }
            line["data"] = data
        }
        let text = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys, .withoutEscapingSlashes])
        if forge { lines.append(String(decoding: text, as: UTF8.self)) }
        else { lines[index] = String(decoding: text, as: UTF8.self) }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
        try net.mustGit(c, "add", "--", file.path)
        let r = try net.git(c, "commit", "-q", "-m", forge ? "a forged journal line" : "a hand-edited journal line")
        guard r.code == 0 else {
            throw net.fail("git commit of a hand-edited journal line in \(net.name(c)) exited \(r.code): \(r.stderr)")
        }
    }

    /// A person's clone where ws never ran: it merges one clone's commits (pushed or not) with
    /// origin's using git alone, so generated files can conflict as text. `ws sync` must settle
    /// them and leave the merge for `git commit` to finish; the index stays one git accepts.
    private func neverRanClone() throws {
        let person = net.root.appendingPathComponent("P\(step)")
        try net.mustGit(net.root, "clone", "-q", net.origin.path, person.path)
        try net.mustGit(person, "config", "user.name", "person-p")
        try net.mustGit(person, "config", "user.email", "person-p@example.com")
        defer { try? FileManager.default.removeItem(at: person) }
        let source = pick(net.clones)
        let merged = try net.git(person, "-c", "pull.rebase=false", "pull", "-q", "--no-edit", source.path, "HEAD")
        guard merged.code != 0 else {
            counts["never-ran clean", default: 0] += 1
            _ = try net.push(person)
            return
        }
        counts["never-ran conflict", default: 0] += 1
        try net.ws(person, ["sync"], allowed: [0])
        let unmerged = try net.mustGit(person, "diff", "--name-only", "--diff-filter=U")
        guard unmerged.isEmpty else {
            throw net.fail("ws sync mid-merge left files unmerged in \(net.name(person)):\n\(unmerged)")
        }
        let fsck = try net.git(person, "fsck", "--no-dangling")
        guard fsck.code == 0 else { throw net.fail("git fsck after ws sync mid-merge: \(fsck.stdout)\(fsck.stderr)") }
        let commit = try net.git(person, "commit", "-q", "--no-edit")
        guard commit.code == 0 else {
            throw net.fail("git commit after ws sync mid-merge exited \(commit.code): \(commit.stderr)")
        }
        let parents = try net.mustGit(person, "rev-list", "--parents", "-n", "1", "HEAD").split(separator: " ").count
        guard parents == 3 else {
            throw net.fail("the merge finished in \(net.name(person)) has \(parents - 1) parents, not 2")
        }
        _ = try net.push(person)
    }
}
