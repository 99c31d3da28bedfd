import WorkstreamKit

/// What `ws rebuild` watches of its replay besides the read models: every event as stored, in the total order
/// of the one scan (the journals are written from these, instead of one query per workstream), and the history
/// once it is replayed, before the read-model rows are written (the documents need only that history, so they
/// are rendered while the rows are written).
public struct RebuildObserver {
    public var event: (RecordedEvent) -> Void
    public var replayed: (ProjectHistory) -> Void

    public init(event: @escaping (RecordedEvent) -> Void = { _ in },
                replayed: @escaping (ProjectHistory) -> Void = { _ in }) {
        self.event = event
        self.replayed = replayed
    }
}
