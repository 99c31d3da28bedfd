import Foundation

/// The dependency graph as text: Mermaid (renders on GitHub), DOT (Graphviz,
/// for SVG) and JSON. An arrow goes from a dependency to what it unblocks.
public enum GraphRenderer {
    public static func mermaid(_ summaries: [WorkstreamSummary]) -> String {
        var lines = ["graph TD"]
        for s in summaries {
            lines.append("    \(nodeId(s.id))[\"\(mermaidText(s.id)) · \(mermaidText(s.title))<br/><i>\(s.status.rawValue)\(s.agent.map { " · \(mermaidText($0))" } ?? "")</i>\"]:::\(cssClass(s.status))")
        }
        for s in summaries {
            for d in s.dependsOn { lines.append("    \(nodeId(d)) --> \(nodeId(s.id))") }
        }
        lines += [
            "    classDef planned fill:#eeeeee,stroke:#999999,color:#333333",
            "    classDef ready fill:#dbeafe,stroke:#2563eb,color:#1e3a8a",
            "    classDef in_progress fill:#fef3c7,stroke:#d97706,color:#78350f",
            "    classDef blocked fill:#fee2e2,stroke:#dc2626,color:#7f1d1d",
            "    classDef completed fill:#dcfce7,stroke:#16a34a,color:#14532d",
            "    classDef cancelled fill:#f5f5f5,stroke:#a3a3a3,color:#737373,stroke-dasharray:4",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    public static func dot(_ summaries: [WorkstreamSummary]) -> String {
        let colors: [Status: String] = [.planned: "#eeeeee", .ready: "#dbeafe", .inProgress: "#fef3c7",
                                        .blocked: "#fee2e2", .completed: "#dcfce7", .cancelled: "#f5f5f5"]
        var lines = ["digraph workstreams {", "    rankdir=LR;", "    node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];"]
        for s in summaries {
            let label = "\(s.id)\\n\(dotText(s.title))\\n\(s.status.rawValue)\(s.agent.map { " · \(dotText($0))" } ?? "")"
            lines.append("    \"\(dotText(s.id))\" [label=\"\(label)\", fillcolor=\"\(colors[s.status] ?? "#ffffff")\"];")
        }
        for s in summaries {
            for d in s.dependsOn { lines.append("    \"\(dotText(d))\" -> \"\(dotText(s.id))\";") }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    public struct JSONGraph: Codable, Equatable {
        public struct Edge: Codable, Equatable { public var from: String; public var to: String }
        public var nodes: [WorkstreamSummary]
        /// `from` must complete before `to` can start.
        public var edges: [Edge]
    }

    public static func json(_ summaries: [WorkstreamSummary]) -> JSONGraph {
        JSONGraph(nodes: summaries, edges: summaries.flatMap { s in s.dependsOn.map { JSONGraph.Edge(from: $0, to: s.id) } })
    }

    /// Mermaid node ids allow letters, digits and '_'; other characters are spelled out
    /// so distinct workstream ids stay distinct.
    static func nodeId(_ id: String) -> String {
        var out = "ws_"
        for ch in id.unicodeScalars {
            if CharacterSet.alphanumerics.contains(ch) && ch.isASCII { out.unicodeScalars.append(ch) }
            else { out += "_\(ch.value)_" }
        }
        return out
    }

    // A backtick or a line break could end the label or the ```mermaid block around it; Mermaid
    // reads a backslash sequence such as `\n` as a line break, and `#…;` as an entity.
    private static let mermaidEscapes = String.byteTable([
        "\\": "#92;", "#": "#35;", "\"": "#quot;", "<": "#lt;", ">": "#gt;", "`": "#96;", "\n": " ", "\r": " ",
        // A directive (`%%{init: …}%%`) or a comment in a label would configure or cut the graph.
        "%": "#37;", "{": "#123;", "}": "#125;",
    ])
    private static let dotEscapes = String.byteTable(["\\": "\\\\", "\"": "\\\"", "\n": "\\n", "\r": " "])

    static func mermaidText(_ s: String) -> String { s.replacingBytes(table: mermaidEscapes) }

    static func dotText(_ s: String) -> String { s.replacingBytes(table: dotEscapes) }

    static func cssClass(_ s: Status) -> String { s.rawValue }
}
