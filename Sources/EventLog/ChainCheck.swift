/// Walks a log in sequence order and finds the first place where the chain
/// breaks: a missing sequence number, a row that does not follow its
/// predecessor's hash, or a row whose content no longer matches its hash.
/// Every store's `verify` feeds its rows through this, so they judge alike.
public struct ChainCheck {
    public private(set) var count: Int64 = 0
    public private(set) var problems: [String] = []
    public private(set) var firstBadSequence: Int64?
    private var expectedSeq: Int64 = 1
    private var prev = HashChain.genesis
    private var intact = true

    public init() {}

    public mutating func check(_ r: RecordedEvent) {
        count += 1
        if intact {
            var why: String?
            if r.seq != expectedSeq { why = "sequence \(expectedSeq) is missing (next stored is \(r.seq))" }
            else if r.prevHash != prev { why = "event \(r.seq) does not follow the hash of event \(r.seq - 1)" }
            else if HashChain.hash(of: r) != r.hash { why = "event \(r.seq) (\(r.type) on \(r.stream)) was altered: its content no longer matches its hash" }
            if let why {
                intact = false
                firstBadSequence = r.seq == expectedSeq ? r.seq : expectedSeq
                problems.append(why)
            }
        }
        do { _ = try r.decoded() } catch {
            problems.append("event \(r.seq) cannot be read: \(error)")
        }
        expectedSeq = r.seq + 1
        prev = r.hash
    }
}
