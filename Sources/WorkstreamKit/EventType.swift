/// The registry of event kinds: each kind's stored type name, declared only
/// here (the codec reads it from the raw value). The switches over it have no
/// `default:`, so a new event does not compile until it has a name, a decoder
/// (`EventCodec.decode`) and a sample (`EventType.sample`, in the tests), and
/// the round-trip test walks every kind through its stored forms.
public enum EventType: String, CaseIterable, Sendable {
    case declared = "WorkstreamDeclared"
    case detailsChanged = "WorkstreamDetailsChanged"
    case briefWritten = "BriefWritten"
    case dependencyAdded = "DependencyAdded"
    case dependencyRemoved = "DependencyRemoved"
    case taskAdded = "TaskAdded"
    case taskCompleted = "TaskCompleted"
    case taskReopened = "TaskReopened"
    case started = "WorkstreamStarted"
    case logged = "DevlogEntryRecorded"
    case artifactRecorded = "ArtifactRecorded"
    case blocked = "WorkstreamBlocked"
    case unblocked = "WorkstreamUnblocked"
    case completed = "WorkstreamCompleted"
    case cancelled = "WorkstreamCancelled"
    case holderResolved = "WorkstreamHolderResolved"
    case conflictResolved = "ConflictResolved"
    case provisionRequested = "ProvisionRequested"
    case provisionSucceeded = "ProvisionSucceeded"
    case provisionFailed = "ProvisionFailed"
    case provisionPlanned = "ProvisionPlanned"
    case leaseRenewed = "LeaseRenewed"
    case released = "WorkstreamReleased"
    case takenOver = "WorkstreamTakenOver"
    case checkDeclared = "CheckDeclared"
    case checkRan = "CheckRan"
}

extension WorkstreamEvent {
    /// This event's kind in the registry (`EventType`), whose raw value is its stored type name.
    public var type: EventType {
        switch self {
        case .declared: return .declared
        case .detailsChanged: return .detailsChanged
        case .briefWritten: return .briefWritten
        case .dependencyAdded: return .dependencyAdded
        case .dependencyRemoved: return .dependencyRemoved
        case .taskAdded: return .taskAdded
        case .taskCompleted: return .taskCompleted
        case .taskReopened: return .taskReopened
        case .started: return .started
        case .logged: return .logged
        case .artifactRecorded: return .artifactRecorded
        case .blocked: return .blocked
        case .unblocked: return .unblocked
        case .completed: return .completed
        case .cancelled: return .cancelled
        case .holderResolved: return .holderResolved
        case .conflictResolved: return .conflictResolved
        case .provisionRequested: return .provisionRequested
        case .provisionSucceeded: return .provisionSucceeded
        case .provisionFailed: return .provisionFailed
        case .provisionPlanned: return .provisionPlanned
        case .leaseRenewed: return .leaseRenewed
        case .released: return .released
        case .takenOver: return .takenOver
        case .checkDeclared: return .checkDeclared
        case .checkRan: return .checkRan
        }
    }
}
