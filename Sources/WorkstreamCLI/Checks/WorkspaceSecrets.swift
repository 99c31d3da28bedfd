import Providers
import WorkstreamKit

extension Workspace {
    /// The one mask of a workstream: every value the local secret store keeps for it and
    /// for what it depends on (the workstreams `ws env <id>` reads) — secret artifacts and
    /// provisioning slots alike, so a generated database password is masked even when no
    /// artifact names it. Checks, provider runs and the spelled-out-secret guard all use it.
    func secretMask(for id: String) throws -> SecretMask {
        try secretMask(covering: try ledger.detail(id).dependencies.map(\.id) + [id])
    }

    /// Every value the local secret store keeps for these workstreams (one not in the log has none).
    func secretMask(covering ids: [String]) throws -> SecretMask {
        var mask = SecretMask()
        for id in ids { mask.add(contentsOf: try secrets.values(workstream: id)) }
        return mask
    }
}
