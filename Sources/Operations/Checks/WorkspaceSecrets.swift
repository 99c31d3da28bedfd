import Providers
import WorkstreamKit

extension Workspace {
    /// The one mask: every value the local secret store keeps, for every workstream — secret
    /// artifacts and provisioning slots alike (a generated database password is masked though no
    /// artifact names it). Not only the workstream's own and its dependencies': a check or a provider
    /// can print any secret this clone holds (`cat` of another workstream's `.env`, a shared
    /// credentials file), and what it prints reaches the journal, the documents, MCP and the board.
    /// Checks, provider runs and the spelled-out-secret guard all use it.
    public func secretMask() throws -> SecretMask {
        SecretMask(try secrets.allValues())
    }
}
