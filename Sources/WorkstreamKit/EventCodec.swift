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

    /// The stored type name, declared once in the registry (`EventType`).
    public static func typeName(of event: WorkstreamEvent) -> String { event.type.rawValue }

    /// The payload as canonical JSON: sorted keys, no white space, absent optionals left out.
    public static func encodePayload(_ event: WorkstreamEvent) -> String { payload(event).canonical }

    public static func payload(_ event: WorkstreamEvent) -> JSONValue {
        var o: [String: JSONValue] = [:]
        func put(_ key: String, _ s: String?) { if let s { o[key] = .string(s) } }
        func put(_ key: String, _ d: Double?) { if let d { o[key] = .double(d) } }
        func put(_ key: String, _ i: Int?) { if let i { o[key] = .int(Int64(i)) } }
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
            put("leaseMinutes", p.leaseMinutes)
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
            if let evidence = p.evidence { o["evidence"] = Self.evidence(evidence) }
            put("seen", p.seen)
        case .cancelled(let p): put("reason", p.reason)
        case .provisionRequested(let p): return ProvisionCodec.payload(p)
        case .provisionSucceeded(let p): return ProvisionCodec.payload(p)
        case .provisionFailed(let p): return ProvisionCodec.payload(p)
        case .provisionPlanned(let p): return ProvisionCodec.payload(p)
        case .leaseRenewed(let p): put("agent", p.agent); put("leaseMinutes", p.leaseMinutes)
        case .released(let p): put("agent", p.agent); put("reason", p.reason)
        case .takenOver(let p):
            put("agent", p.agent); put("previous", p.previous); o["forced"] = .bool(p.forced)
            put("leaseMinutes", p.leaseMinutes); put("expiredAt", p.expiredAt); put("reason", p.reason)
        case .checkDeclared(let p): put("name", p.name); put("run", p.run)
        case .checkRan(let p):
            put("name", p.name); put("run", p.run); put("exitCode", p.exitCode); put("durationMs", p.durationMs)
            put("output", p.output); o["timedOut"] = .bool(p.timedOut)
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
        guard let kind = EventType(rawValue: type) else { throw .unknownType(type) }
        let f = PayloadFields(type: type, object: o)
        switch kind {
        case .declared:
            return .declared(.init(title: try f.text("title"), phase: try f.optionalText("phase"),
                                   owner: try f.optionalText("owner"), estimate: try f.optionalNumber("estimate")))
        case .detailsChanged:
            let clear = try f.texts("clear")
            return .detailsChanged(.init(title: try f.optionalText("title"), phase: try f.optionalText("phase"),
                                         owner: try f.optionalText("owner"), estimate: try f.optionalNumber("estimate"),
                                         clear: o["clear"] == nil ? nil : clear))
        case .briefWritten: return .briefWritten(.init(markdown: try f.text("markdown")))
        case .dependencyAdded: return .dependencyAdded(.init(dependsOn: try f.text("dependsOn")))
        case .dependencyRemoved: return .dependencyRemoved(.init(dependsOn: try f.text("dependsOn")))
        case .taskAdded: return .taskAdded(.init(taskId: try f.text("taskId"), text: try f.text("text")))
        case .taskCompleted: return .taskCompleted(.init(taskId: try f.text("taskId")))
        case .taskReopened: return .taskReopened(.init(taskId: try f.text("taskId")))
        case .started:
            return .started(.init(agent: try f.text("agent"), leaseMinutes: try f.optionalNumber("leaseMinutes").map(wholeOrInvalid),
                                  head: try f.optionalText("head")))
        case .holderResolved: return .holderResolved(.init(agent: try f.text("agent"), seen: try f.optionalText("seen")))
        case .logged:
            guard let kind = LogKind(rawValue: try f.text("kind")) else { throw f.failure("unknown kind") }
            return .logged(.init(message: try f.text("message"), kind: kind, hours: try f.optionalNumber("hours")))
        case .artifactRecorded:
            return .artifactRecorded(.init(name: try f.text("name"), value: try f.optionalText("value"), secret: try f.flag("secret"),
                                           fingerprint: try f.optionalText("fingerprint"), seen: try f.optionalText("seen")))
        case .blocked: return .blocked(.init(reason: try f.text("reason"), seen: try f.optionalText("seen")))
        case .unblocked: return .unblocked(.init(seen: try f.optionalText("seen")))
        case .conflictResolved:
            return .conflictResolved(.init(kind: try f.text("kind"), name: try f.optionalText("name"), keep: try f.text("keep")))
        case .completed:
            return .completed(.init(summary: try f.optionalText("summary"), next: try f.texts("next"), forced: try f.flag("forced"),
                                    reason: try f.optionalText("reason"), openTasks: try f.texts("openTasks"),
                                    failedChecks: try f.texts("failedChecks"),
                                    evidence: try f.evidence("evidence"),
                                    seen: try f.optionalText("seen")))
        case .cancelled: return .cancelled(.init(reason: try f.text("reason")))
        case .provisionRequested: return .provisionRequested(try ProvisionCodec.requested(f))
        case .provisionSucceeded: return .provisionSucceeded(try ProvisionCodec.succeeded(f))
        case .provisionFailed: return .provisionFailed(try ProvisionCodec.failed(f))
        case .provisionPlanned: return .provisionPlanned(try ProvisionCodec.planned(f))
        case .leaseRenewed: return .leaseRenewed(.init(agent: try f.text("agent"), leaseMinutes: try f.optionalInt("leaseMinutes")))
        case .released: return .released(.init(agent: try f.text("agent"), reason: try f.optionalText("reason")))
        case .takenOver:
            return .takenOver(.init(agent: try f.text("agent"), previous: try f.text("previous"),
                                    leaseMinutes: try f.optionalInt("leaseMinutes"), expiredAt: try f.optionalText("expiredAt"),
                                    forced: f.optionalFlag("forced"), reason: try f.optionalText("reason")))
        case .checkDeclared: return .checkDeclared(.init(name: try f.text("name"), run: try f.text("run")))
        case .checkRan:
            return .checkRan(.init(name: try f.text("name"), run: try f.text("run"), exitCode: try f.int("exitCode"),
                                   durationMs: try f.int("durationMs"), output: try f.text("output"),
                                   timedOut: f.optionalFlag("timedOut")))
        }
    }

    static func evidence(_ e: Evidence) -> JSONValue {
        var o: [String: JSONValue] = ["files": .array(e.files.map { .string($0) })]
        if let base = e.base { o["base"] = .string(base) }
        if let head = e.head { o["head"] = .string(head) }
        o["commits"] = .array(e.commits.map { .object(["id": .string($0.id), "summary": .string($0.summary), "author": .string($0.author)]) })
        if e.truncated { o["truncated"] = .bool(true) }
        return .object(o)
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
