import Foundation
import Testing

/// What "the clones converged" means, checked on a settled CloneNetwork.
extension CloneNetwork {
    static let generatedFolders = ["Workstreams", "Handoffs", "devlog", ".ws/journal"]

    /// Every clone alike: HEAD tree, `ws status --json`, `ws conflicts --json`, the bytes of every
    /// generated file and journal; `ws verify` passes; journals hold each event once and exactly the
    /// events `ws export` shows; no empty commit and no "record 0 events" commit in any history.
    func assertConverged() throws {
        let trees = try clones.map { try mustGit($0, "rev-parse", "HEAD^{tree}") }
        expect(Set(trees).count == 1, "HEAD trees differ: \(zip(clones.map(name), trees).map { "\($0)=\($1)" })")
        let first = try #require(clones.first)
        let status = try read(first, "status", "--json", allowed: [0]).stdout
        let conflicts = try read(first, "conflicts", "--json", allowed: [0]).stdout
        let files = try generatedFiles(first)
        let exported = try exportedEventIds(first)
        for clone in clones.dropFirst() {
            let other = try read(clone, "status", "--json", allowed: [0]).stdout
            expect(other == status, "ws status --json differs between \(name(first)) and \(name(clone)): \(Self.firstDifference(status, other))")
            let otherConflicts = try read(clone, "conflicts", "--json", allowed: [0]).stdout
            expect(otherConflicts == conflicts, "ws conflicts --json differs between \(name(first)) and \(name(clone)): \(Self.firstDifference(conflicts, otherConflicts))")
            compare(files, try generatedFiles(clone), first, clone)
            expect(try exportedEventIds(clone) == exported, "ws export of \(name(clone)) holds other events than that of \(name(first))")
        }
        for clone in clones {
            let verify = try read(clone, "verify", allowed: Set(0...255))
            expect(verify.code == 0, "ws verify in \(name(clone)) exited \(verify.code): \(verify.stderr)")
            let dirty = try mustGit(clone, "status", "--porcelain", "--", "Workstreams", "Handoffs", "devlog", ".ws/journal")
            expect(dirty.isEmpty, "generated files not committed in \(name(clone)) after ws sync:\n\(dirty)")
            let journal = try journalEventIds(clone)
            let all = journal.values.flatMap { $0 }
            for (file, ids) in journal.sorted(by: { $0.key < $1.key }) where Set(ids).count != ids.count {
                expect(false, "\(file) in \(name(clone)) holds an event twice: \(Self.duplicates(ids))")
            }
            expect(Set(all).count == all.count, "an event is in two journals of \(name(clone)): \(Self.duplicates(all))")
            let export = try exportedEventIds(clone)
            expect(Set(all) == export, "journals and ws export of \(name(clone)) differ: only in journals \(Set(all).subtracting(export).sorted().prefix(5)), only in export \(export.subtracting(all).sorted().prefix(5))")
            try assertCleanHistory(clone)
        }
    }

