import Foundation
import GitStore
import WorkstreamKit

/// How git merges what ws writes. Journals merge by union (every event of
/// both branches survives; ws de-duplicates and re-sorts them on the next
/// commit). Generated documents are never merged as text: the `ws-generated`
/// driver keeps this side's copy whole, and ws regenerates every document
/// from the merged log in its next writing command or `ws sync`. The driver
/// is registered in the clone's own git configuration by `ws init` and by
/// the first ws command in a fresh clone; a clone where ws never ran falls
/// back to git's text merge, and the next ws command regenerates the files.
public enum MergeRules {
    static let journal = ".ws/journal/*.jsonl merge=union"
    /// A large project's journals, one folder down (see `DocumentLayout`).
    static let shardedJournal = ".ws/journal/*/*.jsonl merge=union"
    /// The legacy seal is a sorted list like a journal: two clones' seals merge by union too.
    static let seal = "\(Journal.sealPath) merge=union"
    static let driver = "ws-generated"
    static let lines = [journal, shardedJournal, seal] + Documents.folders.map { "\($0)/** merge=\(driver)" }
    /// Rules of earlier versions, replaced where found.
    static let retired = Set(Documents.folders.map { "\($0)/** merge=union" })

    /// `true` exits 0 and leaves the file as this side has it: no text merge, no conflict markers.
    static let config: [(name: String, value: String)] = [
        ("merge.\(driver).name", "ws: keep this side's generated document; ws regenerates it from the merged log"),
        ("merge.\(driver).driver", "true"),
    ]

    /// `text` without the retired rules and with every current one.
    public static func upgraded(_ text: String) -> String {
        var kept = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if kept.last == "" { kept.removeLast() }
        kept.removeAll { retired.contains($0.trimmingCharacters(in: .whitespaces)) }
        let present = Set(kept.map { $0.trimmingCharacters(in: .whitespaces) })
        kept += lines.filter { !present.contains($0) }
        return kept.isEmpty ? "" : kept.joined(separator: "\n") + "\n"
    }

    /// Registers the driver in the clone's configuration (a no-op when it is there).
    public static func register(workTree: URL) throws {
        let repo = try Repository(discoveringFrom: workTree)
        try repo.ensureConfig(config)
    }
}
