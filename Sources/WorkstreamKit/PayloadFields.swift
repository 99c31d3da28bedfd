/// Reads the fields of one stored payload, refusing a field of the wrong shape
/// with a message that names the event type and the field. Shared by every
/// event's decoder (`EventCodec`, `ProvisionCodec`).
struct PayloadFields {
    typealias Failure = EventCodec.DecodingFailure
    let type: String
    let object: [String: JSONValue]

    subscript(key: String) -> JSONValue? { object[key] }

    func failure(_ detail: String) -> Failure { .malformedPayload(type: type, detail: detail) }

    func text(_ key: String) throws(Failure) -> String {
        guard let s = object[key]?.string else { throw failure("missing text '\(key)'") }
        return s
    }

    func optionalText(_ key: String) throws(Failure) -> String? {
        guard let v = present(key) else { return nil }
        guard let s = v.string else { throw failure("'\(key)' is not text") }
        return s
    }

    func optionalNumber(_ key: String) throws(Failure) -> Double? {
        guard let v = present(key) else { return nil }
        guard let d = v.double else { throw failure("'\(key)' is not a number") }
        return d
    }

    func optionalInt(_ key: String) throws(Failure) -> Int? {
        guard let v = present(key) else { return nil }
        guard let i = v.int, abs(i) <= Int64(Int32.max) else { throw failure("'\(key)' is not a whole number") }
        return Int(i)
    }

    func int(_ key: String) throws(Failure) -> Int {
        guard let i = try optionalInt(key) else { throw failure("missing number '\(key)'") }
        return i
    }

    func flag(_ key: String) throws(Failure) -> Bool {
        guard let b = object[key]?.bool else { throw failure("missing true/false '\(key)'") }
        return b
    }

    /// A flag older payloads leave out when false.
    func optionalFlag(_ key: String) -> Bool { object[key]?.bool ?? false }

    func texts(_ key: String) throws(Failure) -> [String] {
        guard let v = present(key) else { return [] }
        guard let a = v.array else { throw failure("'\(key)' is not a list") }
        var out: [String] = []
        for item in a {
            guard let s = item.string else { throw failure("'\(key)' holds something other than text") }
            out.append(s)
        }
        return out
    }

    func map(_ key: String) throws(Failure) -> [String: String] {
        guard let v = present(key) else { return [:] }
        guard case .object(let m) = v else { throw failure("'\(key)' is not an object") }
        var out: [String: String] = [:]
        for (k, value) in m {
            guard let s = value.string else { throw failure("'\(key).\(k)' is not text") }
            out[k] = s
        }
        return out
    }

    /// A completion's evidence (nil in events older than evidence).
    func evidence(_ key: String) throws(Failure) -> Evidence? {
        guard let v = present(key) else { return nil }
        guard case .object(let o) = v else { throw failure("'\(key)' is not an object") }
        guard let items = o["files"]?.array, case let files = items.compactMap(\.string), files.count == items.count,
              let commitValues = o["commits"]?.array else {
            throw failure("'\(key)' needs 'commits' and 'files' lists")
        }
        var commits: [Evidence.Commit] = []
        for c in commitValues {
            guard let id = c["id"]?.string, let summary = c["summary"]?.string, let author = c["author"]?.string else {
                throw failure("an evidence commit needs 'id', 'summary' and 'author'")
            }
            commits.append(.init(id: id, summary: summary, author: author))
        }
        return Evidence(base: o["base"]?.string, head: o["head"]?.string, commits: commits, files: files,
                        truncated: o["truncated"]?.bool ?? false)
    }

    private func present(_ key: String) -> JSONValue? {
        guard let v = object[key], v != .null else { return nil }
        return v
    }
}
