import Foundation

/// What a provider may use from ws: where to keep local state, where the
/// repository's plugin folder is, the environment, how long an action may take.
public struct ProviderContext: Sendable {
    public var stateDirectory: URL
    public var pluginDirectory: URL
    public var environment: [String: String]
    public var timeout: Double
    public init(stateDirectory: URL, pluginDirectory: URL, environment: [String: String], timeout: Double) {
        self.stateDirectory = stateDirectory; self.pluginDirectory = pluginDirectory; self.environment = environment; self.timeout = timeout
    }
}

/// The providers ws knows: the built-ins, then executables named
/// `ws-provider-<name>` in the repository's plugin folder (`.ws/providers/`)
/// and on PATH, in that order. A built-in name cannot be shadowed.
public struct ProviderRegistry: Sendable {
    public static let executablePrefix = "ws-provider-"
    public let context: ProviderContext

    public init(context: ProviderContext) { self.context = context }

    public var builtIns: [Provider] {
        let tool = Tool(environment: context.environment, timeout: context.timeout)
        return [LocalProvider(context: context, tool: tool), AWSProvider(context: context), ExecProvider(tool: tool)]
            + CloudCLIProvider.all(tool: tool)
    }

    public func all() -> [Provider] {
        var found = builtIns
        var seen = Set(found.map(\.name))
        for dir in searchDirectories {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            for file in names.sorted() where file.hasPrefix(Self.executablePrefix) {
                let name = String(file.dropFirst(Self.executablePrefix.count))
                let path = dir + "/" + file
                guard !name.isEmpty, !seen.contains(name), FileManager.default.isExecutableFile(atPath: path) else { continue }
                seen.insert(name)
                found.append(external(name, path))
            }
        }
        return found
    }

    public func provider(named name: String) throws(ProviderFailure) -> Provider {
        if let p = builtIns.first(where: { $0.name == name }) { return p }
        for dir in searchDirectories {
            let path = dir + "/" + Self.executablePrefix + name
            if FileManager.default.isExecutableFile(atPath: path) { return external(name, path) }
        }
        let known = all().map(\.name).joined(separator: ", ")
        throw ProviderFailure("no provider '\(name)': known are \(known). An external provider is an executable '\(Self.executablePrefix)\(name)' on PATH or in \(context.pluginDirectory.path); see 'ws providers'.")
    }

    var searchDirectories: [String] {
        [context.pluginDirectory.path] + (context.environment["PATH"] ?? "").split(separator: ":").map(String.init)
    }

    func external(_ name: String, _ path: String) -> Provider {
        ExternalProvider(name: name, executable: path, environment: context.environment, timeout: context.timeout)
    }
}
