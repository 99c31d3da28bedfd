/// The stored shape of the provisioning events, kept apart from the other
/// events because each carries a resource and maps of names to values.
enum ProvisionCodec {
    // One function per event struct, called from `EventCodec.payload`'s
    // exhaustive switch: a new event cannot fall through to an empty payload.
    static func payload(_ p: WorkstreamEvent.ProvisionRequested) -> JSONValue {
        var o = resource(p.resource, p.action)
        o["key"] = .string(p.key)
        o["params"] = map(p.params)
        o["secretParams"] = map(p.secretParams)
        return .object(o)
    }

    static func payload(_ p: WorkstreamEvent.ProvisionSucceeded) -> JSONValue {
        var o = resource(p.resource, p.action)
        o["key"] = .string(p.key)
        o["outputs"] = map(p.outputs)
        o["secrets"] = map(p.secrets)
        o["commands"] = .array(p.commands.map { .string($0) })
        if p.reconciled { o["reconciled"] = .bool(true) }
        return .object(o)
    }

    static func payload(_ p: WorkstreamEvent.ProvisionFailed) -> JSONValue {
        var o = resource(p.resource, p.action)
        o["key"] = .string(p.key)
        o["message"] = .string(p.message)
        o["retryable"] = .bool(p.retryable)
        return .object(o)
    }

    static func payload(_ p: WorkstreamEvent.ProvisionPlanned) -> JSONValue {
        var o = resource(p.resource, p.action)
        o["params"] = map(p.params)
        o["commands"] = .array(p.commands.map { .string($0) })
        return .object(o)
    }

    private static func resource(_ r: ResourceRef, _ action: ProvisionAction) -> [String: JSONValue] {
        ["provider": .string(r.provider), "type": .string(r.type), "name": .string(r.name), "action": .string(action.rawValue)]
    }

    private static func map(_ m: [String: String]) -> JSONValue { .object(m.mapValues { .string($0) }) }

    // One decoder per event struct, called from `EventCodec.decode`'s exhaustive switch over `EventType`.
    static func requested(_ f: PayloadFields) throws(EventCodec.DecodingFailure) -> WorkstreamEvent.ProvisionRequested {
        let (resource, action) = try resource(f)
        return .init(key: try f.text("key"), resource: resource, action: action, params: try f.map("params"),
                     secretParams: try f.map("secretParams"))
    }

    static func succeeded(_ f: PayloadFields) throws(EventCodec.DecodingFailure) -> WorkstreamEvent.ProvisionSucceeded {
        let (resource, action) = try resource(f)
        return .init(key: try f.text("key"), resource: resource, action: action, outputs: try f.map("outputs"),
                     secrets: try f.map("secrets"), commands: try f.texts("commands"), reconciled: f.optionalFlag("reconciled"))
    }

    static func failed(_ f: PayloadFields) throws(EventCodec.DecodingFailure) -> WorkstreamEvent.ProvisionFailed {
        let (resource, action) = try resource(f)
        return .init(key: try f.text("key"), resource: resource, action: action, message: try f.text("message"),
                     retryable: f.optionalFlag("retryable"))
    }

    static func planned(_ f: PayloadFields) throws(EventCodec.DecodingFailure) -> WorkstreamEvent.ProvisionPlanned {
        let (resource, action) = try resource(f)
        return .init(resource: resource, action: action, params: try f.map("params"), commands: try f.texts("commands"))
    }

    private static func resource(_ f: PayloadFields) throws(EventCodec.DecodingFailure) -> (ResourceRef, ProvisionAction) {
        let resource = ResourceRef(provider: try f.text("provider"), type: try f.text("type"), name: try f.text("name"))
        guard let action = ProvisionAction(rawValue: try f.text("action")) else { throw f.failure("unknown action") }
        return (resource, action)
    }
}
