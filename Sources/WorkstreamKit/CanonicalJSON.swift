/// One canonical JSON text per value (see `JSONValue.canonical`), so a payload
/// hashes the same wherever it is re-serialized: on append, export and import.
public enum CanonicalJSON {
    public static func canonicalize(_ text: some StringProtocol) -> String? {
        (try? JSONParser.parse(text))?.canonical
    }
}
