import EventLog
import Foundation
import GitStore
import PostgresStore
import WorkstreamKit

/// `ws serve --push <remote>`: on a schedule, this server's clone commits the documents and journals of every event in
/// the log (whoever recorded it, through whichever server) and pushes its branch to the team's remote. One server at a
/// time does it: on a PostgreSQL store the holder of a lock in the store (`PostgresPublisherRole`), which a server
/// that dies gives up and another `--push` server takes over; on a SQLite store (one clone) a lock beside the log.
/// Each round fetches the remote's branch first and merges it (ws settles its own files, as after `git pull`), so a
/// server taking over starts from what the last one pushed and commits only what it lacks: the journal line of an
/// event is pushed once, by one server.
public final class TeamPublisher: @unchecked Sendable {
    public let remote: GitRemote
    let interval: Double
    var role: Role
    let report: @Sendable (String) -> Void
    /// What the last round said, so a server says it once, not every round.
    private var lastSaid = ""
    /// Rounds to sit out after one that could not publish: the role was given up so that another server, whose clone
    /// may not share this one's trouble (a detached HEAD, a merge left to a person), can take it first.
    private var standingDown = 0

    /// Who may publish now.
    enum Role {
        case store(PostgresPublisherRole)
        /// The descriptor of `<log folder>/push.lock`, locked for the life of the process once it is taken.
        case clone(path: String, descriptor: Int32?)
    }

    /// Fails when `remote` is not a remote of this clone or git cannot be run: `ws serve` refuses to start.
    public init(ws: Workspace, remote name: String, interval: Double,
                report: @escaping @Sendable (String) -> Void) throws {
        do { remote = try GitRemote(name: name, workTree: ws.location.workTree) } catch let e as GitRemote.Failure {
            throw CLIError(code: ExitCodes.error, message: "ws serve --push: \(e.description)")
        }
        _ = try Publisher(ws: ws).open().headBranch()
        if let url = try Workspace.postgresURL(environment: ws.environment, config: ws.config) {
            role = .store(PostgresPublisherRole(url: url))
        } else {
            role = .clone(path: ws.location.wsDirectory.appendingPathComponent("push.lock").path, descriptor: nil)
        }
        (self.interval, self.report) = (interval, report)
    }

    /// Publishes now and then every `interval` seconds, on a thread of its own, for the life of the process.
    public func start() {
        Thread { [self] in
            while true {
                say(round())
                Thread.sleep(forTimeInterval: interval)
            }
        }.start()
    }

    private func say(_ line: String) {
        guard line != lastSaid else { return }
        lastSaid = line
        report(line)
    }

    /// One round: the role, the remote's branch merged, everything committed, the branch pushed. What it did, in a line.
    func round() -> String {
        if standingDown > 0 {
            standingDown -= 1
            return lastSaid
        }
        do {
            guard try holdsRole() else {
                return "ws serve: another server publishes for this store; this one takes over if it stops"
            }
            for _ in 0..<3 {
                if let line = try publishAndPush() { return line }
            }
            return "ws serve: warning: \(remote.name) moved during each of 3 pushes; trying again in \(Int(interval)) s"
        } catch {
            // Held by a server that cannot publish, the role would stop the whole team's publishing.
            resign()
            return "ws serve: warning: could not publish to \(remote.name): \(ClassifiedError.message(error)); "
                + "another server with --push may take over; this one tries again in \(Int(2 * interval)) s"
        }
    }

    /// Nil when the remote refused the push because its branch moved meanwhile (the caller runs the round again).
    private func publishAndPush() throws -> String? {
        let before = try Workspace.open(readOnly: true)
        let repo = try Publisher(ws: before).open()
        if let operation = repo.operationInProgress {
            throw CLIError(code: ExitCodes.error, message: "\(operation.described) is under way in this clone: "
                           + "nothing is published from it until it ends")
        }
        let ref = try repo.headBranch()
        let branch = ref.hasPrefix("refs/heads/") ? String(ref.dropFirst("refs/heads/".count)) : ref
        let fetched = try gitStep { try remote.fetch(branch: branch) }
        let identity = CommitAuthors(ws: before).identities(for: before.actor(nil), repo).committer
        let published = try Publisher.takingTurn(before) { () throws -> Publisher.Result in
            if let fetched, case .conflicted(let paths) = try gitStep({ try remote.merge(fetched, as: identity) }) {
                try settleMerge(paths, as: identity)
            }
            let ws = try Workspace.open(readOnly: true)
            return try Publisher(ws: ws).publishInTurn(actor: ws.actor(nil))
        }
        let head = try Publisher(ws: before).open().headCommitID()?.description
        guard head != fetched else { return "ws serve: \(remote.name)/\(branch) is up to date" }
        guard try gitStep({ try remote.push(branch: branch) }) else { return nil }
        let what = fetched == nil ? "created" : "pushed"
        let through: Int64
        switch published {
        case .committed(_, let seq, _), .upToDate(let seq): through = seq
        case .waiting: through = 0
        }
        return "ws serve: \(what) \(head.map { String($0.prefix(12)) } ?? "HEAD") to \(remote.name)/\(branch) "
            + "(documents and journals through event #\(through))"
    }

    /// A merge git stopped on conflicts: ws's own files are settled as after `git pull` and the merge concluded; a
    /// conflict of someone else's files is not the server's to settle, so the merge is given up and said.
    private func settleMerge(_ paths: [String], as identity: CommitIdentity) throws {
        let ws = try Workspace.open(readOnly: true)
        // Someone else's file in conflict: given up before ws settles anything (or says it would).
        let settled = try Publisher(ws: ws).generatesEveryConflict()
            ? try Publisher(ws: ws).publishInTurn(actor: ws.actor(nil)) : nil
        guard case .waiting(_, _, let unresolved)? = settled, unresolved.isEmpty else {
            try gitStep { try remote.abortMerge() }
            throw CLIError(code: ExitCodes.error, message: "merging \(remote.name)'s branch stopped on "
                           + "\(paths.prefix(5).joined(separator: ", ")), which ws does not generate: merge it by hand in "
                           + "this clone (git pull, then ws sync)")
        }
        try gitStep { try remote.concludeMerge(as: identity) }
    }

    private func gitStep<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as GitRemote.Failure {
            throw CLIError(code: ExitCodes.error, message: e.description)
        }
    }

    private func resign() {
        standingDown = 1
        switch role {
        case .store(let shared): shared.resign()
        case .clone(let path, let descriptor?):
            close(descriptor)
            role = .clone(path: path, descriptor: nil)
        case .clone(_, .none): break
        }
    }

    private func holdsRole() throws -> Bool {
        switch role {
        case .store(let shared): return try shared.holds()
        case .clone(_, .some): return true
        case .clone(let path, .none):
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else { return false }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                close(fd)
                return false
            }
            role = .clone(path: path, descriptor: fd)
            return true
        }
    }
}
