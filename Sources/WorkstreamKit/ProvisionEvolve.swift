extension Workstream {
    /// Folds the provisioning events, one function each, called from `WorkspaceState.evolve`'s exhaustive
    /// switch. Outputs of a successful apply become the workstream's artifacts (`CARE_DB_URL`); a successful
    /// destroy removes them.
    mutating func provisionRequested(_ r: WorkstreamEvent.ProvisionRequested, by e: EventEnvelope) {
        var p = provision(r.resource) ?? Provision(resource: r.resource, state: .requested, action: r.action, requestedAt: e.time, actor: e.actor)
        p.state = .requested
        p.action = r.action
        p.key = r.key
        p.requestedAt = e.time
        p.actor = e.actor
        p.settledAt = nil
        p.message = nil
        if r.action == .apply { p.params = r.params; p.secretParams = r.secretParams.keys.sorted() }
        upsert(p)
    }

    mutating func provisionSucceeded(_ s: WorkstreamEvent.ProvisionSucceeded, by e: EventEnvelope) {
        guard var p = provision(s.resource) else { return }
        p.settledAt = e.time
        p.message = nil
        p.commands = s.commands
        removeArtifacts(of: p)
        if s.action == .destroy {
            p.state = .destroyed
            p.outputs = [:]
            p.secrets = [:]
        } else {
            p.state = .succeeded
            p.outputs = s.outputs
            p.secrets = s.secrets
            for (k, v) in s.outputs.sorted(by: { $0.key < $1.key }) {
                setArtifact(Artifact(name: p.resource.artifactName(for: k), value: v, secret: false, fingerprint: nil, recordedAt: e.time))
            }
            for (k, f) in s.secrets.sorted(by: { $0.key < $1.key }) {
                setArtifact(Artifact(name: p.resource.artifactName(for: k), value: nil, secret: true, fingerprint: f, recordedAt: e.time))
            }
        }
        upsert(p)
    }

    mutating func provisionFailed(_ f: WorkstreamEvent.ProvisionFailed, by e: EventEnvelope) {
        guard var p = provision(f.resource) else { return }
        p.state = .failed
        p.settledAt = e.time
        p.message = f.message
        upsert(p)
    }

    mutating func provisionPlanned(_ pl: WorkstreamEvent.ProvisionPlanned, by e: EventEnvelope) {
        // A plan never overwrites what was really provisioned.
        if let existing = provision(pl.resource), existing.state == .succeeded || existing.state == .requested { return }
        var p = Provision(resource: pl.resource, state: .planned, action: pl.action, requestedAt: e.time, actor: e.actor)
        p.params = pl.params
        p.commands = pl.commands
        p.settledAt = e.time
        upsert(p)
    }

    private mutating func upsert(_ p: Provision) {
        if let i = provisions.firstIndex(where: { $0.resource == p.resource }) { provisions[i] = p } else { provisions.append(p) }
    }

    private mutating func setArtifact(_ a: Artifact) {
        if let i = artifacts.firstIndex(where: { $0.name == a.name }) { artifacts[i] = a } else { artifacts.append(a) }
    }

    private mutating func removeArtifacts(of p: Provision) {
        let names = Set(p.artifactNames)
        artifacts.removeAll { names.contains($0.name) }
    }
}
