import ArgumentParser
import Operations
import WorkstreamKit

struct Ready: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ready", abstract: "Workstreams that can start now: dependencies completed, nobody holds them.")
    @OptionGroup var output: JSONFlag

    func run() throws { try Self.execute(json: output.json) }

    static func execute(json: Bool) throws {
        // Held work whose lease ran out comes back: listed after the ready work, marked stale, to take over.
        let ready = try Workspace.open(readOnly: true).ready()
        if json { return Output.jsonLine(ready.listed.jsonBuffer(), keeping: ready.listed) }
        Output.line(ready.table)
    }
}

struct Blocked: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "blocked", 
        abstract: "Workstreams that cannot start, with the chain that blocks each and the work that must move first.")
    @OptionGroup var output: JSONFlag

    func run() throws { try Self.execute(json: output.json) }

    static func execute(json: Bool) throws {
        let ws = try Workspace.open(readOnly: true)
        if json {
            let answer = try ws.blockedJSON()
            return Output.jsonLine(answer.json, keeping: answer.computed as Any)
        }
        Output.line(try ws.blocked().table)
    }
}
