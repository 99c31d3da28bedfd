import EventLog
import Foundation
import GitStore
import WorkstreamKit

/// What a publish renders: only the documents the new events can change, or all of them.
extension Publisher {
    /// What one publish writes: documents and journals by path, paths to remove,
    /// which workstream owns each document, and the workstreams it covered (nil: all).
    struct FilePlan {
        var files: [String: String] = [:]
        var removed: Set<String> = []
        var owners: [String: String] = [:]
        var scope: Set<String>?
        var titles: [String: String] = [:]
        /// Files of the flat layout a large project no longer uses: deleted, not kept as tombstones (the
        /// upgrade to `DocumentLayout.sharded` moves them; see `layoutMoved`).
        var deleted: Set<String> = []
        /// What a peer put at a path ws owns and ws does not write over (see `ForeignEntries`): removed.
        var foreign: Set<String> = []
    }

    /// Whether the log holds events from before content ids (its first event has a UUID id)
    /// and the journal has no seal yet: the upgrade is still to be written.
    func sealMissing() throws -> Bool {
        let seal = ws.location.workTree.appendingPathComponent(Journal.sealPath)
        guard !FileManager.default.fileExists(atPath: seal.path) else { return false }
        guard let first = try ws.ledger.history(after: 0, upTo: 1).first else { return false }
        return !EventIdentity.isContentId(first.eventId)
    }

    /// Only the documents an event since the last commit can change are
    /// rendered, when the last commit is ws's own on this log's lineage and
    /// this clone knows what it published then.
    func canPublishIncrementally(_ repo: Repository, committed: Int64, head: Int64) throws -> Bool {
        guard committed > 0, committed <= head, try ws.ledger.hasPublished() else { return false }
        // A large project with journals still at flat paths (not upgraded yet, or a clone running an older ws
        // appended to one): every file is written at its sharded path, in one commit.
        if Journal.hasFlatFiles(workTree: ws.location.workTree), try ws.documentLayout() == .sharded { return false }
        // After a pull that moved HEAD forward, HEAD's documents fit everything the imported events
        // do not touch, and those are what incremental publishing renders (a thousand pulled events: one
        // neighbourhood each, not ten thousand documents).
        if try ws.ledger.meta(Meta.pulledForward) == "1" { return true }
        guard let (seq, hash) = try DocumentCheck(ws: ws).lastWsCommit(repo) else { return false }
        let ours = try ws.ledger.hash(at: seq)
        return seq == committed && ours == hash
    }

    /// A workstream's document shows its own state, its dependencies' and its
    /// dependents' statuses and titles; a status moves when the workstream or
    /// one of its dependencies changes. So the documents to render are those
    /// of the changed workstreams, their dependents, and the neighbours of both.
    /// After a history rewrite, `repairs` adds the workstreams whose files HEAD does not hold as ws published them.
    func incrementalFiles(_ repo: Repository, after committed: Int64, head: (seq: Int64, hash: String),
                          repairs: RewriteRepairs? = nil, trace: Trace) throws -> FilePlan {
        let ledger = ws.ledger
        let changed = try ledger.changes(after: committed)
        trace.mark("changes since #\(committed)")
        let touched = changed.streams.union(changed.referenced)
        let statusMoved = touched.union(try ledger.neighbours(of: touched).dependents)
        let around = try ledger.neighbours(of: statusMoved)
        let render = statusMoved.union(around.dependencies).union(around.dependents).union(repairs?.documents ?? [])
        let outer = try ledger.neighbours(of: render)
        let shown = render.union(outer.dependencies).union(outer.dependents)
        let loaded = shown.union(try ledger.neighbours(of: shown).dependencies)
        trace.mark("neighbourhood: \(render.count) to render, \(loaded.count) to load")
        var history = try ledger.partialHistory(stateIds: loaded, eventStreams: render, upTo: head.seq)
        trace.mark("partial history")
        let indexInputs = try IndexInputs.read(ledger, touching: render, upTo: head.seq)
        trace.mark("summaries")
        history.declaredCount = indexInputs.workstreamCount
        var plan = FilePlan()
        plan.files = Documents.render(history, only: Array(render))
        plan.owners = Documents.owners(in: history, ids: Array(render))
        plan.scope = render
        trace.mark("documents")
        // In a large project only the pages of the rendered workstreams' folders can change.
        let index = indexInputs.files(lastSeq: head.seq, lastTime: history.lastTime, touching: render)
        plan.files.merge(index) { a, _ in a }
        trace.mark("index documents")
        for stream in changed.streams.union(repairs?.journals ?? []) {
            let events = try ledger.history(stream: stream, upTo: head.seq)
            plan.files[Journal.path(stream, history.layout)] = Journal.render(events)
        }
        let before = try ledger.publishedPaths(of: render)
        plan.removed = Set(before.keys).subtracting(plan.files.keys)
        if try ledger.meta(Meta.pulledForward) == "1" {
            // Only after a pull: every id, which the index no longer reads.
            let ids = Set(try ledger.summariesWithoutDependencies().map(\.id))
            let orphans = try pulledOrphans(repo, owners: render, ids: ids, keeping: Set(plan.files.keys))
            plan.removed.formUnion(orphans)
            trace.mark("orphans after a pull: \(orphans.count)")
        }
        if let repairs { plan.removed.formUnion(try retiredCopies(repairs, keeping: plan, repo)) }
        for id in changed.streams { plan.titles[id] = history.state[id]?.title }
        return plan
    }

