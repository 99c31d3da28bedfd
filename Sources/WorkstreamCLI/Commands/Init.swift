import ArgumentParser
import Foundation

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", 
        abstract: "Set up ws in this git repository: .ws/, the log, Workstreams/ Handoffs/ devlog/.")

    func run() throws {
        let ws = try Workspace.open(create: true)
        let root = ws.location.workTree
        let fm = FileManager.default
        for dir in [".ws", "Workstreams", "Handoffs", "devlog"] {
            try fm.createDirectory(at: root.appendingPathComponent(dir), withIntermediateDirectories: true)
        }
        let config = root.appendingPathComponent(".ws/config.json")
        if !fm.fileExists(atPath: config.path) {
            try Data("{\n  \"store\": \"sqlite\"\n}\n".utf8).write(to: config)
        }
        try appendLines([".ws/local/"], to: root.appendingPathComponent(".gitignore"))
        let attributes = root.appendingPathComponent(".gitattributes")
        let current = (try? String(contentsOf: attributes, encoding: .utf8)) ?? ""
        if MergeRules.upgraded(current) != current { try Data(MergeRules.upgraded(current).utf8).write(to: attributes) }
        try MergeRules.register(workTree: root)
        Output.line("ws is set up in \(root.path)")
        Output.line("log: \(ws.ledger.storeDescription)")
        Output.line("next: 'ws new <id> --title <t>' or 'ws plan apply <plan.yaml>'")
    }

    /// Adds each line the file does not have yet, leaving the rest as it was.
    private func appendLines(_ lines: [String], to url: URL) throws {
        var text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        let present = Set(text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
        let missing = lines.filter { !present.contains($0) }
        guard !missing.isEmpty else { return }
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        text += missing.joined(separator: "\n") + "\n"
        try Data(text.utf8).write(to: url)
    }
}
