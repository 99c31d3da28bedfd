/// The facts ws records. Every change to a workstream is one of these, in the
/// past tense; the log stores them and everything else is derived from them.
public enum WorkstreamEvent: Equatable, Sendable {
    case declared(Declared)
    case detailsChanged(DetailsChanged)
    case briefWritten(BriefWritten)
    case dependencyAdded(DependencyChanged)
    case dependencyRemoved(DependencyChanged)
    case taskAdded(TaskAdded)
    case taskCompleted(TaskChanged)
    case taskReopened(TaskChanged)
    case started(Started)
    case logged(Logged)
    case artifactRecorded(ArtifactRecorded)
    case blocked(Blocked)
    case unblocked(Unblocked)
    case completed(Completed)
    case cancelled(Cancelled)
    /// Settles a conflict (two agents started it on two branches) in favour of one agent.
    case holderResolved(Started)
    /// Settles a conflict by putting one of its competing events back in force.
    case conflictResolved(ConflictResolved)
    case provisionRequested(ProvisionRequested)
    case provisionSucceeded(ProvisionSucceeded)
    case provisionFailed(ProvisionFailed)
    case provisionPlanned(ProvisionPlanned)
    /// Leases and checks (see `LeaseCheckEvents.swift`).
    case leaseRenewed(LeaseRenewed)
    case released(Released)
    case takenOver(TakenOver)
    case checkDeclared(CheckDeclared)
    case checkRan(CheckRan)

    public struct Declared: Codable, Equatable, Sendable {
        public var title: String
        public var phase: String?
        public var owner: String?
        public var estimate: Double?
        public init(title: String, phase: String? = nil, owner: String? = nil, estimate: Double? = nil) {
            self.title = title; self.phase = phase; self.owner = owner; self.estimate = estimate
        }
    }

    /// Only the fields that changed are present; `clear` names fields set back to nothing.
    public struct DetailsChanged: Codable, Equatable, Sendable {
        public var title: String?
        public var phase: String?
        public var owner: String?
        public var estimate: Double?
        public var clear: [String]?
        public init(title: String? = nil, phase: String? = nil, owner: String? = nil, estimate: Double? = nil, clear: [String]? = nil) {
            self.title = title; self.phase = phase; self.owner = owner; self.estimate = estimate; self.clear = clear
        }
    }

    public struct BriefWritten: Codable, Equatable, Sendable {
        public var markdown: String
        public init(markdown: String) { self.markdown = markdown }
    }

    public struct DependencyChanged: Codable, Equatable, Sendable {
        public var dependsOn: String
        public init(dependsOn: String) { self.dependsOn = dependsOn }
    }

    public struct TaskAdded: Codable, Equatable, Sendable {
        public var taskId: String
        public var text: String
        public init(taskId: String, text: String) { self.taskId = taskId; self.text = text }
    }

    public struct TaskChanged: Codable, Equatable, Sendable {
        public var taskId: String
        public init(taskId: String) { self.taskId = taskId }
    }

    public struct Started: Codable, Equatable, Sendable {
        public var agent: String
        /// How long the lease runs after the holder's latest event (nil in events older than leases: no expiry).
        public var leaseMinutes: Int?
        /// The commit HEAD was at when the work started: a completion's evidence counts the changes from it.
        public var head: String?
        /// For a settlement (`holderResolved`): the event that set the holder it saw ("" for none; nil in older
        /// events), so that two clones settling one conflict differently are known to be concurrent.
        public var seen: String?
        public init(agent: String, leaseMinutes: Int? = nil, head: String? = nil, seen: String? = nil) {
            self.agent = agent; self.leaseMinutes = leaseMinutes; self.head = head; self.seen = seen
        }
    }

    public struct Logged: Codable, Equatable, Sendable {
        public var message: String
        public var kind: LogKind
        public var hours: Double?
        public init(message: String, kind: LogKind, hours: Double? = nil) {
            self.message = message; self.kind = kind; self.hours = hours
        }
    }

    /// A secret artifact carries only its fingerprint; its value lives in the local secret store.
    public struct ArtifactRecorded: Codable, Equatable, Sendable {
        public var name: String
        public var value: String?
        public var secret: Bool
        public var fingerprint: String?
        /// The event that set the value the writer saw ("" for none; nil in events older than conflict detection).
        public var seen: String?
        public init(name: String, value: String?, secret: Bool, fingerprint: String?, seen: String? = nil) {
            self.name = name; self.value = value; self.secret = secret; self.fingerprint = fingerprint; self.seen = seen
        }
    }

    /// `seen`: the block or unblock the writer saw ("" for none; nil in older events).
    public struct Blocked: Codable, Equatable, Sendable {
        public var reason: String
        public var seen: String?
        public init(reason: String, seen: String? = nil) { self.reason = reason; self.seen = seen }
    }

    public struct Unblocked: Codable, Equatable, Sendable {
        public var seen: String?
        public init(seen: String? = nil) { self.seen = seen }
    }

    /// `keep` is the competing event put in force; `name` picks the artifact for `artifact` conflicts.
    public struct ConflictResolved: Codable, Equatable, Sendable {
        public var kind: String
        public var name: String?
        public var keep: String
        public init(kind: String, name: String? = nil, keep: String) { self.kind = kind; self.name = name; self.keep = keep }
    }

    public struct Completed: Codable, Equatable, Sendable {
        public var summary: String?
        public var next: [String]
        public var forced: Bool
        public var reason: String?
        /// Tasks still open when a forced completion was accepted.
        public var openTasks: [String]
        /// Checks that had not passed when a forced completion was accepted.
        public var failedChecks: [String]
        /// The commits and files of the workstream, read from git at completion (nil in older events).
        public var evidence: Evidence?
        /// The event that set the holder the completer saw ("" for none; nil in older events): a completion that
        /// did not see a take-over on another clone is a `fenced` conflict, not a silent close.
        public var seen: String?
        public init(summary: String?, next: [String], forced: Bool, reason: String?, openTasks: [String] = [],
                    failedChecks: [String] = [], evidence: Evidence? = nil, seen: String? = nil) {
            self.summary = summary; self.next = next; self.forced = forced; self.reason = reason; self.openTasks = openTasks
            self.failedChecks = failedChecks; self.evidence = evidence; self.seen = seen
        }
    }

    public struct Cancelled: Codable, Equatable, Sendable {
        public var reason: String
        public init(reason: String) { self.reason = reason }
    }
}

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

public enum LogKind: String, Codable, CaseIterable, Sendable {
    case note, decision, issue, resolution
}

/// An event bound for one stream (workstream), before the log has numbered it.
public struct PendingEvent: Equatable, Sendable {
    public var stream: String
    public var event: WorkstreamEvent
    public init(stream: String, event: WorkstreamEvent) { self.stream = stream; self.event = event }
}
