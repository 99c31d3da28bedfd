import Foundation

/// One canonical JSON text per value (sorted keys, no white space), so a
/// payload hashes the same wherever it is re-serialized: on append, on export
/// and on import.
public enum CanonicalJSON {
    public static func canonicalize(_ data: Data) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return nil }
        return serialize(object)
    }

    public static func serialize(_ object: Any) -> String? {
        guard JSONSerialization.isValidJSONObject(object) || object is String || object is NSNumber || object is NSNull,
              let out = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
        else { return nil }
        return String(decoding: out, as: UTF8.self)
    }
}
