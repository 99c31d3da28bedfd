import WorkstreamKit

/// Conflicts and register setters are stored as JSON in one column each: they are
/// rare, small, and only read whole. Sorted keys, so a rebuild writes the same bytes.
public enum ConflictJSON {
    /// Nil for an empty value, so the column stays NULL in the common case.
    public static func encode<T: Encodable & Collection>(_ value: T) throws -> String? {
        guard !value.isEmpty else { return nil }
        return try CanonicalJSON.text(value)
    }

    public static func decode<T: Decodable>(_ type: T.Type, _ text: String?) -> T? {
        guard let text, !text.isEmpty else { return nil }
        return try? CanonicalJSON.decode(type, from: text)
    }
}
