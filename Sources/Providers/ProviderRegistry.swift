import Foundation

/// What a provider may use from ws: where to keep local state, where the
/// repository's plugin folder is, the environment, how long an action may take.
public struct ProviderContext: Sendable {
    public var stateDirectory: URL
    public var pluginDirectory: URL
    public var environment: [String: String]
    public var timeout: Double
    /// Secret values ws already keeps for the workstream at hand, masked in whatever a failed command printed.
    public var knownSecrets: [String] = []
    public init(stateDirectory: URL, pluginDirectory: URL, environment: [String: String], timeout: Double) {
        self.stateDirectory = stateDirectory; self.pluginDirectory = pluginDirectory; self.environment = environment; self.timeout = timeout
    }

    /// This machine's approvals of the repository's plugins: beside the log, outside git.
    public var trust: ProviderTrust { ProviderTrust(file: stateDirectory.appendingPathComponent(ProviderTrust.fileName)) }
}

/// The providers ws knows: the built-ins, then executables named
/// `ws-provider-<name>` in the repository's plugin folder (`.ws/providers/`)
/// and on PATH, in that order. A built-in name cannot be shadowed.
///
/// A plugin from the repository's folder arrived with a clone or a pull, so it
/// runs only with the approval of someone on this machine (`ws providers
/// trust`) for its exact contents; until then it is listed, never run. One on
/// PATH was put there by the person who set up PATH, and runs as it always did.
public struct ProviderRegistry: Sendable {
    public static let executablePrefix = "ws-provider-"
    public let context: ProviderContext

    public init(context: ProviderContext) { self.context = context }

    public var builtIns: [Provider] {
        let tool = Tool(environment: context.environment, timeout: context.timeout,
                        outputDirectory: context.stateDirectory.appendingPathComponent(CommandOutput.folderName),
                        mask: SecretMask(context.knownSecrets))
        return [LocalProvider(context: context, tool: tool), AWSProvider(context: context), ExecProvider(tool: tool)]
            + CloudCLIProvider.all(tool: tool)
    }

    /// Every provider; an untrusted repository plugin appears as an `UntrustedProvider`, which runs nothing.
    public func all() throws(ProviderFailure) -> [Provider] {
        var found = builtIns
        var seen = Set(found.map(\.name))
        var approvals: [String: ProviderTrust.Approval]?
        for (dir, fromRepository) in searchDirectories {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            for file in names.sorted() where file.hasPrefix(Self.executablePrefix) {
                let name = String(file.dropFirst(Self.executablePrefix.count))
                let path = dir + "/" + file
                guard !name.isEmpty, !seen.contains(name), Self.isProgram(path, fromRepository) else { continue }
                seen.insert(name)
                guard fromRepository else { found.append(external(name, path, approved: nil)); continue }
                // Read only when the repository has plugins: a listing without them never touches the file.
                let known: [String: ProviderTrust.Approval]
                if let approvals { known = approvals } else { known = try context.trust.approvals(); approvals = known }
                do throws(ProviderFailure) {
                    switch try check(name, path, known) {
                    case .success(let provider): found.append(provider)
                    case .failure(let untrusted): found.append(UntrustedProvider(plugin: untrusted))
                    }
                } catch {
                    found.append(UnreadablePlugin(name: name, origin: path, failure: error))
                }
            }
        }
        return found
    }

    public func provider(named name: String) throws(ProviderLookupError) -> Provider {
        if let p = builtIns.first(where: { $0.name == name }) { return p }
        if !name.isEmpty && !name.contains("/") {
            for (dir, fromRepository) in searchDirectories {
                let path = dir + "/" + Self.executablePrefix + name
                guard Self.isProgram(path, fromRepository) else { continue }
                guard fromRepository else { return external(name, path, approved: nil) }
                let outcome: Result<ExternalProvider, UntrustedPlugin>
                do throws(ProviderFailure) { outcome = try check(name, path, try context.trust.approvals()) } catch { throw .failed(error) }
                switch outcome {
                case .success(let provider): return provider
                case .failure(let untrusted): throw .untrusted(untrusted)
                }
            }
        }
        let known = ((try? all()) ?? builtIns).map(\.name).joined(separator: ", ")
        throw .unknown("no provider '\(name)': known are \(known). An external provider is an executable '\(Self.executablePrefix)\(name)' on PATH or in \(context.pluginDirectory.path); see 'ws providers'.")
    }

    /// The executable a repository plugin of this name would be, if there is one that ws could run
    /// once trusted (a built-in name is never looked up there, so such a file is not one).
    public func repositoryPlugin(named name: String) -> String? {
        guard !name.isEmpty, !name.contains("/"), !builtIns.contains(where: { $0.name == name }) else { return nil }
        let path = context.pluginDirectory.path + "/" + Self.executablePrefix + name
        return Self.isProgram(path, true) ? path : nil
    }

    /// An executable; from the repository also a regular file (after symlinks), the only kind whose contents can be approved.
    static func isProgram(_ path: String, _ fromRepository: Bool) -> Bool {
        guard FileManager.default.isExecutableFile(atPath: path) else { return false }
        var info = stat()
        return !fromRepository || (stat(path, &info) == 0 && info.st_mode & 0o170000 == 0o100000)
    }

    /// A repository plugin as it is now: approved for these very contents, or not.
    func check(_ name: String, _ path: String, _ approvals: [String: ProviderTrust.Approval])
        throws(ProviderFailure) -> Result<ExternalProvider, UntrustedPlugin> {
        let digest = try ProviderTrust.sha256(ofFile: path)
        guard let approved = approvals[path], approved.sha256 == digest else {
            return .failure(UntrustedPlugin(name: name, path: path, sha256: digest, approvedSHA256: approvals[path]?.sha256))
        }
        return .success(external(name, path, approved: digest))
    }

    /// The plugin folder, then PATH. A relative PATH entry ('.', 'bin') is
    /// skipped: it would find files of the work tree, that is files from the
    /// clone, without anyone's approval.
    var searchDirectories: [(path: String, fromRepository: Bool)] {
        [(context.pluginDirectory.path, true)]
            + (context.environment["PATH"] ?? "").split(separator: ":").filter { $0.hasPrefix("/") }.map { (String($0), false) }
    }

    func external(_ name: String, _ path: String, approved: String?) -> ExternalProvider {
        ExternalProvider(name: name, executable: path, environment: context.environment, timeout: context.timeout, approvedSHA256: approved)
    }
}
