import Foundation

/// Reads of HEAD, the operation markers and `user.name` straight from the git files,
/// not through libgit2: they run on every command (`ws ready` included), where opening
/// libgit2 would cost more than the command (see CLibLoader and BENCHMARKS.md).
extension RepositoryLocation {
    /// A merge of the person's is under way (MERGE_HEAD).
    public var isMerging: Bool { gitDirHas("MERGE_HEAD") }

    /// A merge, rebase, cherry-pick or revert is under way: HEAD and the work tree are the person's work in progress.
    public var operationInProgress: Bool {
        ["MERGE_HEAD", "rebase-merge", "rebase-apply", "CHERRY_PICK_HEAD", "REVERT_HEAD"].contains(where: gitDirHas)
    }

    /// The commit HEAD points at (loose ref, then packed-refs), or nil when unborn or unreadable.
    /// It only decides whether the journal needs a fresh look.
    public var headCommit: String? {
        guard let head = trimmedText(gitDir.appendingPathComponent("HEAD")) else { return nil }
        guard head.hasPrefix("ref: ") else { return head }
        let ref = String(head.dropFirst(5))
        if let loose = [gitDir, commonDir].lazy.compactMap({ trimmedText($0.appendingPathComponent(ref)) }).first {
            return loose
        }
        let packed = trimmedText(commonDir.appendingPathComponent("packed-refs")) ?? ""
        return packed.split(separator: "\n").first { $0.hasSuffix(" " + ref) }.map { String($0.prefix { $0 != " " }) }
    }

    /// The index file's identity, size and change time to the nanosecond, and HEAD's commit: git
    /// replaces the index with a new file whenever it writes it, so an equal stamp means nothing moved.
    public var indexStamp: String {
        var st = stat()
        let file = stat(gitDir.appendingPathComponent("index").path, &st) == 0
            ? "\(st.st_dev) \(st.st_ino) \(st.st_size) \(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec) "
              + "\(st.st_ctim.tv_sec).\(st.st_ctim.tv_nsec)"
            : "no index"
        return file + " " + (headCommit ?? "unborn")
    }

    /// `user.name` from the repository's config, then the user's (`home`), read as text
    /// (the simple `[user]` / `name = …` form git itself writes).
    public func userName(home: String?) -> String? {
        let homeFiles = home.map { URL(fileURLWithPath: $0) }.map {
            [$0.appendingPathComponent(".gitconfig"), $0.appendingPathComponent(".config/git/config")]
        }
        for file in [commonDir.appendingPathComponent("config")] + (homeFiles ?? []) {
            var inUser = false
            for raw in (trimmedText(file) ?? "").split(separator: "\n") {
                let line = GitText.trimmedSpaces(raw)
                if line.hasPrefix("[") { inUser = line.lowercased() == "[user]"; continue }
                guard inUser, let eq = line.firstIndex(of: "="),
                      GitText.trimmedSpaces(line[..<eq]).lowercased() == "name" else { continue }
                let value = GitText.trimmedQuotes(GitText.trimmedSpaces(line[line.index(after: eq)...]))
                if !value.isEmpty { return value }
            }
        }
        return nil
    }

    private func gitDirHas(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: gitDir.appendingPathComponent(name).path)
    }

    private func trimmedText(_ url: URL) -> String? {
        (try? String(contentsOf: url, encoding: .utf8)).map(GitText.trimmed)
    }
}
