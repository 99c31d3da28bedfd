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
        let detail = try ws.ledger.detail(id)
        // Dependencies first, so the workstream's own values win when a shell sources the lines.
        var sources: [Workstream] = []
        for dep in detail.dependencies { sources.append(try ws.ledger.detail(dep.id).workstream) }
        sources.append(detail.workstream)
        // Every line is made before any is printed: a failure (a damaged secret store) prints nothing,
        // so `eval "$(ws env …)"` never sets half of the variables.
        var lines: [String] = []
        for w in sources where !w.artifacts.isEmpty {
            // A comment line: whatever the title holds (a log from before titles were checked, say), it stays one line.
            lines.append("# \(w.id): \(Text.printable(w.title, 200))")
            for a in w.artifacts {
                let value = a.secret ? try ws.secrets.value(workstream: w.id, name: a.name) : a.value
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

    /// The variables `ws env <id>` prints, in the same order (dependencies first, so the
    /// workstream's own values win); secrets this clone's store lacks are left out.
    static func variables(for id: String, in ws: Workspace) throws -> [Variable] {
        let detail = try ws.ledger.detail(id)
        var sources: [Workstream] = []
        for dep in detail.dependencies { sources.append(try ws.ledger.detail(dep.id).workstream) }
        sources.append(detail.workstream)
        var out: [Variable] = []
        for w in sources {
            for a in w.artifacts {
                let value = a.secret ? try ws.secrets.value(workstream: w.id, name: a.name) : a.value
                if let value { out.append(Variable(name: a.name, value: value, secret: a.secret)) }
            }
        }
        return out
    }
}
