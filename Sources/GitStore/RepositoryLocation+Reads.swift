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
        guard let head = text(gitDir.appendingPathComponent("HEAD"))?.trimmingCharacters(in: .whitespacesAndNewlines)
        else { return nil }
        guard head.hasPrefix("ref: ") else { return head }
        let ref = String(head.dropFirst(5))
        for dir in [gitDir, commonDir] {
            if let loose = text(dir.appendingPathComponent(ref)) {
                return loose.trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
        guard let packed = text(commonDir.appendingPathComponent("packed-refs")) else { return nil }
        for line in packed.split(separator: "\n") where line.hasSuffix(" " + ref) {
            return String(line.prefix { $0 != " " })
        }
        return nil
    }

    /// `user.name` from the repository's config, then the user's (`home`), read as text
    /// (the simple `[user]` / `name = …` form git itself writes).
    public func userName(home: String?) -> String? {
        var files = [commonDir.appendingPathComponent("config")]
        if let home {
            files.append(URL(fileURLWithPath: home).appendingPathComponent(".gitconfig"))
            files.append(URL(fileURLWithPath: home).appendingPathComponent(".config/git/config"))
        }
        for file in files {
            guard let content = text(file) else { continue }
            var inUser = false
            for raw in content.split(separator: "\n") {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("[") { inUser = line.lowercased() == "[user]"; continue }
                guard inUser, let eq = line.firstIndex(of: "=") else { continue }
                if line[..<eq].trimmingCharacters(in: .whitespaces).lowercased() == "name" {
                    let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
                        .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                    if !value.isEmpty { return value }
                }
            }
        }
        return nil
    }

    private func gitDirHas(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: gitDir.appendingPathComponent(name).path)
    }

    private func text(_ url: URL) -> String? { try? String(contentsOf: url, encoding: .utf8) }
}
