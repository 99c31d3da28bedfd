import GitStore
import Providers

extension RepositoryLocation {
    /// The providers' view of this repository: state and approvals beside the log, plugins in the work tree's `.ws/providers/`.
    public func providerContext(environment: [String: String], timeout: Double) -> ProviderContext {
        ProviderContext(stateDirectory: wsDirectory, pluginDirectory: workTree.appendingPathComponent(".ws/providers"),
                        environment: environment, timeout: timeout)
    }
}
