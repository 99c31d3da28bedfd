/// Which workstreams an event names besides its own stream: what a publisher
/// must re-render and an import must reload when the event arrives. Written
/// once and exhaustively, so a new event that names another workstream is
/// decided here and nowhere else.
extension WorkstreamEvent {
    public var namedWorkstreams: [String] {
        switch self {
        case .dependencyAdded(let d), .dependencyRemoved(let d): return [d.dependsOn]
        case .declared, .detailsChanged, .briefWritten, .taskAdded, .taskCompleted, .taskReopened, .started, .logged,
             .artifactRecorded, .blocked, .unblocked, .completed, .cancelled, .holderResolved, .conflictResolved,
             .provisionRequested, .provisionSucceeded, .provisionFailed, .provisionPlanned, .leaseRenewed, .released,
             .takenOver, .checkDeclared, .checkRan:
            return []
        }
    }

    /// Only these event types can name another workstream: a store may skip decoding the rest.
    public static let typesNamingWorkstreams: Set<String> = [EventType.dependencyAdded.rawValue,
                                                               EventType.dependencyRemoved.rawValue]
}
