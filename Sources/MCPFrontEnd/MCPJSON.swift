import Foundation
import Operations
import WorkstreamKit

/// Small builders for the JSON the MCP server writes: objects that leave out
/// absent values, and Encodable answers (the CLI's own `--json` documents)
/// turned into `JSONValue`, so MCP and the CLI answer with one shape.
extension JSONValue {
    /// An object of the pairs whose value is present.
    static func fields(_ pairs: KeyValuePairs<String, JSONValue?>) -> JSONValue {
        var fields: [String: JSONValue] = [:]
        for (key, value) in pairs { if let value { fields[key] = value } }
        return .object(fields)
    }

    static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }

    /// The value as the CLI's `--json` prints it.
    static func encoding<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONParser.parse(bytes: try CanonicalJSON.encode(value))
    }

    /// Listings written by the hand-made writers of `ws ready --json` and `ws blocked --json`.
    static func fastJSON(_ write: (JSONBuffer) -> Void) throws -> JSONValue {
        let out = JSONBuffer(capacity: 4096)
        write(out)
        return try out.withBytes { try JSONParser.parse(bytes: Array($0)) }
    }

    var object: [String: JSONValue]? { if case .object(let o) = self { return o }; return nil }
}
