import ArgumentParser
import Foundation
import Providers
import WorkstreamKit

struct Env: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "env",
        abstract: "Print NAME=value lines (secrets included) for a workstream and what it depends on.",
        discussion: """
            Each variable is one line, whatever its value. --format shell (the default) is for \
            'source <(ws env ID)' or 'eval "$(ws env ID)"': values are single-quoted, and a value with a line \
            break or another control character is written $'…' with escapes. --format env-file is for \
            'docker --env-file' and other readers that take each line as NAME=value, verbatim: values are not \
            quoted, and a value that cannot be written on one line is refused (exit 1, naming the artifact; \
            nothing is printed). Artifacts named like a variable that changes how programs run (PATH, LD_*, \
            GIT_*, …; see docs/exec-and-secrets.md) are never printed: an old log that holds one gets a \
            warning on stderr.
            """)

    @Argument(help: "The workstream.") var id: String
    @Option(help: "shell (quoted, for a shell to source) or env-file (verbatim NAME=value lines).")
    var format: EnvFormat = .shell

    func run() throws {
        let ws = try Workspace.open(readOnly: true)
        // Every line is made before any is printed: a failure (a damaged secret store, a value the format cannot hold)
        // prints nothing, so `eval "$(ws env …)"` never sets half of the variables.
        var lines: [String] = []
        let sources = try Self.sources(for: id, in: ws)
        for source in sources where !source.values.isEmpty {
            // A comment line: whatever the title holds (a log from before titles were checked, say), it stays one line.
            lines.append("# \(source.workstream.id): \(Text.printable(source.workstream.title, 200))")
            for (a, value) in source.values {
                if let value { lines.append(try format.line(name: a.name, value: value, of: source.workstream.id)) }
                else {
                    let fingerprint = EventValidation.shown(fingerprint: a.fingerprint)
                    lines.append("# \(a.name): secret not in this clone's secret store (\(fingerprint))")
                }
            }
        }
        for source in sources {
            for a in source.refused {
                let name = Text.printable(a.name, 80)
                Output.error("ws env: left out \(name) of \(source.workstream.id): \(ReservedVariables.rule)")
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
        /// Artifacts an older log (or a record made before the rule) holds under a name no artifact may have now:
        /// never in the environment, whichever clone recorded them.
        var refused: [Artifact]
    }

    /// The one walk behind `ws env` and the checks' environment: dependencies first,
    /// so the workstream's own values win when a shell sources the lines.
    static func sources(for id: String, in ws: Workspace) throws -> [Source] {
        let detail = try ws.ledger.detail(id)
        var workstreams: [Workstream] = []
        for dep in detail.dependencies { workstreams.append(try ws.ledger.detail(dep.id).workstream) }
        workstreams.append(detail.workstream)
        return try workstreams.map { w in
            let allowed = w.artifacts.filter(isAllowed)
            return Source(workstream: w, values: try allowed.map { a in
                (a, a.secret ? try ws.secrets.value(workstream: w.id, name: a.name) : a.value)
            }, refused: w.artifacts.filter { !isAllowed($0) })
        }
    }

    /// The name rule of `ws artifact` (shape and `ReservedVariables`), asked again of what is in the log.
    static func isAllowed(_ a: Artifact) -> Bool { (try? Validation.artifactName(a.name)) != nil }

    /// The variables `ws env <id>` prints, in the same order; secrets this clone's store lacks are left out.
    static func variables(for id: String, in ws: Workspace) throws -> [Variable] {
        try sources(for: id, in: ws).flatMap { source in
            source.values.compactMap { a, value in value.map { Variable(name: a.name, value: $0, secret: a.secret) } }
        }
    }
}