    /// Every document and journal, from a replay of the whole log. The
    /// documents (pure rendering) and the journals (a query and a rendering
    /// per workstream) are made at the same time, on two cores.
    /// `files`: what `ws rebuild` rendered from `replayed` (see `RebuildRendering`), used with it.
    func allFiles(_ repo: Repository, head: (seq: Int64, hash: String), replayed: ProjectHistory?,
                  files: [String: String]? = nil, trace: Trace) throws -> FilePlan {
        let history: ProjectHistory
        if let replayed, replayed.lastSeq == head.seq {
            history = replayed
            if let files { return try plan(files, history, repo) }
        } else {
            history = try ws.ledger.projectHistory(upTo: head.seq)
            trace.mark("replay for documents")
        }
        let streams = Array(history.events.keys)
        let layout = history.layout
        // The ledger serialises its own connection (GRDB's queue, or the PostgreSQL client's).
        let ledger = UncheckedSendable(ws.ledger)
        let parts = RenderedParts()
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 {
                parts.set(documents: Documents.render(history))
            } else {
                do {
                    var journals: [String: String] = [:]
                    var legacy: [RecordedEvent] = []
                    for stream in streams {
                        let events = try ledger.value.history(stream: stream, upTo: head.seq)
                        journals[Journal.path(stream, layout)] = Journal.render(events)
                        legacy += events.filter { !EventIdentity.isContentId($0.eventId) }
                    }
                    if !legacy.isEmpty { journals[Journal.sealPath] = LegacySeal.render(legacy) }
                    parts.set(journals: journals)
                } catch { parts.set(failure: error) }
            }
        }
        if let failure = parts.failure { throw failure }
        trace.mark("documents and journals")
        return try plan(parts.documents.merging(parts.journals) { a, _ in a }, history, repo)
    }

    /// The plan of a full publish: `files` rendered from the whole `history`.
    private func plan(_ files: [String: String], _ history: ProjectHistory, _ repo: Repository) throws -> FilePlan {
        var plan = FilePlan()
        plan.files = files
        let ids = history.state.ordered.map(\.id)
        plan.owners = Documents.owners(in: history, ids: ids)
        plan.removed = Set(try staleFiles(repo, keeping: Set(plan.files.keys)))
        if history.layout == .sharded {
            plan.deleted = plan.removed.filter(Self.isFlatPath)
            plan.removed.subtract(plan.deleted)
        }
        // A copy of a page ws writes elsewhere (committed in the wrong shard) is deleted, not kept as a
        // "no longer generated" notice: it was never at a path ws writes (red team F6).
        let names = Set(plan.files.keys.map(Self.fileName))
        let misplaced = plan.removed.filter { path in
            Self.fileName(path) != "README.md" && names.contains(Self.fileName(path)) && !Self.isFlatPath(path)
        }
        plan.deleted.formUnion(misplaced)
        plan.removed.subtract(misplaced)
        for (id, w) in history.state.workstreams { plan.titles[id] = w.title }
        plan.foreign = Set(try ForeignEntries.inHead(repo).keys).subtracting(plan.files.keys)
        // Removed, not kept as a tombstone: it was never ws's file.
        plan.removed.subtract(plan.foreign)
        return plan
    }

    private struct UncheckedSendable<T>: @unchecked Sendable {
        let value: T
        init(_ value: T) { self.value = value }
    }

    /// What the two halves of `allFiles` hand back, behind a lock.
    private final class RenderedParts: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var documents: [String: String] = [:]
        private(set) var journals: [String: String] = [:]
        private(set) var failure: Error?
        func set(documents: [String: String]) { lock.withLock { self.documents = documents } }
        func set(journals: [String: String]) { lock.withLock { self.journals = journals } }
        func set(failure: Error) { lock.withLock { self.failure = failure } }
    }

    /// After a pull moved HEAD, another clone may have committed a document of a rendered workstream under a
    /// name this log no longer produces (it had not seen a rename yet). This clone never published that path,
    /// so its own record of published paths cannot name it; HEAD's documents are listed only after such a pull.
    func pulledOrphans(_ repo: Repository, owners: Set<String>, ids: Set<String>, keeping: Set<String>) throws -> Set<String> {
        var orphans: Set<String> = []
        // A document's owner is an id its file name starts with (after the date), then a dash; the owner of a
        // file no rendered id starts is not rendered, so only those names are looked up among every id: one
        // String per dash of 26,000 names cost 0.89 G instructions of the first `ws complete` after a pull.
        let prefixes = owners.map { Array(($0 + "-").utf8) }
        for folder in Documents.folders {
            for path in try repo.headFiles(under: folder) where !keeping.contains(path) {
                guard Self.mayBeOwned(path, byOneOf: prefixes), let owner = Self.owner(ofDocument: path, ids: ids),
                      owners.contains(owner) else { continue }
                if let data = try repo.headFile(path), String(decoding: data.prefix(200), as: UTF8.self).hasPrefix(Documents.header) {
                    orphans.insert(path)
                }
            }
        }
        return orphans
    }

    /// Whether the file name of `path` (after a `YYYY-MM-DD-` date outside `Workstreams/`) starts with one of
    /// `prefixes` (ids and a dash, as UTF-8): false rules every one of those ids out as its owner. A name with
    /// other than ASCII may equal an id as a String with other bytes (Swift equates "\u{212A}" with "K").
    static func mayBeOwned(_ path: String, byOneOf prefixes: [[UInt8]]) -> Bool {
        let name = path.utf8.split(separator: UInt8(ascii: "/")).last.map(Array.init) ?? []
        let rest = path.hasPrefix("Workstreams/") ? name[...] : name.dropFirst(11)
        return rest.contains { $0 >= 0x80 } || prefixes.contains { rest.starts(with: $0) }
    }

    /// The workstream a document's file name belongs to: `<id>-<slug>.md`, after a `YYYY-MM-DD-` date for
    /// handoffs and devlogs. Ids may hold dashes (`stage-4`), so the longest id that fits wins.
    static func owner(ofDocument path: String, ids: Set<String>) -> String? {
        var name = Substring(path.split(separator: "/").last ?? "")
        guard name.hasSuffix(".md") else { return nil }
        name = name.dropLast(3)
        if !path.hasPrefix("Workstreams/") {
            let date = name.prefix(11)
            guard date.count == 11, date.last == "-", date.dropLast().allSatisfy({ $0.isNumber || $0 == "-" }) else { return nil }
            name = name.dropFirst(11)
        }
        var owner: String?
        for (index, character) in zip(name.indices, name) where character == "-" {
            let candidate = String(name[..<index])
            if ids.contains(candidate) { owner = candidate }
        }
        return owner
    }

    static func fileName(_ path: String) -> Substring { path.split(separator: "/").last ?? Substring(path) }

    /// Whether `path` is where the flat layout keeps a generated file (directly in its folder, the index aside).
    static func isFlatPath(_ path: String) -> Bool {
        guard path != Documents.indexPath else { return false }
        return (Documents.folders + [Journal.folder]).contains { folder in
            path.hasPrefix(folder + "/") && !path.dropFirst(folder.count + 1).contains("/")
        }
    }

    /// Generated files in HEAD that the log no longer produces (a renamed
    /// workstream's old document, say). Files without the generated header are
    /// someone's own and stay.
    func staleFiles(_ repo: Repository, keeping: Set<String>) throws -> [String] {
        var stale: [String] = []
        for folder in Documents.folders + [Journal.folder] {
            for path in try repo.headFiles(under: folder) where !keeping.contains(path) {
                let isJournal = path.hasPrefix(Journal.folder + "/") && path.hasSuffix(".jsonl")
                if isJournal { stale.append(path); continue }
                if let data = try repo.headFile(path), String(decoding: data.prefix(200), as: UTF8.self).hasPrefix(Documents.header) {
                    stale.append(path)
                }
            }
        }
        return stale
    }
}
