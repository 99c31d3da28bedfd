import ArgumentParser
import Foundation
import WorkstreamKit

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "new", abstract: "Declare a workstream.")

    @Argument(help: "Its id, e.g. A1 or stage-4.") var id: String
    @Option(help: "What it is about.") var title: String
    @Option(help: "Phase or stage.") var phase: String?
    @Option(help: "Owner role.") var owner: String?
    @Option(help: "Estimate in hours.") var estimate: Double?
    @Option(name: .customLong("depends-on"), help: "Ids it waits for, comma-separated.") var dependsOn: [String] = []
    @Option(name: .customLong("brief-file"), help: "A markdown brief; its '- [ ]' lines become tasks.") var briefFile: String?
    @OptionGroup var agent: AgentOption

    func run() throws {
        let ws = try Workspace.open()
        let brief = try briefFile.map(readText)
        let deps = dependsOn.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
        let outcome = try ws.execute(.declare(Declaration(id: id, title: title, phase: phase, owner: owner, estimate: estimate,
                                                          dependsOn: deps, brief: brief)), actor: ws.actor(agent.agent), commit: false)
        let status = outcome.state.status(of: id)?.rawValue ?? "planned"
        let tasks = outcome.state[id]?.tasks.count ?? 0
        Output.line("declared \(id) (\(status))" + (tasks > 0 ? ", \(tasks) task\(tasks == 1 ? "" : "s") from the brief" : ""))
    }
}

/// Reads a file's bytes, or standard input for "-".
func readData(_ path: String) throws -> Data {
    if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
    do { return try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
        throw CLIError(code: ExitCodes.error, message: "cannot read \(path): \(error.localizedDescription)")
    }
}

/// Reads a file, or standard input for "-".
func readText(_ path: String) throws -> String {
    if path == "-" { return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) }
    do { return try String(contentsOfFile: path, encoding: .utf8) } catch {
        throw CLIError(code: ExitCodes.error, message: "cannot read \(path): \(error.localizedDescription)")
    }
}
