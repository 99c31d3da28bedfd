import ArgumentParser
import Operations
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
        let sources = try WorkstreamEnvironment.sources(for: id, in: ws)
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
