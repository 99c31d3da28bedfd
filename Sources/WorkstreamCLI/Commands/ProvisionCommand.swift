import ArgumentParser
import Foundation
import Operations
import Providers
import WorkstreamKit

struct ProvisionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provision",
        abstract: "Create (or --plan, --destroy) a resource through a provider, and record it on a workstream.",
        discussion: """
            The outcome is recorded as events: the outputs become artifacts named after the resource (care-db → CARE_DB_URL), \
            secrets go to the local secret store only (`ws env <id>` prints them). Provisioning again what exists prints what was \
            recorded and calls no provider; --replace redoes it. A run cut off before its outcome is settled by asking the provider \
            (describe) on the next run, never by applying twice blindly. See `ws providers` and docs/providers.md.
            """)

    @Argument(help: "The workstream.") var id: String
    @Argument(help: "The resource type (see 'ws providers').") var type: String
    @Argument(help: "The resource's name.") var name: String
    @Option(help: "The provider: local, aws, exec, digitalocean, gcp, fly, azure, or an external ws-provider-<name>.") var provider: String
    @Option(name: .customLong("param"), help: ArgumentHelp("A parameter, k=v (repeatable); '-' and '_' in k are the same. k=- reads a secret value from standard input.",
                                                           discussion: "A value read from standard input is secret: it goes to the local secret store only, and the log keeps its fingerprint."))
    var params: [String] = []
    @Option(name: .customLong("secret-param"), help: ArgumentHelp("A secret parameter's name (repeatable): its value comes from $WS_PARAM_<NAME> when that is set, else from standard input; at least \(SecretMask.minimumLength) characters.",
                                                                   valueName: "name"))
    var secretParams: [String] = []
    @Flag(help: "Print and record the commands that would run; create nothing.") var plan = false
    @Flag(help: "Remove the resource.") var destroy = false
    @Flag(help: "Provision again even though it was provisioned.") var replace = false
    @Option(help: "Seconds the provider may take before it is stopped (default 600, or $WS_PROVIDER_TIMEOUT).") var timeout: Double?
    @OptionGroup var agent: AgentOption

    func validate() throws {
        if [plan, destroy, replace].filter({ $0 }).count > 1 { throw ValidationError("choose one of --plan, --destroy and --replace.") }
        var spelled: [String: String] = [:]
        for name in try parameterNames() {
            let canonical = ParameterSpec.canonical(name)
            if let other = spelled[canonical], other != name {
                throw ValidationError("'\(Text.printable(other, 60))' and '\(Text.printable(name, 60))' name the same parameter ('-' and '_' are one); give it once.")
            }
            spelled[canonical] = name
        }
        let stdinValues = params.filter { $0.split(separator: "=", maxSplits: 1).last == "-" }.count
        let fromStdin = stdinValues + secretParams.filter { secretFromEnvironment($0) == nil }.count
        if !plan && fromStdin > 1 {
            throw ValidationError("only one parameter can be read from standard input; give the other secret parameters as WS_PARAM_<NAME> in the environment with --secret-param <name>.")
        }
        if let timeout, !(timeout > 0 && timeout <= 86_400) { throw ValidationError("--timeout must be a number of seconds from 1 to 86400.") }
    }

    /// Every parameter name given, as typed (`--param k=…`, `--secret-param k`).
    func parameterNames() throws -> [String] {
        var names: [String] = []
        for p in params {
            // The value may be secret: the message names only the shape.
            guard let eq = p.firstIndex(of: "="), eq != p.startIndex else { throw ValidationError("--param expects k=v (got a value without '=' or a key).") }
            names.append(String(p[..<eq]))
        }
        for name in secretParams {
            guard !name.isEmpty, !name.contains("=") else { throw ValidationError("--secret-param takes a parameter's name, not its value.") }
            names.append(name)
        }
        return names
    }

    /// `$WS_PARAM_<NAME>` for a secret parameter, when set.
    func secretFromEnvironment(_ name: String) -> String? {
        ExecTemplate.variable(for: name).flatMap { ProcessInfo.processInfo.environment[$0] }
    }

    /// The parameters' values, and which are secret. `--plan` reads no secret: the plan names it as a variable.
    func readValues() -> (values: [String: String], secret: Set<String>) {
        var values: [String: String] = [:]
        var secret: Set<String> = []
        func fromStdin() -> String {
            var v = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            if v.hasSuffix("\n") { v.removeLast() }
            return v
        }
        for p in params {
            guard let eq = p.firstIndex(of: "=") else { continue }
            let name = String(p[..<eq])
            var v = String(p[p.index(after: eq)...])
            if v == "-" {
                secret.insert(name)
                v = plan ? "" : fromStdin()
            }
            values[name] = v
        }
        for name in secretParams {
            secret.insert(name)
            values[name] = plan ? "" : secretFromEnvironment(name) ?? fromStdin()
        }
        return (values, secret)
    }

    func run() throws {
        let (values, secret) = readValues()
        let ws = try Workspace.open()
        let seconds = try timeout ?? Self.environmentTimeout(ws.environment["WS_PROVIDER_TIMEOUT"]) ?? 600
        let run = try ProvisionRun(ws: ws, id: id, resource: ResourceRef(provider: provider, type: type, name: name), params: values,
                                   secretParams: secret, timeout: seconds, actor: ws.actor(agent.agent))
        if plan { return try run.plan() }
        if destroy { return try run.destroy() }
        try run.apply(replace: replace)
    }

    /// WS_PROVIDER_TIMEOUT, checked before anything is recorded: NaN, infinity, zero and negative values are refused.
    static func environmentTimeout(_ text: String?) throws -> Double? {
        guard let text, !text.isEmpty else { return nil }
        guard let seconds = Double(text), seconds.isFinite, seconds > 0, seconds <= 86_400 else {
            throw CLIError(code: ExitCodes.error, message: "WS_PROVIDER_TIMEOUT='\(Text.printable(text, 40))' is not a number of seconds from 1 to 86400.")
        }
        return seconds
    }
}
