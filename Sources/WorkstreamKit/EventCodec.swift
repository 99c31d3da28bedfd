/// Maps events to their stored form (type name, schema version, canonical JSON
/// payload) and back, by hand over `JSONValue`: fast, and the exact bytes are
/// under our control. Old shapes are upcast here, on read, so the rest of ws
/// only ever sees the current shape.
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
        case .conflictResolved: return "ConflictResolved"
        case .provisionRequested: return "ProvisionRequested"
        case .provisionSucceeded: return "ProvisionSucceeded"
        case .provisionFailed: return "ProvisionFailed"
        case .provisionPlanned: return "ProvisionPlanned"
        case .leaseRenewed: return "LeaseRenewed"
        case .released: return "WorkstreamReleased"
        case .takenOver: return "WorkstreamTakenOver"
        case .checkDeclared: return "CheckDeclared"
        case .checkRan: return "CheckRan"
        }
    }

    /// The payload as canonical JSON: sorted keys, no white space, absent optionals left out.
    public static func encodePayload(_ event: WorkstreamEvent) -> String { payload(event).canonical }

    public static func payload(_ event: WorkstreamEvent) -> JSONValue {
        var o: [String: JSONValue] = [:]
        func put(_ key: String, _ s: String?) { if let s { o[key] = .string(s) } }
        func put(_ key: String, _ d: Double?) { if let d { o[key] = .double(d) } }
        switch event {
        case .declared(let p):
            put("title", p.title); put("phase", p.phase); put("owner", p.owner); put("estimate", p.estimate)
        case .detailsChanged(let p):
            put("title", p.title); put("phase", p.phase); put("owner", p.owner); put("estimate", p.estimate)
            if let c = p.clear { o["clear"] = .array(c.map { .string($0) }) }
        case .briefWritten(let p): put("markdown", p.markdown)
        case .dependencyAdded(let p), .dependencyRemoved(let p): put("dependsOn", p.dependsOn)
        case .taskAdded(let p): put("taskId", p.taskId); put("text", p.text)
        case .taskCompleted(let p), .taskReopened(let p): put("taskId", p.taskId)
        case .started(let p), .holderResolved(let p):
            put("agent", p.agent)
            if let minutes = p.leaseMinutes { o["leaseMinutes"] = .int(Int64(minutes)) }
            put("head", p.head); put("seen", p.seen)
        case .logged(let p): put("message", p.message); put("kind", p.kind.rawValue); put("hours", p.hours)
        case .artifactRecorded(let p):
            put("name", p.name); put("value", p.value); o["secret"] = .bool(p.secret); put("fingerprint", p.fingerprint)
            put("seen", p.seen)
        case .blocked(let p): put("reason", p.reason); put("seen", p.seen)
        case .unblocked(let p): put("seen", p.seen)
        case .conflictResolved(let p): put("kind", p.kind); put("name", p.name); put("keep", p.keep)
        case .completed(let p):
            put("summary", p.summary); o["next"] = .array(p.next.map { .string($0) }); o["forced"] = .bool(p.forced)
            put("reason", p.reason); o["openTasks"] = .array(p.openTasks.map { .string($0) })
            if !p.failedChecks.isEmpty { o["failedChecks"] = .array(p.failedChecks.map { .string($0) }) }
            if let evidence = p.evidence { o["evidence"] = LeaseCheckCodec.evidence(evidence) }
            put("seen", p.seen)
        case .cancelled(let p): put("reason", p.reason)
        case .provisionRequested(let p): return ProvisionCodec.payload(p)
        case .provisionSucceeded(let p): return ProvisionCodec.payload(p)
        case .provisionFailed(let p): return ProvisionCodec.payload(p)
        case .provisionPlanned(let p): return ProvisionCodec.payload(p)
        case .leaseRenewed(let p): return LeaseCheckCodec.payload(p)
        case .released(let p): return LeaseCheckCodec.payload(p)
        case .takenOver(let p): return LeaseCheckCodec.payload(p)
        case .checkDeclared(let p): return LeaseCheckCodec.payload(p)
        case .checkRan(let p): return LeaseCheckCodec.payload(p)
        }
        return .object(o)
    }

    public static func decode(type: String, schemaVersion: Int, payload: String) throws -> WorkstreamEvent {
        guard schemaVersion <= currentSchemaVersion else {
            throw DecodingFailure.unsupportedSchema(type: type, version: schemaVersion)
        }
        let json: JSONValue
        do { json = try JSONParser.parse(upcast(type: type, schemaVersion: schemaVersion, payload: payload)) } catch {
            throw DecodingFailure.malformedPayload(type: type, detail: error.description)
        }
        return try decode(type: type, json: json)
    }

    public static func decode(type: String, json: JSONValue) throws(DecodingFailure) -> WorkstreamEvent {
        guard case .object(let o) = json else { throw .malformedPayload(type: type, detail: "not an object") }
        func text(_ key: String) throws(DecodingFailure) -> String {
            guard let s = o[key]?.string else { throw .malformedPayload(type: type, detail: "missing text '\(key)'") }
            return s
        }
        func optionalText(_ key: String) throws(DecodingFailure) -> String? {
            guard let v = o[key], v != .null else { return nil }
            guard let s = v.string else { throw .malformedPayload(type: type, detail: "'\(key)' is not text") }
            return s
        }
        func optionalNumber(_ key: String) throws(DecodingFailure) -> Double? {
            guard let v = o[key], v != .null else { return nil }
            guard let d = v.double else { throw .malformedPayload(type: type, detail: "'\(key)' is not a number") }
            return d
        }
        func flag(_ key: String) throws(DecodingFailure) -> Bool {
            guard let b = o[key]?.bool else { throw .malformedPayload(type: type, detail: "missing true/false '\(key)'") }
            return b
        }
        func texts(_ key: String) throws(DecodingFailure) -> [String] {
            guard let v = o[key], v != .null else { return [] }
            guard let a = v.array else { throw .malformedPayload(type: type, detail: "'\(key)' is not a list") }
            var out: [String] = []
            for item in a {
                guard let s = item.string else { throw .malformedPayload(type: type, detail: "'\(key)' holds something other than text") }
                out.append(s)
            }
            return out
        }
        switch type {
        case "WorkstreamDeclared":
            return .declared(.init(title: try text("title"), phase: try optionalText("phase"), owner: try optionalText("owner"),
                                   estimate: try optionalNumber("estimate")))
        case "WorkstreamDetailsChanged":
            let clear = try texts("clear")
            return .detailsChanged(.init(title: try optionalText("title"), phase: try optionalText("phase"), owner: try optionalText("owner"),
                                         estimate: try optionalNumber("estimate"), clear: o["clear"] == nil ? nil : clear))
        case "BriefWritten": return .briefWritten(.init(markdown: try text("markdown")))
        case "DependencyAdded": return .dependencyAdded(.init(dependsOn: try text("dependsOn")))
        case "DependencyRemoved": return .dependencyRemoved(.init(dependsOn: try text("dependsOn")))
        case "TaskAdded": return .taskAdded(.init(taskId: try text("taskId"), text: try text("text")))
        case "TaskCompleted": return .taskCompleted(.init(taskId: try text("taskId")))
        case "TaskReopened": return .taskReopened(.init(taskId: try text("taskId")))
        case "WorkstreamStarted": return .started(.init(agent: try text("agent"), leaseMinutes: try optionalNumber("leaseMinutes").map(wholeOrInvalid),
                                                                 head: try optionalText("head")))
        case "WorkstreamHolderResolved":
            return .holderResolved(.init(agent: try text("agent"), seen: try optionalText("seen")))
        case "DevlogEntryRecorded":
            guard let kind = LogKind(rawValue: try text("kind")) else { throw .malformedPayload(type: type, detail: "unknown kind") }
            return .logged(.init(message: try text("message"), kind: kind, hours: try optionalNumber("hours")))
        case "ArtifactRecorded":
            return .artifactRecorded(.init(name: try text("name"), value: try optionalText("value"), secret: try flag("secret"),
                                           fingerprint: try optionalText("fingerprint"), seen: try optionalText("seen")))
        case "WorkstreamBlocked": return .blocked(.init(reason: try text("reason"), seen: try optionalText("seen")))
        case "WorkstreamUnblocked": return .unblocked(.init(seen: try optionalText("seen")))
        case "ConflictResolved":
            return .conflictResolved(.init(kind: try text("kind"), name: try optionalText("name"), keep: try text("keep")))
        case "WorkstreamCompleted":
            return .completed(.init(summary: try optionalText("summary"), next: try texts("next"), forced: try flag("forced"),
                                    reason: try optionalText("reason"), openTasks: try texts("openTasks"), failedChecks: try texts("failedChecks"),
                                    evidence: try LeaseCheckCodec.decodeEvidence(o["evidence"], type: type),
                                    seen: try optionalText("seen")))
        case "WorkstreamCancelled": return .cancelled(.init(reason: try text("reason")))
        case "ProvisionRequested", "ProvisionSucceeded", "ProvisionFailed", "ProvisionPlanned":
            return try ProvisionCodec.decode(type: type, object: o)
        case "LeaseRenewed", "WorkstreamReleased", "WorkstreamTakenOver", "CheckDeclared", "CheckRan":
            return try LeaseCheckCodec.decode(type: type, object: o)
        default: throw .unknownType(type)
        }
    }

    /// A number a field holds as whole; anything else (a fraction, out of range) becomes -1, which validation refuses.
    static func wholeOrInvalid(_ d: Double) -> Int {
        d.isFinite && d == d.rounded() && abs(d) < 1e9 ? Int(d) : -1
    }

    /// Rewrites an older payload shape into the current one. Schema 1 is the
    /// first shape, so there is nothing to rewrite yet; a schema 2 adds its
    /// case here and leaves stored rows untouched.
    static func upcast(type: String, schemaVersion: Int, payload: String) -> String {
        payload
    }
}
