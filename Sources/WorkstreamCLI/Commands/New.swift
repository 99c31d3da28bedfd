import Foundation
import ArgumentParser
import Operations
import WorkstreamKit

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "new", abstract: "Declare a workstream.")

    @Argument(help: "Its id, e.g. A1 or stage-4.") var id: String
    @Option(help: "What it is about.") var title: String
    @Option(help: "Phase or stage.") var phase: String?
    @Option(help: "Owner role.") var owner: String?
    @Option(help: "Estimate in hours (a plain decimal number).") var estimate: String?
    @Option(name: .customLong("depends-on"), help: "Ids it waits for, comma-separated.") var dependsOn: [String] = []
    @Option(name: .customLong("brief-file"), help: "A markdown brief; its '- [ ]' lines become tasks.") var briefFile: String?
    @OptionGroup var agent: AgentOption

    func run() throws {
        let estimate = try PlainNumber.parse(estimate, option: "estimate")
        let ws = try Workspace.open()
        let brief = try briefFile.map { try readText($0) }
        let deps = dependsOn.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
        let declaration = Declaration(id: id, title: title, phase: phase, owner: owner, estimate: estimate, dependsOn: deps, brief: brief)
        Output.line(try ws.declare(declaration, actor: ws.actor(agent.agent)).text)
    }
}

/// Reads a file's bytes, or standard input for "-". Pipes and process substitutions
/// (`<(…)`, `/dev/stdin`) are read as streams: Foundation's whole-file read refuses them.
func readData(_ path: String, limit: Int = Limits.planFile) throws -> Data {
    let shown = Text.printable(path, 120)
    guard path == "-" || FileManager.default.fileExists(atPath: path) else {
        throw CLIError(code: ExitCodes.error, message: "cannot read \(shown): no such file")
    }
    if path != "-", let problem = FileProblem.forReading(path) {
        throw CLIError(code: ExitCodes.error, message: "cannot read \(shown): \(problem)")
    }
    guard let handle = path == "-" ? FileHandle.standardInput : FileHandle(forReadingAtPath: path) else {
        throw CLIError(code: ExitCodes.error, message: "cannot read \(shown): permission denied or not a readable file")
    }
    var data = Data()
    while true {
        let chunk: Data
        do { chunk = try handle.read(upToCount: 1 << 20) ?? Data() } catch {
            throw CLIError(code: ExitCodes.error, message: "cannot read \(shown): \(FileProblem.reason(error))")
        }
        if chunk.isEmpty { return data }
        data.append(chunk)
        if data.count > limit {
            throw CLIError(code: ExitCodes.error, message: "\(shown) is larger than \(Limits.describe(limit)), the most ws reads from a file")
        }
    }
}

/// Reads UTF-8 text from a file or standard input ("-"); invalid UTF-8 is refused, CRLF becomes LF.
func readText(_ path: String, limit: Int = Limits.planFile) throws -> String {
    guard let text = String(data: try readData(path, limit: limit), encoding: .utf8) else {
        throw CLIError(code: ExitCodes.error, message: "\(Text.printable(path, 120)) is not valid UTF-8 text")
    }
    return text.replacingOccurrences(of: "\r\n", with: "\n")
}
