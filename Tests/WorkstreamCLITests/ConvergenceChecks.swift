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
        let ids = ((try? json(status) as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
        expect(!ids.isEmpty, "ws status --json in \(name(first)) lists no workstream:\n\(status)")
        let shows = try ids.map { ($0, try workstream(first, $0)) }
        try checkShape(conflicts, events: exported, first)
        for clone in clones.dropFirst() {
            let other = try read(clone, "status", "--json", allowed: [0]).stdout
            expect(other == status, "ws status --json differs between \(name(first)) and \(name(clone)): \(Self.firstDifference(status, other))")
            let otherConflicts = try read(clone, "conflicts", "--json", allowed: [0]).stdout
            expect(otherConflicts == conflicts, "ws conflicts --json differs between \(name(first)) and \(name(clone)): \(Self.firstDifference(conflicts, otherConflicts))")
            for (id, shown) in shows {
                let other = try workstream(clone, id)
                expect(other == shown, "ws show \(id) --json differs between \(name(first)) and \(name(clone)): \(Self.firstDifference(shown, other))")
            }
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

    /// `ws show <id> --json` without what is local to a clone (the stream version, sequence numbers), one key a line.
    func workstream(_ clone: URL, _ id: String) throws -> String {
        func strip(_ value: Any) -> Any {
            if let object = value as? [String: Any] {
                return object.filter { $0.key != "version" && $0.key != "seq" }.mapValues(strip)
            }
            if let array = value as? [Any] { return array.map(strip) }
            return value
        }
        let text = try read(clone, "show", id, "--json", allowed: [0]).stdout
        guard let value = try? json(text) else { throw fail("ws show \(id) --json in \(name(clone)) is not JSON:\n\(text)") }
        let data = try JSONSerialization.data(withJSONObject: strip(value), options: [.sortedKeys, .prettyPrinted])
        return String(decoding: data, as: UTF8.self)
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
            let r = try ws(clone, args, allowed: Set(0...255))
            guard r.code == 0 else { throw fail("ws \(args.joined(separator: " ")) in \(name(clone)) exited \(r.code): \(r.stderr)\nws conflicts --json:\n\(text)") }
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

    static let conflictKinds: Set<String> = ["holder", "closed", "completion", "artifact", "block", "declared", "cycle", "fenced"]

    /// Each conflict has a known kind, a workstream, an outcome, and events (id, agent, time) that the log holds.
    func checkShape(_ text: String, events: Set<String>, _ clone: URL) throws {
        for item in try conflictItems(text, clone) {
            let listed = item["events"] as? [[String: Any]] ?? []
            let ok = Self.conflictKinds.contains(item["kind"] as? String ?? "") && item["workstream"] is String && item["outcome"] is String
                && !listed.isEmpty && listed.allSatisfy { $0["agent"] is String && $0["time"] is String && events.contains($0["eventId"] as? String ?? "") }
            expect(ok, "a conflict of an unexpected shape in \(name(clone)) (kind, workstream, outcome, events with eventId, agent, time of logged events): \(item)")
        }
    }

    func conflictItems(_ text: String, _ clone: URL) throws -> [[String: Any]] {
        guard let items = try? json(text) as? [[String: Any]] else { throw fail("ws conflicts --json in \(name(clone)) is not a JSON array:\n\(text)") }
        return items
    }

    /// The `ws resolve` arguments that settle one conflict.
    func resolution(_ item: [String: Any], _ text: String) throws -> [String] {
        let kind = item["kind"] as? String ?? "?"
        let events = item["events"] as? [[String: Any]] ?? []
        guard let workstream = item["workstream"] as? String else { throw fail("a conflict without a workstream:\n\(text)") }
        guard kind == "cycle" else {
            guard let keep = events.first?["eventId"] as? String else { throw fail("a \(kind) conflict without events:\n\(text)") }
            return ["resolve", workstream, "--keep", keep]
        }
        // The edge to drop: the one the first event added ("N1 → W8 added by bob"), else the one the hint names.
        if let value = events.first?["value"] as? String {
            let parts = value.components(separatedBy: " → ")
            if parts.count == 2, let from = parts[0].split(separator: " ").last, let to = parts[1].split(separator: " ").first {
                return ["resolve", String(from), "--drop-dependency", String(to)]
            }
        }
        if let hint = item["resolve"] as? String {
            let words = hint.split(separator: " ").map(String.init)
            if let at = words.firstIndex(of: "--drop-dependency"), at + 1 < words.count, at >= 1 {
                return ["resolve", words[at - 1], "--drop-dependency", words[at + 1]]
            }
        }
        throw fail("cannot find the dependency edge of a cycle conflict:\n\(text)")
    }
}
