import EventLog
import Foundation
import Providers
import WorkstreamKit

extension ProvisionRun {
    public func apply(replace: Bool) throws {
        var run = self
        if let c = current, c.state == .requested { try reconcile(c, replacing: replace) }
        let latest = try ws.ledger.detail(id).workstream.provision(resource)
        if let p = latest, p.state == .succeeded, !replace { return printRecorded(p, already: true) }
        run.params = try withGenerated(params, forApply: true)
        // Checked before anything is recorded: a short secret could be neither masked nor told from ordinary words.
        if let short = run.secretNames.sorted().first(where: { run.params[$0].map { !SecretMask.isMaskable($0) } ?? false }) {
            throw CLIError(code: ExitCodes.error, message: "the secret parameter '\(short)' must be at least \(SecretMask.minimumLength) characters: ws masks secrets by their exact value, and a shorter one would mask ordinary words. Nothing was recorded.")
        }
        for name in run.secretNames { if let v = run.params[name] { run.mask.add(v) } }
        let key = UUID().uuidString.lowercased()
        var fingerprints: [String: String] = [:]
        for name in run.secretNames.sorted() {
            guard let v = run.params[name] else { continue }
            // Kept before the request is recorded, so a run cut off later can still be settled and destroyed.
            try ws.secrets.store(workstream: id, name: secretSlot(name), value: v)
            fingerprints[name] = try ws.secrets.fingerprint(of: v)
        }
        let requested = WorkstreamEvent.ProvisionRequested(key: key, resource: resource, action: .apply, params: run.plainParams(), secretParams: fingerprints)
        let outcome = try ws.execute(.requestProvision(id: id, requested, replace: replace), actor: actor, commit: false)
        if outcome.events.isEmpty, let p = latest { return printRecorded(p, already: true) }
        if ws.environment["WS_TEST_CRASH"] == "before-provider" { kill(getpid(), SIGKILL) }
        let result = run.perform(run.request(.apply, key: key), verb: "apply")
        if ws.environment["WS_TEST_CRASH"] == "after-provider" { kill(getpid(), SIGKILL) }
        try run.settle(result, key: key, action: .apply, reconciled: false)
    }

    public func destroy() throws {
        if let c = current, c.state == .requested { try reconcile(c, replacing: true) }
        guard let p = try ws.ledger.detail(id).workstream.provision(resource), p.state != .planned else {
            throw Refusal.notProvisioned(id: id, resource: resource)
        }
        if p.state == .destroyed { return Notes.line("\(resource) of \(id) is already destroyed") }
        guard let applied = try lastSuccessfulApply() else {
            throw CLIError(code: ExitCodes.refused,
                           message: "\(resource) of \(id) was never applied successfully (it is \(p.state.rawValue)), "
                               + "so ws does not know what to destroy and ran nothing. "
                               + "Undo by hand whatever a failed apply left.")
        }
        var run = self
        let recorded = try destroyParameters(applied, outputs: p.outputs)
        try checkGivenMatch(recorded)
        run.params = recorded
        run.sharedParams = try sharedWithOthers(recorded)
        run.secretNames.formUnion(applied.secretFingerprints.keys)
        for name in run.secretNames { if let v = run.params[name] { run.mask.add(v) } }
        let key = UUID().uuidString.lowercased()
        let requested = WorkstreamEvent.ProvisionRequested(key: key, resource: resource, action: .destroy, params: [:], secretParams: [:])
        let outcome = try ws.execute(.requestProvision(id: id, requested, replace: false), actor: actor, commit: false)
        if outcome.events.isEmpty { return Notes.line("\(resource) of \(id) is already destroyed") }
        let result = run.perform(run.request(.destroy, key: key), verb: "destroy")
        try run.settle(result, key: key, action: .destroy, reconciled: false)
    }

    /// What an earlier apply was given and produced: a destroy or a describe needs the same (a cluster id, say).
    func recordedParams(_ p: WorkstreamKit.Provision) throws -> [String: String] {
        var all = p.params.merging(p.outputs) { a, _ in a }
        for name in p.secretParams { if let v = try ws.secrets.value(workstream: id, name: secretSlot(name)) { all[name] = v } }
        return all
    }

