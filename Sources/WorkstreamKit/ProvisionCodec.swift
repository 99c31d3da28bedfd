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

    static func decode(type: String, object o: [String: JSONValue]) throws(EventCodec.DecodingFailure) -> WorkstreamEvent {
        func text(_ key: String) throws(EventCodec.DecodingFailure) -> String {
            guard let s = o[key]?.string else { throw .malformedPayload(type: type, detail: "missing text '\(key)'") }
            return s
        }
        func map(_ key: String) throws(EventCodec.DecodingFailure) -> [String: String] {
            guard let v = o[key], v != .null else { return [:] }
            guard case .object(let m) = v else { throw .malformedPayload(type: type, detail: "'\(key)' is not an object") }
            var out: [String: String] = [:]
            for (k, value) in m {
                guard let s = value.string else { throw .malformedPayload(type: type, detail: "'\(key).\(k)' is not text") }
                out[k] = s
            }
            return out
        }
        func texts(_ key: String) throws(EventCodec.DecodingFailure) -> [String] {
            guard let v = o[key], v != .null else { return [] }
            guard let a = v.array else { throw .malformedPayload(type: type, detail: "'\(key)' is not a list") }
            var out: [String] = []
            for item in a {
                guard let s = item.string else { throw .malformedPayload(type: type, detail: "'\(key)' holds something other than text") }
                out.append(s)
            }
            return out
        }
        let resource = ResourceRef(provider: try text("provider"), type: try text("type"), name: try text("name"))
        guard let action = ProvisionAction(rawValue: try text("action")) else {
            throw .malformedPayload(type: type, detail: "unknown action")
        }
        switch type {
        case "ProvisionRequested":
            return .provisionRequested(.init(key: try text("key"), resource: resource, action: action,
                                             params: try map("params"), secretParams: try map("secretParams")))
        case "ProvisionSucceeded":
            return .provisionSucceeded(.init(key: try text("key"), resource: resource, action: action, outputs: try map("outputs"),
                                             secrets: try map("secrets"), commands: try texts("commands"),
                                             reconciled: o["reconciled"]?.bool ?? false))
        case "ProvisionFailed":
            return .provisionFailed(.init(key: try text("key"), resource: resource, action: action, message: try text("message"),
                                          retryable: o["retryable"]?.bool ?? false))
        default:
            return .provisionPlanned(.init(resource: resource, action: action, params: try map("params"), commands: try texts("commands")))
        }
    }
}
