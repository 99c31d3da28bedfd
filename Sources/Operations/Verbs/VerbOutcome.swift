import WorkstreamKit

/// What a verb answers, whichever front end asked: one JSON document (MCP's `structuredContent`)
/// and one text (what the CLI prints, MCP's `content`). Front ends only choose which to show.
public protocol VerbOutcome {
    /// Throws only where it is an Encodable document (`JSONValue.encoding`), read lazily.
    var json: JSONValue { get throws }
    var text: String { get }
}

/// An answer put together from parts (a verb not yet given an outcome type of its own).
public struct Answer: VerbOutcome {
    public var json: JSONValue
    public var text: String
    public init(json: JSONValue, text: String) { (self.json, self.text) = (json, text) }
}

/// Small builders for the JSON the verbs answer with: objects that leave out absent values, and
/// Encodable documents (the CLI's `--json`) turned into `JSONValue`, so MCP and the CLI answer with one shape.
extension JSONValue {
    /// An object of the pairs whose value is present.
    public static func fields(_ pairs: KeyValuePairs<String, JSONValue?>) -> JSONValue {
        var fields: [String: JSONValue] = [:]
        for (key, value) in pairs { if let value { fields[key] = value } }
        return .object(fields)
    }

    public static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }

    /// The value as the CLI's `--json` prints it, parsed back rather than sent as it is: JSONEncoder sorts keys
    /// byte-wise, MCP's canonical writer case-insensitively (a provision's parameter names would move).
    public static func encoding<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONParser.parse(bytes: try CanonicalJSON.encode(value))
    }

    public var object: [String: JSONValue]? { if case .object(let o) = self { return o }; return nil }
}
