import EventLog
import Foundation
import GitStore
import WorkstreamKit

/// After a history rewrite (an amend, a rebase that replayed ws commits, a reset) HEAD's generated files cannot
/// be trusted as a whole: git's merge driver may have given a replayed ws commit another clone's copy of a
/// document. Rendering every document costs most of a second at 10,000 workstreams, so instead HEAD's tree is
/// compared (blob ids, equal subtrees skipped) with the commit whose generated files ws last published whole:
/// a file whose blob is what ws published then still fits the log as of that event, and only the files that
/// differ, with the neighbourhood of the events since, are rendered. HEAD's content itself is never trusted.
extension Publisher {
    /// What a publish after a rewrite renders besides the neighbourhood of the events since `since`.
    struct RewriteRepairs: Equatable {
        /// The event the published commit's files were rendered through.
        var since: Int64
        /// Workstreams with a document HEAD does not hold as ws published it.
        var documents: Set<String> = []
        /// Workstreams whose journal file HEAD does not hold as ws published it.
        var journals: Set<String> = []
        /// Generated paths that differ and whose owner is not known: the plan must render (or remove) each,
        /// or every file is rendered (see `covers`).
        var unowned: Set<String> = []
        /// Every generated path that differs, to turn the ones the log no longer produces into tombstones.
        var paths: Set<String> = []
    }

    /// The record a publish leaves: HEAD after it, and the event its files were rendered through.
    static func publishedRecord(commit: String, through seq: Int64) -> String { "\(commit) \(seq)" }

    /// What differs between HEAD and the commit ws last published, or nil when that commit is not on record
    /// or not in the repository any more (then every document is rendered).
    func rewriteRepairs(_ repo: Repository, head: Int64) throws -> RewriteRepairs? {
        let ledger = ws.ledger
        guard let record = try ledger.meta(Meta.publishedCommit) else { return nil }
        let parts = record.split(separator: " ")
        guard parts.count == 2, let seq = Int64(parts[1]), seq > 0, seq <= head, try ledger.hasPublished(),
              let changed = try repo.headChangedPaths(since: String(parts[0])) else { return nil }
        var repairs = RewriteRepairs(since: seq)
        let generated = changed.filter { path in
            path.hasPrefix(Journal.folder + "/") || Documents.folders.contains { path.hasPrefix($0 + "/") }
        }
        // An amend of the message, or a rebase over commits of code only: nothing of ws's to look up.
        guard !generated.isEmpty else { return repairs }
        let ids = Set(try ledger.summaries().map(\.id))
        var journalOwners: [String: String] = [:]
        // A journal at the other layout's path (an older clone's) is unowned: the full render moves it.
        let layout = DocumentLayout(workstreamCount: ids.count)
        for id in ids { journalOwners[Journal.path(id, layout)] = id }
        let published = try ledger.publishedPaths(of: nil)
        for path in generated {
            repairs.paths.insert(path)
            if path.hasPrefix(Journal.folder + "/") {
                if let owner = journalOwners[path] { repairs.journals.insert(owner) } else { repairs.unowned.insert(path) }
            } else {
                if let owner = published[path] ?? Self.owner(ofDocument: path, ids: ids) {
                    repairs.documents.insert(owner)
                } else {
                    repairs.unowned.insert(path)
                }
            }
        }
        return repairs
    }

    /// Whether `plan` repairs every differing path: each unowned one is rendered by it (the index, say), or is
    /// neither a journal file nor a generated document in HEAD (a person's own file beside the documents).
    func covers(_ plan: FilePlan, _ repairs: RewriteRepairs, _ repo: Repository) throws -> Bool {
        for path in repairs.unowned where plan.files[path] == nil {
            if path.hasPrefix(Journal.folder + "/") { return false }
            if let data = try repo.headFile(path), data != Data(Documents.tombstone(at: path).utf8),
               String(decoding: data.prefix(200), as: UTF8.self).hasPrefix(Documents.header) { return false }
        }
        return true
    }

    /// The differing generated documents the plan no longer produces and HEAD holds with the generated header
    /// (another clone's copy under a name a rename retired): they become tombstones, as a full render makes them.
    func retiredCopies(_ repairs: RewriteRepairs, keeping plan: FilePlan, _ repo: Repository) throws -> Set<String> {
        var retired: Set<String> = []
        for path in repairs.paths where plan.files[path] == nil && !path.hasPrefix(Journal.folder + "/") {
            if let data = try repo.headFile(path), String(decoding: data.prefix(200), as: UTF8.self).hasPrefix(Documents.header) {
                retired.insert(path)
            }
        }
        return retired
    }
}
