import CLibGit2
import CLibLoader

/// A failed libgit2 call, carrying libgit2's own message.
public struct GitError: Error, Equatable, CustomStringConvertible {
    public var code: Int32
    public var operation: String
    public var message: String
    /// For a lock in the way (`isLocked`): which file, and who holds it.
    public var lock: LockReport?

    public init(code: Int32, operation: String, message: String, lock: LockReport? = nil) {
        self.code = code
        self.operation = operation
        self.message = message
        self.lock = lock
    }

    public var description: String { "git \(operation) failed: \(message)" }

    public var isLocked: Bool { code == GIT_ELOCKED.rawValue }
}

/// Every libgit2 return code goes through here: negative is an error.
@discardableResult
func check(_ code: Int32, _ operation: String) throws -> Int32 {
    guard code < 0 else { return code }
    var message = "error \(code)"
    if let last = git_error_last(), let text = last.pointee.message { message = String(cString: text) }
    throw GitError(code: code, operation: operation, message: message)
}

/// What a libgit2 constructor (`git_..._new`, `_lookup`, `_open`) made in its out-parameter.
func made<T>(_ operation: String, _ make: (inout T?) -> Int32) throws -> T {
    var out: T?
    try check(make(&out), operation)
    guard let out else { throw GitError(code: -1, operation: operation, message: "libgit2 returned nothing") }
    return out
}

/// libgit2 opened (it is not linked at start-up, see CLibLoader), `git_libgit2_init`
/// once per process, and fsync of everything libgit2 writes in the git
/// directory, so a commit that returned survives a crash.
enum LibGit2 {
    /// nil once ready; otherwise why libgit2 cannot be used.
    static let failure: GitError? = {
        var message = [CChar](repeating: 0, count: 512)
        guard ws_load_libgit2(&message, message.count) == 0 else {
            let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return GitError(code: -1, operation: "load libgit2", message: "\(text); install libgit2 (apt install libgit2-dev, or the libgit2 runtime package)")
        }
        guard git_libgit2_init() >= 0 else { return GitError(code: -1, operation: "initialise libgit2", message: "git_libgit2_init failed") }
        // The init leaves "failed to load CA certificates" behind (ws loads none: CLibLoader/no_ca_certificates.c);
        // cleared, so that it never stands in for a later call's own error.
        git_error_clear()
        _ = ws_git_set_cache_object_limit(GIT_OBJECT_TREE, 64 << 20)
        guard ws_git_enable_fsync_gitdir(1) == 0 else { return GitError(code: -1, operation: "initialise libgit2", message: "cannot turn on fsync") }
        return nil
    }()

    /// libgit2's fsync of each file it writes in the git directory (on by default here).
    /// The switch is process-wide: only the commit path turns it off, and publishing runs
    /// on one thread under the publish lock, so no other write can happen meanwhile.
    static func fsyncEachFile(_ on: Bool) { _ = ws_git_enable_fsync_gitdir(on ? 1 : 0) }

    static func ensureReady() throws {
        if let failure { throw failure }
    }
}
