import ArgumentParser
import Foundation
import GitStore
import Operations
import Providers

extension ProvidersCommand {
    /// `ws providers trust <name>`: the consent a repository plugin needs before
    /// it runs here. What is approved is the file's contents as they are now
    /// (their SHA-256), so a later change — a pull, a checkout, an edit — needs
    /// approval again. The approval is kept in the git directory, never in the
    /// work tree, so no commit can carry it to another clone.
    struct Trust: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trust",
            abstract: "Let the repository's .ws/providers/ws-provider-<name> run on this machine, as the file is now.",
            discussion: "Read the file first: it runs as you. A changed file needs trusting again. Plugins on PATH and built-ins need no trust.")

        @Argument(help: "The provider: the file .ws/providers/ws-provider-<name>.") var name: String

        func run() throws {
            let location = try RepositoryLocation.find(from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            let registry = ProviderRegistry(context: location.providerContext(environment: ProcessInfo.processInfo.environment, timeout: 30))
            let folder = registry.context.pluginDirectory.path
            guard let path = registry.repositoryPlugin(named: name) else {
                if registry.builtIns.contains(where: { $0.name == name }) {
                    throw CLIError(code: ExitCodes.notFound, message: "'\(name)' is a built-in provider: it needs no trust, and a file "
                        + "\(folder)/\(ProviderRegistry.executablePrefix)\(name) is never run (a built-in name cannot be shadowed). Nothing was changed.")
                }
                throw CLIError(code: ExitCodes.notFound, message: "there is no repository provider '\(name)': no executable "
                    + "\(ProviderRegistry.executablePrefix)\(name) in \(folder). Trust is for plugins that came with the repository; "
                    + "one on PATH needs none. See 'ws providers'. Nothing was changed.")
            }
            let digest = try ProviderTrust.sha256(ofFile: path)
            try registry.context.trust.approve(name: name, path: path, sha256: digest)
            Output.line("trusted \(name) on this machine: \(path) (sha256 \(digest)).")
            Output.line("If the file changes, it will not run until 'ws providers trust \(ShellQuote.quote(name))' again.")
        }
    }
}
