import WorkstreamKit

/// `ws quarantine`: the journal lines this clone did not import, and why. Encodes as `ws quarantine --json`.
public struct QuarantineOutcome: Encodable {
    struct Item: Encodable {
        var file: String
        var line: Int
        var eventId: String?
        var reason: String
        var text: String
    }
    var items: [Item]

    public func encode(to encoder: Encoder) throws { try items.encode(to: encoder) }

    public var text: String {
        if items.isEmpty { return "no quarantined journal lines" }
        return (items.flatMap { i in
            let id = i.eventId.map { "  \(Text.printable($0, 64))" } ?? ""
            return ["\(Text.printable(i.file, 300)):\(i.line)\(id)", "  why: \(Text.printable(i.reason, 600))",
                    "  line: \(i.text)"]
        } + ["drop one with 'ws quarantine drop <file:line>' (or its event id); 'ws sync' drops them all"])
            .joined(separator: "\n")
    }
}

extension Workspace {
    public func quarantine() throws -> QuarantineOutcome {
        QuarantineOutcome(items: try quarantineReport().map { q in
            .init(file: q.file, line: q.line, eventId: q.eventId, reason: q.reason,
                  text: QuarantinedLines.text(of: q, in: location.workTree))
        })
    }
}
