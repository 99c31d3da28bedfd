/// Why a workstream cannot be worked on now, and the chain that leads to the
/// work that has to happen first.
public struct BlockingReport: Equatable, Codable, Sendable {
    public var id: String
    public var title: String
    public var status: Status
    public var agent: String?
    public var dependsOn: [String]
    /// Set when someone blocked it explicitly.
    public var reason: String?
    /// Direct dependencies that are not completed.
    public var waitingOn: [String]
    /// The shortest chain from this workstream down to open work that waits on
    /// nothing; on a long chain, its first `chainLimit` links and the last one.
    public var chain: [String]
    /// How many workstreams the whole chain has.
    public var chainLength: Int
    /// Every open workstream at the bottom of its chains: what must move first.
    public var rootBlockers: [String]

    public static let chainLimit = 10

    /// "A2 (planned) → … → A1 (ready)": the chain after this workstream, for people.
    public func chainText(_ label: (String) -> String) -> String {
        var parts = chain.dropFirst().map(label)
        if chainLength > chain.count, parts.count >= 2 { parts.insert("…", at: parts.count - 1) }
        return parts.joined(separator: " → ")
    }

    /// Every blocked or planned workstream's report, in the summaries' order.
    public static func reports(for summaries: [WorkstreamSummary]) -> [BlockingReport] {
        let analysis = BlockingAnalysis(summaries)
        return analysis.waiting.map(analysis.report)
    }
}