    /// No non-merge commit without changes, and no commit saying it records nothing.
    func assertCleanHistory(_ clone: URL) throws {
        let log = try mustGit(clone, "log", "--no-merges", "--format=@%H %s", "--name-only")
        var empty: [String] = []
        var current: String?
        var touched = false
        for line in log.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("@") {
                if let current, !touched { empty.append(current) }
                current = String(line.dropFirst())
                touched = false
            } else { touched = true }
        }
        if let current, !touched { empty.append(current) }
        expect(empty.isEmpty, "empty commits in \(name(clone)): \(empty.prefix(10))")
        let nothing = try mustGit(clone, "log", "-F", "--grep=record 0 events", "--format=%h %s")
        expect(nothing.isEmpty, "commits that record 0 events in \(name(clone)):\n\(nothing)")
    }

    /// Every file under the generated folders of `clone`, by path relative to the clone.
    func generatedFiles(_ clone: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for folder in Self.generatedFolders {
            let dir = clone.appendingPathComponent(folder)
            guard let walk = FileManager.default.enumerator(atPath: dir.path) else { continue }
            for case let relative as String in walk {
                var isDirectory: ObjCBool = false
                let url = dir.appendingPathComponent(relative)
                guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
                files[folder + "/" + relative] = try Data(contentsOf: url)
            }
        }
        return files
    }

    /// The eventId of each line of each `.ws/journal/*.jsonl`, in order, by file.
    func journalEventIds(_ clone: URL) throws -> [String: [String]] {
        var ids: [String: [String]] = [:]
        for (path, data) in try generatedFiles(clone) where path.hasPrefix(".ws/journal/") && path.hasSuffix(".jsonl") {
            let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
            ids[path] = lines.map { line in
                let id = (try? json(String(line)) as? [String: Any])?["eventId"] as? String
                expect(id != nil, "a line of \(path) in \(name(clone)) has no eventId: \(line.prefix(300))")
                return id ?? "?"
            }
        }
        return ids
    }

    func exportedEventIds(_ clone: URL) throws -> Set<String> {
        let lines = try ws(clone, "export", allowed: [0]).stdout.split(separator: "\n")
        let ids = lines.compactMap { (try? json(String($0)) as? [String: Any])?["eventId"] as? String }
        expect(ids.count == lines.count, "ws export in \(name(clone)): \(lines.count - ids.count) lines without an eventId")
        expect(Set(ids).count == ids.count, "ws export in \(name(clone)) shows an event twice: \(Self.duplicates(ids))")
        return Set(ids)
    }

    private func compare(_ a: [String: Data], _ b: [String: Data], _ first: URL, _ clone: URL) {
        let onlyA = Set(a.keys).subtracting(b.keys).sorted(), onlyB = Set(b.keys).subtracting(a.keys).sorted()
        expect(onlyA.isEmpty && onlyB.isEmpty, "generated files only in \(name(first)): \(onlyA); only in \(name(clone)): \(onlyB)")
        for path in Set(a.keys).intersection(b.keys).sorted() where a[path] != b[path] {
            let x = String(decoding: a[path] ?? Data(), as: UTF8.self), y = String(decoding: b[path] ?? Data(), as: UTF8.self)
            expect(false, "\(path) differs between \(name(first)) and \(name(clone)): \(Self.firstDifference(x, y))")
        }
    }

    /// The first line where two texts differ, for a readable message.
    static func firstDifference(_ a: String, _ b: String) -> String {
        let x = a.split(separator: "\n", omittingEmptySubsequences: false), y = b.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(x.count, y.count) where i >= x.count || i >= y.count || x[i] != y[i] {
            let l = i < x.count ? String(x[i].prefix(400)) : "<end>", r = i < y.count ? String(y[i].prefix(400)) : "<end>"
            return "line \(i + 1):\n  \(l)\n  \(r)"
        }
        return "(equal)"
    }

    static func duplicates(_ ids: [String]) -> [String] {
        Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted().prefix(5).map { $0 }
    }

    // MARK: Settling conflicts

    /// Settles every conflict from `clone`, one at a time (`--keep` the first listed event, or
    /// `--drop-dependency` for a cycle), then commits and pushes. Returns how many it settled.
    @discardableResult
    func resolveAllConflicts(from clone: URL, limit: Int = 500) throws -> Int {
        var settled = 0
        var text = try read(clone, "conflicts", "--json", allowed: [0]).stdout
        while let item = try conflictItems(text, clone).first {
            guard settled < limit else { throw fail("still conflicts after \(limit) resolves:\n\(text)") }
            let args = try resolution(item, text)
            try ws(clone, args, allowed: [0])
            settled += 1
            let after = try read(clone, "conflicts", "--json", allowed: [0]).stdout
            guard after != text else { throw fail("ws \(args.joined(separator: " ")) changed nothing in ws conflicts --json:\n\(text)") }
            text = after
        }
        try ws(clone, "commit", allowed: [0])
        try ws(clone, "sync", allowed: [0])
        try pull(clone)
        try push(clone)
        return settled
    }

    func conflictItems(_ text: String, _ clone: URL) throws -> [[String: Any]] {
        guard let items = try? json(text) as? [[String: Any]] else { throw fail("ws conflicts --json in \(name(clone)) is not a JSON array:\n\(text)") }
        return items
    }

    /// The `ws resolve` arguments that settle one conflict.
    func resolution(_ item: [String: Any], _ text: String) throws -> [String] {
        let kind = item["kind"] as? String ?? "?"
        let events = item["events"] as? [[String: Any]] ?? []
        guard var workstream = item["workstream"] as? String else { throw fail("a conflict without a workstream:\n\(text)") }
        guard kind == "cycle" else {
            guard let keep = events.first?["eventId"] as? String else { throw fail("a \(kind) conflict without events:\n\(text)") }
            return ["resolve", workstream, "--keep", keep]
        }
        // The edge to drop: named on the conflict, on its first event, or as the step after the workstream in the cycle.
        let places: [[String: Any]] = [item] + events + events.compactMap { $0["data"] as? [String: Any] }
        for place in places {
            for key in ["dependency", "dependsOn", "dependsOnId", "dependencyId", "to"] {
                if let dep = place[key] as? String {
                    if let from = (place["stream"] ?? place["workstream"] ?? place["from"]) as? String, place["eventId"] != nil { workstream = from }
                    return ["resolve", workstream, "--drop-dependency", dep]
                }
            }
        }
        if let cycle = item["cycle"] as? [String], let at = cycle.firstIndex(of: workstream), at + 1 < cycle.count {
            return ["resolve", workstream, "--drop-dependency", cycle[at + 1]]
        }
        throw fail("cannot find the dependency edge of a cycle conflict:\n\(text)")
    }
}
