import ArgumentParser
import Foundation
import Providers
import WorkstreamKit

struct Env: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "env", 
        abstract: "Print NAME=value lines (secrets included) for a workstream and what it depends on, for a shell or a .env file.")

    @Argument(help: "The workstream.") var id: String

    func run() throws {
        let ws = try Workspace.open(readOnly: true)
        // Every line is made before any is printed: a failure (a damaged secret store) prints nothing,
        // so `eval "$(ws env …)"` never sets half of the variables.
        var lines: [String] = []
        for source in try Self.sources(for: id, in: ws) where !source.values.isEmpty {
            // A comment line: whatever the title holds (a log from before titles were checked, say), it stays one line.
            lines.append("# \(source.workstream.id): \(Text.printable(source.workstream.title, 200))")
            for (a, value) in source.values {
                if let value { lines.append("\(a.name)=\(ShellQuote.quote(value))") }
                else { lines.append("# \(a.name): secret not in this clone's secret store (\(a.fingerprint ?? "no fingerprint"))") }
            }
        }
        for line in lines { Output.line(line) }
    }
}

extension Env {
    /// One variable `ws env` prints, for checks to run with.
    struct Variable {
        var name: String
        var value: String
        var secret: Bool
    }

    /// A workstream `ws env` reads, with each artifact's value (nil: a secret this clone's store lacks).
    struct Source {
        var workstream: Workstream
        var values: [(artifact: Artifact, value: String?)]
    }

    /// The one walk behind `ws env` and the checks' environment: dependencies first,
    /// so the workstream's own values win when a shell sources the lines.
    static func sources(for id: String, in ws: Workspace) throws -> [Source] {
        let detail = try ws.ledger.detail(id)
        var workstreams: [Workstream] = []
        for dep in detail.dependencies { workstreams.append(try ws.ledger.detail(dep.id).workstream) }
        workstreams.append(detail.workstream)
        return try workstreams.map { w in
            Source(workstream: w, values: try w.artifacts.map { a in
                (a, a.secret ? try ws.secrets.value(workstream: w.id, name: a.name) : a.value)
            })
        }
    }

    /// The variables `ws env <id>` prints, in the same order; secrets this clone's store lacks are left out.
    static func variables(for id: String, in ws: Workspace) throws -> [Variable] {
        try sources(for: id, in: ws).flatMap { source in
            source.values.compactMap { a, value in value.map { Variable(name: a.name, value: $0, secret: a.secret) } }
        }
    }
}
