import ArgumentParser
import Foundation
import GitStore
import Operations

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", 
        abstract: "Set up ws in this git repository: .ws/, the log, Workstreams/ Handoffs/ devlog/.")

    @Flag(help: "Take the log a shared PostgreSQL store already holds as this project's (refused otherwise, unless this repository's journal shares its events).")
    var join = false

    func run() throws {
        let ws = try Workspace.open(create: true, join: join)
        let root = ws.location.workTree
        let fm = FileManager.default
        for dir in [".ws", "Workstreams", "Handoffs", "devlog"] {
            try fm.createDirectory(at: root.appendingPathComponent(dir), withIntermediateDirectories: true)
        }
        let config = root.appendingPathComponent(".ws/config.json")
        let createdConfig = !fm.fileExists(atPath: config.path)
        let configText = Self.initialConfig(ProcessInfo.processInfo.environment)
        if createdConfig { try Data(configText.utf8).write(to: config) }
        for (path, upgrade) in Self.upgrades {
            let current = Self.read(root, path)
            let upgraded = upgrade(current)
            if upgraded != current { try Data(upgraded.utf8).write(to: root.appendingPathComponent(path)) }
        }
        try MergeRules.register(workTree: root)
        try commitSetup(ws, createdConfig: createdConfig ? configText : nil)
        Output.line("ws is set up in \(root.path)")
        Output.line("log: \(ws.ledger.storeDescription)")
        Output.line("next: 'ws new <id> --title <t>' or 'ws plan apply <plan.yaml>'")
    }

    static let defaultConfig = "{\n  \"store\": \"sqlite\"\n}\n"

    /// The config `init` writes: with WS_STORE naming a PostgreSQL store, that store without its password (the
    /// file is committed), so other clones find the team's log instead of starting a SQLite one; else SQLite.
    static func initialConfig(_ environment: [String: String]) -> String {
        guard let store = Workspace.sharedStoreToCommit(environment) else { return defaultConfig }
        let quoted = store.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "{\n  \"store\": \"\(quoted)\"\n}\n"
    }

    /// The files `init` brings up to date: each as it is, with ws's lines added.
    static var upgrades: [(path: String, upgrade: (String) -> String)] {
        [(".gitignore", { withLines([".ws/local/"], in: $0) }), (".gitattributes", MergeRules.upgraded)]
    }

    /// Commits what `init` set up, so `git status` is clean after it: each file as HEAD has it plus
    /// ws's lines (a person's uncommitted edits to `.gitignore` stay unstaged in the work tree), and
    /// `.ws/config.json` when `init` created it. Nothing else is committed; nothing when all is there.
    /// A commit that cannot be made (mid-merge, a detached HEAD) is a warning: the set-up is done.
    private func commitSetup(_ ws: Workspace, createdConfig: String?) throws {
        let repo = try Publisher(ws: ws).open()
        let root = ws.location.workTree
        var changes: [FileChange] = []
        for (path, upgrade) in Self.upgrades {
            let committed = try repo.headFile(path).map { String(decoding: $0, as: UTF8.self) } ?? ""
            let content = upgrade(committed)
            guard content != committed else { continue }
            let edited = Self.read(root, path) != content
            changes.append(FileChange(path: path, content: Data(content.utf8), indexOnly: edited))
        }
        if let createdConfig, try repo.headFile(".ws/config.json") == nil {
            changes.append(FileChange(path: ".ws/config.json", content: Data(createdConfig.utf8)))
        }
        guard !changes.isEmpty else { return }
        if let operation = repo.operationInProgress {
            Output.error("ws: \(operation.described) is in progress, so ws did not commit its set-up files; "
                         + "commit them with it")
            return
        }
        let (author, committer) = CommitAuthors(ws: ws).identities(for: ws.actor(nil), repo)
        let message = "ws: init\n\nThe files ws set up: " + changes.map(\.path).joined(separator: ", ") + "."
        do {
            _ = try FileLock.withLock(at: ws.location.wsDirectory.appendingPathComponent("publish.lock")) {
                try repo.commitGenerated(changes, message: message, author: author, committer: committer)
            }
        } catch let e as GitError {
            // The set-up itself is done (a detached HEAD, a busy index): the person can commit the files.
            Output.error("ws: warning: ws is set up, but its files were not committed: "
                         + LockAdvice.message(e, then: "Commit .gitignore, .gitattributes and .ws/config.json"))
        }
    }

    private static func read(_ root: URL, _ path: String) -> String {
        (try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)) ?? ""
    }

    /// `text` with each of `lines` it does not have yet added at the end, the rest as it was.
    static func withLines(_ lines: [String], in text: String) -> String {
        var text = text
        let present = Set(text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
        let missing = lines.filter { !present.contains($0) }
        guard !missing.isEmpty else { return text }
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        return text + missing.joined(separator: "\n") + "\n"
    }
}
