import Foundation
import GitStore

/// Who a ws commit names. The committer is always the person whose clone this is, as git
/// would name them (`GIT_COMMITTER_NAME`/`_EMAIL`, else `user.name`/`user.email`); the author
/// is the agent the events came from (DESIGN.md: "author = the agent"), with the project's
/// `authorEmail`, or the person themselves, with their own e-mail, when no agent acted (the
/// actor is then the person's `user.name`). With no git identity configured at all, both
/// are `<actor> <actor@ws-agents.invalid>` (or the project's `authorEmail`): git would refuse
/// to commit, and ws's commits must not fail for it.
public struct CommitAuthors {
    let ws: Workspace
    public init(ws: Workspace) { self.ws = ws }

    public func identities(for actor: String, _ repo: Repository) -> (author: CommitIdentity, committer: CommitIdentity) {
        let configured = (try? repo.configuredIdentity()) ?? nil
        let agent = CommitIdentity(name: actor, email: ws.config.email(for: actor))
        // The actor is the person when no agent was named: `Workspace.actor` fell back to their user.name.
        let author = configured?.name == actor ? person(configured, prefix: "GIT_AUTHOR") ?? agent : agent
        return (author, person(configured, prefix: "GIT_COMMITTER") ?? author)
    }

    /// The configured identity with what git lets the environment override (`GIT_COMMITTER_NAME`, …).
    private func person(_ configured: CommitIdentity?, prefix: String) -> CommitIdentity? {
        let name = ws.environment[prefix + "_NAME"].flatMap { $0.isEmpty ? nil : $0 } ?? configured?.name
        let email = ws.environment[prefix + "_EMAIL"].flatMap { $0.isEmpty ? nil : $0 } ?? configured?.email
        guard let name, let email else { return nil }
        return CommitIdentity(name: name, email: email)
    }
}
