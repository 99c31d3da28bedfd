/// Provisioning as the log records it: a request to a provider, then exactly
/// one outcome. Secret values never appear here; secret parameters and
/// secrets a provider returns are carried as fingerprints only.
public enum ProvisionAction: String, Codable, Sendable, CaseIterable {
    case apply, destroy
}

/// Which resource a provisioning event is about: a workstream provisions a
/// resource once per (provider, type, name).
public struct ResourceRef: Equatable, Hashable, Codable, Sendable, CustomStringConvertible {
    public var provider: String
    public var type: String
    public var name: String
    public init(provider: String, type: String, name: String) { self.provider = provider; self.type = type; self.name = name }
    public var description: String { "\(type) \(name) (\(provider))" }

    /// The prefix of the artifacts its outputs become: `care-db` → `CARE_DB_`.
    public var artifactPrefix: String {
        let upper = Self.upperSnake(name)
        return (upper.first?.isNumber == true ? "R_" + upper : upper) + "_"
    }

    public func artifactName(for output: String) -> String { artifactPrefix + Self.upperSnake(output) }

    /// Upper case, with `_` for anything but a letter or a digit: what an environment variable's name may hold.
    static func upperSnake(_ text: String) -> String {
        String(text.uppercased().unicodeScalars.map {
            ("A"..."Z").contains($0) || ("0"..."9").contains($0) ? Character($0) : "_"
        })
    }
}

extension WorkstreamEvent {
    public struct ProvisionRequested: Equatable, Sendable {
        public var key: String
        public var resource: ResourceRef
        public var action: ProvisionAction
        /// Plain parameters; secret ones appear only in `secretParams`, by fingerprint.
        public var params: [String: String]
        public var secretParams: [String: String]
        public init(key: String, resource: ResourceRef, action: ProvisionAction, params: [String: String], secretParams: [String: String]) {
            self.key = key; self.resource = resource; self.action = action; self.params = params; self.secretParams = secretParams
        }
    }

    public struct ProvisionSucceeded: Equatable, Sendable {
        public var key: String
        public var resource: ResourceRef
        public var action: ProvisionAction
        public var outputs: [String: String]
        /// Secret name → fingerprint; the values are in the local secret store.
        public var secrets: [String: String]
        /// The equivalent CLI commands, for a person who wants to do it by hand.
        public var commands: [String]
        /// Set when the outcome was learnt by asking the provider after an interrupted run.
        public var reconciled: Bool
        public init(key: String, resource: ResourceRef, action: ProvisionAction, outputs: [String: String], secrets: [String: String],
                    commands: [String], reconciled: Bool = false) {
            self.key = key; self.resource = resource; self.action = action; self.outputs = outputs; self.secrets = secrets
            self.commands = commands; self.reconciled = reconciled
        }
    }

    public struct ProvisionFailed: Equatable, Sendable {
        public var key: String
        public var resource: ResourceRef
        public var action: ProvisionAction
        public var message: String
        public var retryable: Bool
        public init(key: String, resource: ResourceRef, action: ProvisionAction, message: String, retryable: Bool) {
            self.key = key; self.resource = resource; self.action = action; self.message = message; self.retryable = retryable
        }
    }

    /// `--plan`: what would be done, as commands; nothing was created.
    public struct ProvisionPlanned: Equatable, Sendable {
        public var resource: ResourceRef
        public var action: ProvisionAction
        public var params: [String: String]
        public var commands: [String]
        public init(resource: ResourceRef, action: ProvisionAction, params: [String: String], commands: [String]) {
            self.resource = resource; self.action = action; self.params = params; self.commands = commands
        }
    }
}

public enum ProvisionState: String, Codable, Sendable {
    /// Asked for, no outcome yet: running now, or cut off by a crash.
    case requested
    case succeeded, failed, destroyed, planned
}

/// One resource of a workstream, as its provisioning events leave it.
public struct Provision: Equatable, Codable, Sendable {
    public var resource: ResourceRef
    public var state: ProvisionState
    public var action: ProvisionAction
    public var key: String?
    public var params: [String: String] = [:]
    public var secretParams: [String] = []
    public var outputs: [String: String] = [:]
    /// Secret output name → fingerprint.
    public var secrets: [String: String] = [:]
    public var commands: [String] = []
    public var message: String?
    public var requestedAt: String
    public var settledAt: String?
    public var actor: String

    public init(resource: ResourceRef, state: ProvisionState, action: ProvisionAction, requestedAt: String, actor: String) {
        self.resource = resource; self.state = state; self.action = action; self.requestedAt = requestedAt; self.actor = actor
    }

    /// The artifact names its outputs and secrets became.
    public var artifactNames: [String] {
        (outputs.keys.map { resource.artifactName(for: $0) } + secrets.keys.map { resource.artifactName(for: $0) }).sorted()
    }
}

extension Workstream {
    public func provision(_ resource: ResourceRef) -> Provision? { provisions.first { $0.resource == resource } }
}
