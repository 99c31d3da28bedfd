/// What every store (SQLite here, PostgreSQL later) promises: gap-free global
/// sequence, expected-version checks, idempotent event ids, all-or-nothing
/// batches and a hash chain.
public protocol EventStore: AnyObject {
    /// Appends `events` as one batch. Each stream named in `expecting` must be
    /// at that version. Re-appending a batch whose event ids are all stored
    /// with the same content returns the stored events and writes nothing.
    func append(_ events: [NewEvent], expecting: [String: ExpectedVersion]) throws -> [RecordedEvent]
    /// Events with a sequence greater than `after`, in order.
    func events(after: Int64, limit: Int?) throws -> [RecordedEvent]
    /// The last sequence number and its hash (0 and the genesis hash when empty).
    func head() throws -> (seq: Int64, hash: String)
}
