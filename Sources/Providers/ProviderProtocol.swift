import WorkstreamKit

/// Protocol v1 between ws and a provider (docs/providers.md): one JSON request
/// on stdin; JSON lines on stdout: progress while working, then one result or
/// one error. Built-in providers implement the same protocol in-process.
///
/// A progress line may declare secret values (`"secrets": ["…"]`, masked in it
/// and every later line) and ask ws to hold progress back until the result
/// (`"hold": true`), so that a secret printed before the result is masked
/// (docs/exec-and-secrets.md). Both are optional; older ws ignores them.
public enum ProviderAction: String, Sendable, CaseIterable {
    case describe, plan, apply, destroy
}

public struct ProviderRequest: Sendable {
    public static let protocolVersion = 1
    public var action: ProviderAction
    public var type: String?
    public var name: String?
    /// Every parameter, secret ones included: the provider needs their values.
    public var params: [String: String]
    /// Which parameters are secret, so the provider never prints them.
    public var secretParams: [String]
    public var workstream: String?
    /// The same for every retry of one request: a provider that can pass it to
    /// its API (a client token) makes a retried create safe.
    public var idempotencyKey: String?
    /// For a destroy: parameter name → the other live resources in the log given the same value
    /// (another bucket in the same storage account). A built-in recipe keeps what they share.
    /// Not sent to plugins: the protocol has no such field.
    public var sharedParams: [String: [String]]

    public init(action: ProviderAction, type: String? = nil, name: String? = nil, params: [String: String] = [:], secretParams: [String] = [],
                workstream: String? = nil, idempotencyKey: String? = nil, sharedParams: [String: [String]] = [:]) {
        self.action = action; self.type = type; self.name = name; self.params = params; self.secretParams = secretParams
        self.workstream = workstream; self.idempotencyKey = idempotencyKey; self.sharedParams = sharedParams
    }

    public var json: JSONValue {
        var o: [String: JSONValue] = ["protocol": .int(Int64(Self.protocolVersion)), "action": .string(action.rawValue),
                                      "params": .object(params.mapValues { .string($0) }),
                                      "secretParams": .array(secretParams.sorted().map { .string($0) })]
        if let type { o["type"] = .string(type) }
        if let name { o["name"] = .string(name) }
        if let workstream { o["workstream"] = .string(workstream) }
        if let idempotencyKey { o["idempotencyKey"] = .string(idempotencyKey) }
        return .object(o)
    }
}

/// A parameter of a resource type, as `describe` lists it.
public struct ParameterSpec: Equatable, Sendable {
    public var name: String
    public var summary: String
    public var required: Bool
    public var defaultValue: String?
    public var secret: Bool
    /// ws makes up a strong value when none is given (passwords, tokens).
    public var generated: Bool

    public init(_ name: String, _ summary: String, required: Bool = false, default defaultValue: String? = nil,
                secret: Bool = false, generated: Bool = false) {
        self.name = name; self.summary = summary; self.required = required; self.defaultValue = defaultValue
        self.secret = secret; self.generated = generated
    }
}

extension ParameterSpec {
    /// The one spelling of a parameter name, as `ws providers` shows it: people type both
    /// `backup-retention` and `backup_retention`, and both name the same parameter.
    public static func canonical(_ name: String) -> String { name.replacingOccurrences(of: "-", with: "_") }
}

public struct ResourceSpec: Equatable, Sendable {
    public var type: String
    public var summary: String
    public var params: [ParameterSpec]
    public init(type: String, summary: String, params: [ParameterSpec]) { self.type = type; self.summary = summary; self.params = params }
}

/// What a provider answered.
public struct ProviderResult: Equatable, Sendable {
    public var outputs: [String: String] = [:]
    public var secrets: [String: String] = [:]
    public var commands: [String] = []
    /// For `describe` of one resource: whether it exists.
    public var exists: Bool?
    /// For `describe` of the provider: its resource types.
    public var resources: [ResourceSpec] = []
    public init(outputs: [String: String] = [:], secrets: [String: String] = [:], commands: [String] = [], exists: Bool? = nil,
                resources: [ResourceSpec] = []) {
        self.outputs = outputs; self.secrets = secrets; self.commands = commands; self.exists = exists; self.resources = resources
    }
}

/// Why a provider action failed. The message is what the user reads; secret
/// values are masked out of it before it is shown or recorded.
public struct ProviderFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var retryable: Bool
    public init(_ message: String, retryable: Bool = false) { self.message = message; self.retryable = retryable }
    public var description: String { message }
}

/// A provider, built in or external.
public protocol Provider: Sendable {
    var name: String { get }
    /// Where it comes from, for `ws providers`: "built-in" or the executable's path.
    var origin: String { get }
    func handle(_ request: ProviderRequest, progress: @escaping (String) -> Void) throws(ProviderFailure) -> ProviderResult
}

extension Provider {
    public func catalog() throws(ProviderFailure) -> [ResourceSpec] {
        try handle(ProviderRequest(action: .describe), progress: { _ in }).resources
    }
}
