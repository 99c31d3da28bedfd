import ArgumentParser
import Foundation
import GitStore
import Operations
import Providers

extension ProvidersCommand {
    /// `ws providers untrust <name>`: withdraws the approval, in every worktree of this clone.
    struct Untrust: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "untrust", abstract: "Stop the repository's .ws/providers/ws-provider-<name> from running on this machine.")

        @Argument(help: "The provider.") var name: String

        func run() throws {
            let location = try RepositoryLocation.find(from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            let context = location.providerContext(environment: ProcessInfo.processInfo.environment, timeout: 30)
            guard try context.trust.revoke(name: name) > 0 else {
                throw CLIError(code: ExitCodes.notFound, message: "no provider '\(name)' is trusted on this machine; nothing was changed.")
            }
            Output.line("\(name) is no longer trusted on this machine; it will not run until 'ws providers trust \(ShellQuote.quote(name))'.")
        }
    }
}
