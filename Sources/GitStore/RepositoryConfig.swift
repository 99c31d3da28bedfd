import CLibGit2
import Foundation

/// The repository's own configuration (`.git/config`). Owns the `git_config` handle.
final class RepositoryConfig {
    let pointer: OpaquePointer

    init(_ repository: Repository) throws {
        pointer = try made("open the repository's configuration") { git_repository_config(&$0, repository.pointer) }
    }

    deinit { git_config_free(pointer) }

    /// The value, or nil when it is not set.
    func string(_ name: String) throws -> String? {
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        let rc = git_config_get_string_buf(&buffer, pointer, name)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "read \(name) from the git configuration")
        guard let text = buffer.ptr else { return nil }
        return String(cString: text)
    }

    /// Writes to the repository's own file (the most specific writable level).
    func set(_ name: String, _ value: String) throws {
        try check(git_config_set_string(pointer, name, value), "write \(name) to the git configuration")
    }
}

extension Repository {
    /// Sets each of `values` in the repository's configuration where it differs; returns whether any was written.
    @discardableResult
    public func ensureConfig(_ values: [(name: String, value: String)]) throws -> Bool {
        let config = try RepositoryConfig(self)
        var wrote = false
        for (name, value) in values where try config.string(name) != value {
            try config.set(name, value)
            wrote = true
        }
        return wrote
    }

    /// One value as git reads it (the repository's own file, then the person's and the system's), or nil.
    public func configValue(_ name: String) throws -> String? {
        try RepositoryConfig(self).string(name)
    }
}
