import CLibGit2
import Foundation

/// git's index lock, taken the way git takes it (O_CREAT | O_EXCL on `index.lock`), so that the
/// index ws reads is the one it replaces: a `git add` running meanwhile waits for ws or fails,
/// and its entry is never lost. (libgit2's `git_index_write` locks only for the write, after the
/// read; with 30 `ws complete` beside a loop of `git add`, 2 of 30 collided with it.)
final class IndexLock {
    let path: String
    private let work: GitWork
    private var fd: Int32 = -1

    init(gitDir: URL, work: GitWork) throws {
        let path = gitDir.appendingPathComponent("index.lock").path
        self.path = path
        self.work = work
        // Named before it exists: a kill at any moment leaves no lock of ws's off the record.
        work.intend(path)
        let start = Date()
        do {
            while true {
                fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
                if fd >= 0 { break }
                guard errno == EEXIST else {
                    throw GitError(code: -1, operation: "lock the index", message: "cannot create \(path): \(String(cString: strerror(errno)))")
                }
                try LockWait.untilFree(path, kind: .index, since: start)
            }
        } catch {
            work.release(path)
            throw error
        }
        // The file stays empty, and open until released, so /proc shows that ws holds it.
        work.created(path, fd: fd)
    }

    /// Puts `replacement` in place as the index (one rename, atomic for every reader); the lock
    /// is still held (and still the same empty file) until `release`.
    func replaceIndex(with replacement: String) throws {
        let index = (path as NSString).deletingPathExtension
        guard rename(replacement, index) == 0 else {
            throw GitError(code: -1, operation: "write index", message: "cannot rename \(replacement) to \(index): \(String(cString: strerror(errno)))")
        }
    }

    func release() {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
        unlink(path)
        work.release(path)
    }

    deinit { release() }
}

/// Owns a `git_transaction`; freeing it unlocks whatever it locked and did not commit.
final class Transaction {
    let pointer: OpaquePointer

    init(_ repo: Repository) throws {
        pointer = try made("start a ref transaction") { git_transaction_new(&$0, repo.pointer) }
    }

    deinit { git_transaction_free(pointer) }
}

/// The branch's lock (`refs/heads/<branch>.lock`), held from the check of the tip to the move,
/// so that nothing moves the branch while ws writes the index in between.
final class RefLock {
    let branch: String
    let path: String
    /// Optional only so that `deinit` can free it (unlocking) before the record forgets the lock.
    private var transaction: Transaction?
    private let repo: Repository
    private let work: GitWork

    /// `writing`: the commit the branch will name, which libgit2 writes into the lock before the rename.
    init(_ repo: Repository, branch: String, writing: ObjectID, work: GitWork) throws {
        self.branch = branch
        self.repo = repo
        self.work = work
        path = repo.commonDir.appendingPathComponent(branch + ".lock").path
        let transaction = try Transaction(repo)
        self.transaction = transaction
        work.intend(path, content: writing.description)
        let start = Date()
        do {
            while true {
                let rc = git_transaction_lock_ref(transaction.pointer, branch)
                if rc == 0 { break }
                guard rc == GIT_ELOCKED.rawValue else { try check(rc, "lock \(branch)"); break }
                try LockWait.untilFree(path, kind: .branch(branch), since: start)
            }
        } catch {
            work.release(path)
            throw error
        }
        work.created(path)
    }

    deinit {
        transaction = nil
        work.release(path)
    }

    /// The commit the branch names now (nil on an unborn branch); nothing can change it while the lock is held.
    func target() throws -> ObjectID? {
        var oid = git_oid()
        let rc = git_reference_name_to_id(&oid, repo.pointer, branch)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "read \(branch)")
        return ObjectID(oid)
    }

    /// Points the branch at `id` and lets go of the lock. A failure after the ref file was renamed
    /// into place (writing the reflog, on a full disk) is no failure: the commit was made.
    func move(to id: ObjectID, signature: Signature, message: String) throws {
        guard let transaction else { throw GitError(code: -1, operation: "update \(branch)", message: "the branch is not locked") }
        var oid = id.raw
        try check(git_transaction_set_target(transaction.pointer, branch, &oid, signature.pointer, message), "set \(branch)")
        let rc = git_transaction_commit(transaction.pointer)
        if rc < 0, (try? target()) == id { return }
        try check(rc, "update \(branch)")
    }
}
