import Foundation

/// Whether a git configuration variable can be set at all, answered from the files' text without libgit2.
/// Every command checks this clone's store consent (`ws.store`); reading it through libgit2 loads and
/// initialises the library first, 65 M instructions (52 M of them mbedTLS parsing the CA certificates),
/// about four times what a whole `ws log` costs, and almost no configuration sets the variable.
extension RepositoryLocation {
    /// False only when no file git would read for this repository (the repository's and the worktree's,
    /// the person's, the system's, and any GIT_CONFIG_GLOBAL/GIT_CONFIG_SYSTEM name) sets `section.key`:
    /// then it is certainly unset. True means "ask libgit2", which reads them as git does: also whenever
    /// a file has anything this simple reading could get wrong (an include, a continued line, a file
    /// that exists but cannot be read).
    public func configMaySet(section: String, key: String, environment: [String: String]) -> Bool {
        configFiles(environment).contains { path in
            // Unreadable or past 1 MiB, but there: ask libgit2.
            guard let text = Self.smallFile(path) else { return access(path, F_OK) == 0 }
            return Self.maySet(text, section: section.lowercased(), key: key.lowercased())
        }
    }

    private func configFiles(_ environment: [String: String]) -> [String] {
        var files = [commonDir.appendingPathComponent("config").path,
                     gitDir.appendingPathComponent("config.worktree").path, "/etc/gitconfig"]
        if let home = environment["HOME"], !home.isEmpty {
            files.append(home + "/.gitconfig")
            files.append((environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config")
                         + "/git/config")
        }
        files += ["GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM"].compactMap { environment[$0] }.filter { !$0.isEmpty }
        return files
    }

    /// `[section]` then `key = value` or a bare `key`, as git writes them; `[section] key = value` on one line too.
    /// Lines end at any line break: "\r\n" is one Character in Swift, equal to neither "\r" nor "\n".
    public static func maySet(_ text: String, section: String, key: String) -> Bool {
        if text.lowercased().contains("include") { return true }
        var current = ""
        for raw in text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
            var line = Substring(GitText.trimmedSpaces(raw))
            if line.hasSuffix("\\") { return true }
            if line.hasPrefix("[") {
                guard let close = line.firstIndex(of: "]") else { return true }
                current = GitText.trimmedSpaces(line[line.index(after: line.startIndex)..<close]).lowercased()
                line = Substring(GitText.trimmedSpaces(line[line.index(after: close)...]))
            }
            guard current == section, let first = line.first, first != "#", first != ";" else { continue }
            let name = line.firstIndex(of: "=").map { line[..<$0] } ?? line
            if GitText.trimmedSpaces(name).lowercased() == key { return true }
        }
        return false
    }
}
