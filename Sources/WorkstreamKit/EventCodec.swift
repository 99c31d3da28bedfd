import Foundation

/// Maps events to their stored form (type name, schema version, JSON payload)
/// and back. Old shapes are upcast here, on read, so the rest of ws only ever
/// sees the current shape.
public enum EventCodec {
    public static let currentSchemaVersion = 1

    public enum DecodingFailure: Error, Equatable, CustomStringConvertible {
        case unknownType(String)
        case unsupportedSchema(type: String, version: Int)
        case malformedPayload(type: String, detail: String)

        public var description: String {
            switch self {
            case .unknownType(let t): return "unknown event type '\(t)'"
            case .unsupportedSchema(let t, let v): return "event type '\(t)' has schema version \(v), newer than this ws understands; upgrade ws"
            case .malformedPayload(let t, let d): return "malformed payload for event type '\(t)': \(d)"
            }
        }
    }

    public static func typeName(of event: WorkstreamEvent) -> String {
        switch event {
        case .declared: return "WorkstreamDeclared"
        case .detailsChanged: return "WorkstreamDetailsChanged"
        case .briefWritten: return "BriefWritten"
        case .dependencyAdded: return "DependencyAdded"
        case .dependencyRemoved: return "DependencyRemoved"
        case .taskAdded: return "TaskAdded"
        case .taskCompleted: return "TaskCompleted"
        case .taskReopened: return "TaskReopened"
        case .started: return "WorkstreamStarted"
        case .logged: return "DevlogEntryRecorded"
        case .artifactRecorded: return "ArtifactRecorded"
        case .blocked: return "WorkstreamBlocked"
        case .unblocked: return "WorkstreamUnblocked"
        case .completed: return "WorkstreamCompleted"
        case .cancelled: return "WorkstreamCancelled"
        case .holderResolved: return "WorkstreamHolderResolved"
        }
    }

    /// The payload as canonical JSON: sorted keys, no insignificant white space.
    public static func encodePayload(_ event: WorkstreamEvent) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data: Data?
        switch event {
        case .declared(let p): data = try? encoder.encode(p)
        case .detailsChanged(let p): data = try? encoder.encode(p)
        case .briefWritten(let p): data = try? encoder.encode(p)
        case .dependencyAdded(let p), .dependencyRemoved(let p): data = try? encoder.encode(p)
        case .taskAdded(let p): data = try? encoder.encode(p)
        case .taskCompleted(let p), .taskReopened(let p): data = try? encoder.encode(p)
        case .started(let p), .holderResolved(let p): data = try? encoder.encode(p)
        case .logged(let p): data = try? encoder.encode(p)
        case .artifactRecorded(let p): data = try? encoder.encode(p)
        case .blocked(let p): data = try? encoder.encode(p)
        case .unblocked(let p): data = try? encoder.encode(p)
        case .completed(let p): data = try? encoder.encode(p)
        case .cancelled(let p): data = try? encoder.encode(p)
        }
        // Encoding these plain structs cannot fail; an empty object keeps the API total.
        return CanonicalJSON.canonicalize(data ?? Data("{}".utf8)) ?? "{}"
    }

    public static func decode(type: String, schemaVersion: Int, payload: String) throws -> WorkstreamEvent {
        guard schemaVersion <= currentSchemaVersion else {
            throw DecodingFailure.unsupportedSchema(type: type, version: schemaVersion)
        }
        let data = Data(upcast(type: type, schemaVersion: schemaVersion, payload: payload).utf8)
        func d<T: Decodable>(_: T.Type) throws -> T {
            do { return try JSONDecoder().decode(T.self, from: data) } catch {
                throw DecodingFailure.malformedPayload(type: type, detail: String(describing: error))
            }
        }
        switch type {
        case "WorkstreamDeclared": return .declared(try d(WorkstreamEvent.Declared.self))
        case "WorkstreamDetailsChanged": return .detailsChanged(try d(WorkstreamEvent.DetailsChanged.self))
        case "BriefWritten": return .briefWritten(try d(WorkstreamEvent.BriefWritten.self))
        case "DependencyAdded": return .dependencyAdded(try d(WorkstreamEvent.DependencyChanged.self))
        case "DependencyRemoved": return .dependencyRemoved(try d(WorkstreamEvent.DependencyChanged.self))
        case "TaskAdded": return .taskAdded(try d(WorkstreamEvent.TaskAdded.self))
        case "TaskCompleted": return .taskCompleted(try d(WorkstreamEvent.TaskChanged.self))
        case "TaskReopened": return .taskReopened(try d(WorkstreamEvent.TaskChanged.self))
        case "WorkstreamStarted": return .started(try d(WorkstreamEvent.Started.self))
        case "DevlogEntryRecorded": return .logged(try d(WorkstreamEvent.Logged.self))
        case "ArtifactRecorded": return .artifactRecorded(try d(WorkstreamEvent.ArtifactRecorded.self))
        case "WorkstreamBlocked": return .blocked(try d(WorkstreamEvent.Blocked.self))
        case "WorkstreamUnblocked": return .unblocked(try d(WorkstreamEvent.Unblocked.self))
        case "WorkstreamCompleted": return .completed(try d(WorkstreamEvent.Completed.self))
        case "WorkstreamCancelled": return .cancelled(try d(WorkstreamEvent.Cancelled.self))
        case "WorkstreamHolderResolved": return .holderResolved(try d(WorkstreamEvent.Started.self))
        default: throw DecodingFailure.unknownType(type)
        }
    }

    /// Rewrites an older payload shape into the current one. Schema 1 is the
    /// first shape, so there is nothing to rewrite yet; a schema 2 adds its
    /// case here and leaves stored rows untouched.
    static func upcast(type: String, schemaVersion: Int, payload: String) -> String {
        payload
    }
}
