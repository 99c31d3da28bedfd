import CLibGit2
import Foundation

/// A git operation that a person started and has not finished: while it runs, the index and
/// HEAD are theirs, and a commit of ws's own would break it (a one-parent commit on top of an
/// unfinished merge, stage-0 entries beside conflict stages).
public enum GitOperation: String, Equatable, Sendable {
    case merge, rebase, cherryPick = "cherry-pick", revert, bisect, mailbox = "am"

    /// "a merge", "a rebase", … for messages.
    public var described: String { self == .mailbox ? "a 'git am'" : "a \(rawValue)" }
}

/// One path with conflict stages in the index: what each side of the merge holds (nil: that
/// side deleted it, or it has no such stage).
public struct ConflictedFile: Equatable, Sendable {
    public var path: String
    public var ours: Data?
    public var theirs: Data?
    public init(path: String, ours: Data?, theirs: Data?) { self.path = path; self.ours = ours; self.theirs = theirs }
}

extension Repository {
    /// The operation under way (MERGE_HEAD, rebase-merge/, rebase-apply/, CHERRY_PICK_HEAD,
    /// REVERT_HEAD, BISECT_LOG), or nil when none is.
    public var operationInProgress: GitOperation? {
        let state = git_repository_state(pointer)
        func is_(_ s: git_repository_state_t) -> Bool { state == Int32(s.rawValue) }
        if is_(GIT_REPOSITORY_STATE_NONE) { return nil }
        if is_(GIT_REPOSITORY_STATE_MERGE) { return .merge }
        if is_(GIT_REPOSITORY_STATE_REVERT) || is_(GIT_REPOSITORY_STATE_REVERT_SEQUENCE) { return .revert }
        if is_(GIT_REPOSITORY_STATE_CHERRYPICK) || is_(GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE) { return .cherryPick }
        if is_(GIT_REPOSITORY_STATE_BISECT) { return .bisect }
        if is_(GIT_REPOSITORY_STATE_APPLY_MAILBOX) { return .mailbox }
        return .rebase
    }

    /// The person's git identity as git would use it (`user.name` and `user.email`, from the
    /// repository's configuration, then the user's and the system's), or nil when either is unset.
    public func configuredIdentity() throws -> CommitIdentity? {
        let config = try RepositoryConfig(self)
        guard let name = try config.string("user.name"), !name.isEmpty,
              let email = try config.string("user.email"), !email.isEmpty else { return nil }
        return CommitIdentity(name: name, email: email)
    }

    /// Every path that has conflict stages (1-3) in the index, with the content of stages 2
    /// (ours) and 3 (theirs), in index order.
    public func conflictedFiles() throws -> [ConflictedFile] {
        let index = Index(try made("open index") { git_repository_index(&$0, pointer) })
        try check(git_index_read(index.pointer, 1), "read index")
        var files: [ConflictedFile] = []
        for position in 0..<git_index_entrycount(index.pointer) {
            guard let entry = git_index_get_byindex(index.pointer, position) else { continue }
            let stage = git_index_entry_stage(entry)
            guard stage > 0, let cPath = entry.pointee.path else { continue }
            let path = String(cString: cPath)
            if files.last?.path != path { files.append(ConflictedFile(path: path, ours: nil, theirs: nil)) }
            if stage == 2 { files[files.count - 1].ours = try blob(entry.pointee.id) }
            if stage == 3 { files[files.count - 1].theirs = try blob(entry.pointee.id) }
        }
        return files
    }

    /// Writes `changes` to the work tree and stages them as resolved (stage 0, their conflict
    /// stages removed), under git's index lock; everything else in the index stays, and nothing
    /// is committed: the person finishes the operation with git (`git commit` makes the merge).
    public func stageResolved(_ changes: [FileChange]) throws {
        guard !isBare, let workdir else {
            throw GitError(code: -1, operation: "stage",
                           message: "\(gitDir.path) is a bare repository; ws needs a work tree")
        }
        guard !changes.isEmpty else { return }
        let work = try GitWork(commonDir: commonDir)
        removedStaleLocks += work.removed
        let lock = try IndexLock(gitDir: gitDir, work: work)
        try updateIndex(changes, blobIDs: [:], target: nil, history: nil, generated: nil,
                        workdir: workdir, lock: lock, trace: { _ in })
        lock.release()
    }
}

extension GitError {
    /// ws was asked to commit while a person's merge, rebase, cherry-pick or revert is under way.
    static func midOperation(_ operation: GitOperation) -> GitError {
        GitError(code: GIT_EUNMERGED.rawValue, operation: "commit",
                 message: "\(operation.described) is in progress; ws commits nothing until it is finished")
    }

    public var isMidOperation: Bool { code == GIT_EUNMERGED.rawValue }
}