    /// A request without an outcome: ask the provider whether the resource exists, and record what it says.
    func reconcile(_ c: WorkstreamKit.Provision, replacing: Bool) throws {
        guard let key = c.key else { return }
        var run = self
        run.params = try recordedParams(c)
        run.secretNames.formUnion(c.secretParams)
        for name in run.secretNames { if let v = run.params[name] { run.mask.add(v) } }
        switch run.perform(run.request(.describe, key: key), verb: "check interrupted \(c.action.rawValue) of") {
        case .failure(let f):
            throw CLIError(code: ExitCodes.error, message: "an earlier \(c.action.rawValue) of \(resource) on \(id) was interrupted, and the provider could not say what became of it: \(f.message). Nothing was changed; try again.")
        case .success(let r):
            switch (r.exists, c.action) {
            case (true?, .apply):
                try run.settle(.success(r), key: key, action: .apply, reconciled: true)
            case (false?, .destroy):
                try run.settle(.success(ProviderResult()), key: key, action: .destroy, reconciled: true)
            case (false?, .apply), (true?, .destroy):
                try run.record(.failed(.init(key: key, resource: resource, action: c.action,
                                             message: "interrupted before it finished; the provider reports it \(c.action == .apply ? "does not exist" : "still exists")",
                                             retryable: true)))
            case (nil, _):
                guard replacing else {
                    throw CLIError(code: ExitCodes.refused, message: "an earlier \(c.action.rawValue) of \(resource) on \(id) was interrupted, and provider '\(resource.provider)' cannot tell whether it exists. Check by hand, then run again with --replace (or --destroy).")
                }
                try run.record(.failed(.init(key: key, resource: resource, action: c.action,
                                             message: "interrupted; its outcome is unknown and a new request replaced it", retryable: true)))
            }
        }
    }

    func settle(_ result: Result<ProviderResult, ProviderFailure>, key: String, action: ProvisionAction, reconciled: Bool) throws {
        switch result {
        case .failure(let f):
            try record(.failed(.init(key: key, resource: resource, action: action, message: f.message, retryable: f.retryable)))
            throw CLIError(code: ExitCodes.error, message: "\(action.rawValue) of \(resource) on \(id) failed: \(f.message)")
        case .success(let r):
            var mask = self.mask
            mask.add(contentsOf: Array(r.secrets.values))
            // An output that carries a secret (a URL with the password in it) is kept as a secret, whole:
            // rewriting it with a mask would record a value that is neither the output nor usable.
            let outputs = keepable(r.outputs.filter { !mask.reveals($0.value) })
            let secrets = keepable(r.secrets.merging(r.outputs.filter { mask.reveals($0.value) }) { kept, _ in kept })
            var fingerprints: [String: String] = [:]
            for (name, value) in secrets.sorted(by: { $0.key < $1.key }) {
                let artifact = resource.artifactName(for: name)
                try ws.secrets.store(workstream: id, name: artifact, value: value)
                fingerprints[name] = try ws.secrets.fingerprint(of: value)
            }
            let succeeded = WorkstreamEvent.ProvisionSucceeded(key: key, resource: resource, action: action, outputs: outputs,
                                                                secrets: fingerprints, commands: r.commands.map(mask.apply), reconciled: reconciled)
            try record(.succeeded(succeeded))
            guard let p = try ws.ledger.detail(id).workstream.provision(resource) else { return }
            printRecorded(p, already: false)
        }
    }

    /// The outputs that may become artifacts. One whose artifact name would change how programs run
    /// (`node` + `options` = NODE_OPTIONS) is left out with a warning, not recorded: the resource exists
    /// now, and refusing the whole outcome would leave it unrecorded.
    func keepable(_ values: [String: String]) -> [String: String] {
        values.filter { name, _ in
            let artifact = resource.artifactName(for: name)
            guard ReservedVariables.isReserved(artifact) else { return true }
            Notes.warn("ws: warning: output \(name) of \(resource) was not kept: \(Refusal.reservedVariable(artifact))")
            return false
        }
    }

    func record(_ outcome: ProvisionOutcome) throws {
        try ws.execute(.settleProvision(id: id, outcome.cleaned), actor: actor, commit: false)
    }

    func printRecorded(_ p: WorkstreamKit.Provision, already: Bool) {
        if p.state == .destroyed { return Notes.line("destroyed \(resource) of \(id)") }
        Notes.line(already ? "\(resource) of \(id) was provisioned at \(p.settledAt ?? p.requestedAt); nothing to do (--replace to redo it)"
                            : "provisioned \(resource) for \(id)")
        for (k, v) in p.outputs.sorted(by: { $0.key < $1.key }) { Notes.line("  \(resource.artifactName(for: k))=\(v)") }
        for (k, f) in p.secrets.sorted(by: { $0.key < $1.key }) {
            let fingerprint = EventValidation.shown(fingerprint: f)
            Notes.line("  \(resource.artifactName(for: k)): secret (\(fingerprint)), 'ws env \(id)' prints it")
        }
    }

    /// Missing generated secrets (passwords, tokens) are made up here, so ws knows every secret before a provider sees it.
    func withGenerated(_ values: [String: String], forApply: Bool) throws -> [String: String] {
        guard forApply, let spec else { return values }
        var out = values
        for p in spec.params where p.generated && out[p.name] == nil {
            out[p.name] = try ws.secrets.value(workstream: id, name: secretSlot(p.name)) ?? PasswordGenerator.generate()
        }
        return out
    }
}
