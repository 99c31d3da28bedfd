/// One canonical JSON text per value (see `JSONValue.canonical`), so a payload
/// hashes the same wherever it is re-serialized: on append, export and import.
public enum CanonicalJSON {
    public static func canonicalize(_ text: some StringProtocol) -> String? {
        (try? JSONParser.parse(text))?.canonical
    }

    /// An Encodable answer as every `--json` prints it: sorted keys, slashes
    /// left alone. The CLI, `ws mcp` and the board's `/api/…` all encode
    /// through here, so one document has one byte form wherever it is read.
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }
}
