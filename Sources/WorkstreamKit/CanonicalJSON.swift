import Foundation

/// One canonical JSON text per value (see `JSONValue.canonical`), so a payload
/// hashes the same wherever it is re-serialized: on append, export and import.
/// It is also the one bridge between Codable types and JSON, both ways: every
/// `--json` answer, read-model column and state file goes through here.
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

    /// `encode` as text, for a column or a file.
    public static func text<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }

    public static func decode<T: Decodable>(_ type: T.Type, from text: some StringProtocol) throws -> T {
        try decode(type, from: Data(text.utf8))
    }

    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try JSONDecoder().decode(type, from: data)
    }
}
