import Foundation

/// The decider's rules for provisioning, apart for length.
public enum ProvisionRules {
    static func request(id: String, _ r: WorkstreamEvent.ProvisionRequested, replace: Bool,
                        state: WorkspaceState) throws(Refusal) -> [PendingEvent] {
        let w = try Decider.existing(id, in: state)
        try check(r.resource)
        let existing = w.provision(r.resource)
        if let p = existing, p.state == .requested { throw .provisionUnsettled(id: id, resource: r.resource, since: p.requestedAt) }
        switch r.action {
        case .apply:
            // Resources are made for work in progress; a closed workstream only cleans up.
            if w.isClosed { throw .closed(id: id, lifecycle: w.lifecycle) }
            // Every output of a resource `git` would be an artifact GIT_…: refused before a provider runs, not after.
            let prefix = r.resource.artifactPrefix
            if ReservedVariables.isReserved(prefix + "X") { throw .reservedVariable(prefix + "…") }
            // Provisioning again what exists is a no-op: the caller shows what was recorded.
            if let p = existing, p.state == .succeeded, !replace { return [] }
        case .destroy:
            guard let p = existing, p.state != .planned else { throw .notProvisioned(id: id, resource: r.resource) }
            if p.state == .destroyed { return [] }
        }
        return [PendingEvent(stream: id, event: .provisionRequested(r))]
    }

    static func settle(id: String, _ outcome: ProvisionOutcome, state: WorkspaceState) throws(Refusal) -> [PendingEvent] {
        let w = try Decider.existing(id, in: state)
        guard let p = w.provision(outcome.resource), p.state == .requested, p.key == outcome.key else {
            throw .invalid("no open request \(outcome.key) for \(outcome.resource) of \(id); it was settled by another run. See 'ws show \(id)'.")
        }
        switch outcome {
        case .succeeded(let s):
            for name in s.outputs.keys.sorted() + s.secrets.keys.sorted() {
                try Validation.artifactName(w.id.isEmpty ? name : s.resource.artifactName(for: name))
            }
            return [PendingEvent(stream: id, event: .provisionSucceeded(s))]
        case .failed(let f):
            return [PendingEvent(stream: id, event: .provisionFailed(f))]
        }
    }

    public static func check(_ r: ResourceRef) throws(Refusal) {
        let safe = Validation.alnum.union(CharacterSet(charactersIn: "._-"))
        for (what, value) in [("provider", r.provider), ("resource type", r.type), ("resource name", r.name)] {
            guard Validation.matches(value, first: Validation.alnum, rest: safe), value.count <= 63 else {
                throw .invalid("'\(value)' is not a valid \(what): use letters, digits, '.', '_' or '-', starting with a letter or digit (at most 63).")
            }
        }
    }
}
