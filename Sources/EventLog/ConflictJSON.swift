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
