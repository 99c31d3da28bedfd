import Foundation
import WorkstreamKit

/// A provider executable from the repository's plugin folder that nobody on
/// this machine has approved, or whose contents changed since they were
/// approved. ws does not run it; this says which file it is and how to approve it.
public struct UntrustedPlugin: Error, Equatable, Sendable, CustomStringConvertible {
    public var name: String
    public var path: String
    /// The SHA-256 of the file as it is now.
    public var sha256: String
    /// The SHA-256 that was approved for this file, when other contents were approved.
    public var approvedSHA256: String?

    public init(name: String, path: String, sha256: String, approvedSHA256: String?) {
        self.name = name; self.path = path; self.sha256 = sha256; self.approvedSHA256 = approvedSHA256
    }

    public var changed: Bool { approvedSHA256 != nil }

    /// The command that approves it, quoted so that it runs as printed whatever the file is called.
    public var trustCommand: String { "ws providers trust " + ShellQuote.quote(name) }

    public var description: String {
        if let approved = approvedSHA256 {
            return "provider '\(name)' (\(path)) changed since it was trusted on this machine (sha256 now \(sha256), trusted \(approved)), "
                + "so ws did not run it. Read it again, then run: \(trustCommand)"
        }
        return "provider '\(name)' is \(path), which came with the repository and has not been trusted on this machine (sha256 \(sha256)), "
            + "so ws did not run it. Read it, then run: \(trustCommand)"
    }
}

/// Stands in for an untrusted repository plugin in a listing. It runs
/// nothing: every action fails with the reason, so no path through ws can
/// execute the file by way of it.
public struct UntrustedProvider: Provider {
    public let plugin: UntrustedPlugin
    public var name: String { plugin.name }
    public var origin: String { plugin.path }

    public init(plugin: UntrustedPlugin) { self.plugin = plugin }

    public func handle(_ request: ProviderRequest, progress: @escaping (String) -> Void) throws(ProviderFailure) -> ProviderResult {
        throw ProviderFailure(plugin.description)
    }
}

/// A repository plugin that could not even be read to check it (no read
/// permission, say): listed with the reason, like any broken provider, and never run.
public struct UnreadablePlugin: Provider {
    public let name: String
    public let origin: String
    public let failure: ProviderFailure

    public func handle(_ request: ProviderRequest, progress: @escaping (String) -> Void) throws(ProviderFailure) -> ProviderResult {
        throw failure
    }
}

/// Why `ProviderRegistry.provider(named:)` found no provider to run.
public enum ProviderLookupError: Error, Sendable, CustomStringConvertible {
    /// No built-in and no executable of that name.
    case unknown(String)
    /// There is one, from the repository, but it needs approval first.
    case untrusted(UntrustedPlugin)
    /// The plugin or the list of approvals could not be read.
    case failed(ProviderFailure)

    public var description: String {
        switch self {
        case .unknown(let message): return message
        case .untrusted(let plugin): return plugin.description
        case .failed(let failure): return failure.message
        }
    }
}
