/// The stored shape of a completion's evidence: canonical JSON by hand, like
/// every payload (`EventCodec`).
enum LeaseCheckCodec {
    static func evidence(_ e: Evidence) -> JSONValue {
        var o: [String: JSONValue] = [:]
        if let base = e.base { o["base"] = .string(base) }
        if let head = e.head { o["head"] = .string(head) }
        o["commits"] = .array(e.commits.map { .object(["id": .string($0.id), "summary": .string($0.summary), "author": .string($0.author)]) })
        o["files"] = .array(e.files.map { .string($0) })
        if e.truncated { o["truncated"] = .bool(true) }
        return .object(o)
    }

    static func decodeEvidence(_ v: JSONValue?, type: String) throws(EventCodec.DecodingFailure) -> Evidence? {
        guard let v, v != .null else { return nil }
        guard case .object(let o) = v else { throw .malformedPayload(type: type, detail: "'evidence' is not an object") }
        func texts(_ items: [JSONValue]?) -> [String]? {
            guard let items else { return nil }
            let out = items.compactMap(\.string)
            return out.count == items.count ? out : nil
        }
        guard let files = texts(o["files"]?.array), let commitValues = o["commits"]?.array else {
            throw .malformedPayload(type: type, detail: "'evidence' needs 'commits' and 'files' lists")
        }
        var commits: [Evidence.Commit] = []
        for c in commitValues {
            guard let id = c["id"]?.string, let summary = c["summary"]?.string, let author = c["author"]?.string else {
                throw .malformedPayload(type: type, detail: "an evidence commit needs 'id', 'summary' and 'author'")
            }
            commits.append(.init(id: id, summary: summary, author: author))
        }
        return Evidence(base: o["base"]?.string, head: o["head"]?.string, commits: commits, files: files, truncated: o["truncated"]?.bool ?? false)
    }
}
