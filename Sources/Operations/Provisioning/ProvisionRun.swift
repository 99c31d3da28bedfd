import EventLog
import Foundation
import Providers
import WorkstreamKit

/// One `ws provision`: the request recorded first, the provider run, the
/// outcome recorded after — so a crash in between leaves a request that the
/// next run settles by asking the provider what became of it.
public struct ProvisionRun {
    let ws: Workspace
    let id: String
    let resource: ResourceRef
    var params: [String: String]
    let actor: String
    let provider: Provider
    let spec: ResourceSpec?
    var secretNames: Set<String>
    var mask: SecretMask
    let current: WorkstreamKit.Provision?
    /// For a destroy: the values other live resources share (see `ProviderRequest.sharedParams`).
    var sharedParams: [String: [String]] = [:]

    /// `secretParams`: the parameters the person declared secret (`--param k=-`, `--secret-param k`), beside the ones the provider does.
    public init(ws: Workspace, id: String, resource: ResourceRef, params given: [String: String], secretParams declared: Set<String> = [],
         timeout: Double, actor: String) throws {
        self.ws = ws; self.id = id; self.resource = resource; self.actor = actor
        try ProvisionRules.check(resource)
        let workstream = try ws.ledger.detail(id).workstream
        // Asked before any provider runs (its catalog included): under another agent's live lease, nobody else
        // provisions.
        try FenceRules.requireHolder(workstream, actor: actor, now: ws.now, action: "provision for it")
        current = workstream.provision(resource)
        // Values this workstream (and what it depends on) already keeps secret are masked too, wherever a
        // provider echoes them: secret artifacts and other resources' secret parameters (generated passwords) alike.
        let known = try ws.secretMask().values
        var context = ws.location.providerContext(environment: ws.environment, timeout: timeout)
        context.knownSecrets = known
        // An untrusted repository plugin is refused here (exit 3), before anything is recorded and without running it.
        provider = try ProviderRegistry(context: context).provider(named: resource.provider)
        let catalog: [ResourceSpec]
        do { catalog = try provider.catalog() } catch {
            throw CLIError(code: ExitCodes.error, message: "cannot ask provider '\(resource.provider)' what it offers: \(error.message)")
        }
        spec = catalog.first { $0.type == resource.type } ?? catalog.first { $0.type == "<any>" }
        guard let spec else {
            throw CLIError(code: ExitCodes.notFound, message: "provider '\(resource.provider)' has no resource type '\(resource.type)': it has \(catalog.map(\.type).joined(separator: ", ")). See 'ws providers'.")
        }
        // `-` and `_` are one: each name is spelled as the provider spells it (exec: with `_`).
        let spelling = Dictionary(spec.params.map { (ParameterSpec.canonical($0.name), $0.name) }) { first, _ in first }
        func spelled(_ name: String) -> String { spelling[ParameterSpec.canonical(name)] ?? ParameterSpec.canonical(name) }
        if spec.type != "<any>", let unknown = given.keys.sorted().first(where: { spelling[ParameterSpec.canonical($0)] == nil }) {
            let names = spec.params.map { ParameterSpec.canonical($0.name) }.joined(separator: ", ")
            throw CLIError(code: ExitCodes.error, message: "\(resource.provider) \(resource.type) has no parameter '\(unknown)'; it takes \(names).")
        }
        let values = Dictionary(given.map { (spelled($0.key), $0.value) }) { _, last in last }
        let secret = Set(spec.params.filter(\.secret).map(\.name)).union(declared.map(spelled))
        var mask = SecretMask(known)
        mask.add(contentsOf: values.filter { secret.contains($0.key) }.map(\.value))
        params = values
        secretNames = secret
        self.mask = mask
    }

    /// Where a secret parameter is kept between the request and the outcome (and for later destroys).
    func secretSlot(_ param: String) -> String { "provision:\(resource.provider)/\(resource.type)/\(resource.name):\(param)" }

    func plainParams() -> [String: String] { params.filter { !secretNames.contains($0.key) } }

    func request(_ action: ProviderAction, key: String?) -> ProviderRequest {
        ProviderRequest(action: action, type: resource.type, name: resource.name, params: params, secretParams: secretNames.filter { params[$0] != nil }.sorted(),
                        workstream: id, idempotencyKey: key, sharedParams: action == .destroy ? sharedParams : [:])
    }

    /// Runs the provider with progress shown; a failure comes back as a value, already masked.
    func perform(_ request: ProviderRequest, verb: String) -> Result<ProviderResult, ProviderFailure> {
        let reporter = ProgressReporter(label: "\(resource.provider) \(verb) \(resource.type) \(resource.name)", mask: mask, environment: ws.environment)
        reporter.start()
        do {
            let r = try provider.handle(request) { reporter.update($0) }
            reporter.finish("done")
            return .success(r)
        } catch {
            reporter.finish("failed")
            // Capped as well: a plugin's error line may be up to 1 MiB, and the message goes into an event and documents.
            return .failure(ProviderFailure(CommandOutput.capped(mask.apply(error.message)), retryable: error.retryable))
        }
    }

    public func plan() throws {
        switch perform(request(.plan, key: nil), verb: "plan") {
        case .failure(let f): throw CLIError(code: ExitCodes.error, message: f.message)
        case .success(let r):
            let commands = r.commands.map(mask.apply)
            try ws.execute(.planProvision(id: id, .init(resource: resource, action: .apply, params: plainParams(), commands: commands)),
                           actor: actor, commit: false)
            Notes.line("# \(resource) for \(id): the commands, not run (recorded on \(id))")
            for c in commands { Notes.line(c) }
        }
    }
}

extension Error {
    var message: String { (self as? ProviderFailure)?.description ?? String(describing: self) }
}
