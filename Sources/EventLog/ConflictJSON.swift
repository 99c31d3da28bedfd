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

    /// A map of strings to strings (the journal files' blob ids at the last look: 10,289 of them at 10,000
    /// workstreams), read with ws's own parser: JSONDecoder took 14 ms of the first `ws complete` after a rewritten
    /// history. Anything but strings goes to the decoder, so both read every text alike.
    public static func stringMap(_ text: String?) -> [String: String]? {
        guard let text, !text.isEmpty else { return nil }
        guard case .object(let members)? = try? JSONParser.parse(text) else {
            return decode([String: String].self, text)
        }
        var map: [String: String] = [:]
        map.reserveCapacity(members.count)
        for (key, value) in members {
            guard case .string(let string) = value else { return decode([String: String].self, text) }
            map[key] = string
        }
        return map
    }

    /// `encode` of a map of strings, written by hand (keys in code-point order, strings escaped as
    /// `JSONValue.writeString` does), in a fraction of the encoder's time: JSONDecoder and `stringMap` read it back
    /// as the map it was, whatever its strings hold (`StringMapJSONTests`).
    public static func encode(stringMap map: [String: String]) -> String? {
        guard !map.isEmpty else { return nil }
        let out = JSONBuffer(capacity: map.count * 64)
        out.append(UInt8(ascii: "{"))
        for (i, key) in map.keys.sorted().enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.string(key)
            out.append(UInt8(ascii: ":"))
            out.string(map[key] ?? "")
        }
        out.append(UInt8(ascii: "}"))
        return out.withBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// The registers column (`Workstream.setters`). Every append loads its workstream's registers, and JSONDecoder
    /// took 1.8 M of the 15.9 M instructions of a `ws log` on the bench's 100-workstream plan (two of them Swift
    /// runtime conformance scans, callgrind). A register is nearly always three strings and sometimes `kept`: that
    /// shape is read from ws's own parser; any other (`sides`, a null, a missing or extra field) goes to the
    /// decoder as before, so both read every text alike (`RegistersReaderTests` holds them to it).
    public static func registers(_ text: String?) -> [String: Setter]? {
        guard let text, !text.isEmpty else { return nil }
        return plainRegisters(text) ?? decode([String: Setter].self, text)
    }

    /// The registers when every one has the plain shape, else nil.
    static func plainRegisters(_ text: String) -> [String: Setter]? {
        guard case .object(let members)? = try? JSONParser.parse(text) else { return nil }
        var registers: [String: Setter] = [:]
        registers.reserveCapacity(members.count)
        for (key, value) in members {
            guard case .object(let fields) = value, case .string(let eventId)? = fields["eventId"],
                  case .string(let actor)? = fields["actor"], case .string(let time)? = fields["time"] else {
                return nil
            }
            var kept: String?
            if let field = fields["kept"] {
                guard case .string(let text) = field else { return nil }
                kept = text
            }
            guard fields.count == (kept == nil ? 3 : 4) else { return nil }
            registers[key] = Setter(eventId: eventId, actor: actor, time: time, kept: kept)
        }
        return registers
    }
}
