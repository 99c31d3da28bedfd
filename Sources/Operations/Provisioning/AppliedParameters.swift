import EventLog
import Foundation
import Providers
import WorkstreamKit

/// What a destroy acts on: the parameters the last successful apply of the resource was given,
/// read from the workstream's events (the read model keeps only the latest request's, which a
/// failed apply overwrites). Parameters given to the destroy itself may only repeat them: a destroy
/// named by other values would delete something ws never made (another storage account, say).
public struct AppliedParameters {
    /// The plain parameters, as the apply's request recorded them.
    var plain: [String: String]
    /// Secret parameter name → fingerprint of the value the apply used.
    var secretFingerprints: [String: String]
}

extension ProvisionRun {
    /// Nil when no apply of this resource succeeded since its last successful destroy.
    func lastSuccessfulApply() throws -> AppliedParameters? {
        var requests: [String: WorkstreamEvent.ProvisionRequested] = [:]
        var applied: AppliedParameters?
        // In the order every clone projects in (see `RecordedEvent.clock`).
        let events = try ws.ledger.history(stream: id).sorted { ($0.clock, $0.eventId) < ($1.clock, $1.eventId) }
        for recorded in events {
            guard let event = try? recorded.decoded() else { continue }
            if case .provisionRequested(let r) = event, r.resource == resource { requests[r.key] = r }
            if case .provisionSucceeded(let s) = event, s.resource == resource {
                if s.action == .destroy {
                    applied = nil
                } else if let r = requests[s.key] {
                    applied = AppliedParameters(plain: r.params, secretFingerprints: r.secretParams)
                }
            }
        }
        return applied
    }

    /// The values the destroy runs with: the applied parameters, the secret ones from where ws keeps
    /// them (checked to be the values the apply used), and the apply's outputs (a cluster id, say).
    func destroyParameters(_ applied: AppliedParameters, outputs: [String: String]) throws -> [String: String] {
        var all = applied.plain.merging(outputs) { a, _ in a }
        for (name, fingerprint) in applied.secretFingerprints.sorted(by: { $0.key < $1.key }) {
            guard let value = try ws.secrets.value(workstream: id, name: secretSlot(name)),
                  try ws.secrets.fingerprint(of: value) == fingerprint else {
                throw CLIError(code: ExitCodes.refused,
                               message: "\(resource) of \(id): the secret parameter '\(name)' ws keeps is not the one "
                                   + "its last successful apply used (a later apply that did not succeed replaced it), "
                                   + "so the destroy cannot act on what was applied. Nothing was run.")
            }
            all[name] = value
        }
        return all
    }

    /// Refuses a destroy given a parameter whose value is not the one applied (a default counts as given
    /// to the apply); names only the parameter, never a value, since it may be secret.
    func checkGivenMatch(_ applied: [String: String]) throws {
        let recorded = Dictionary(applied.map { (ParameterSpec.canonical($0.key), $0.value) }) { first, _ in first }
        let defaults = Dictionary((spec?.params ?? []).compactMap { p in
            p.defaultValue.map { (ParameterSpec.canonical(p.name), $0) }
        }) { a, _ in a }
        for (name, value) in params.sorted(by: { $0.key < $1.key }) {
            let key = ParameterSpec.canonical(name)
            if (recorded[key] ?? defaults[key]) != value {
                throw CLIError(code: ExitCodes.refused,
                               message: "\(resource) of \(id): --param \(key) differs from the value its last "
                                   + "successful apply used. A destroy acts on what the apply recorded: leave the "
                                   + "parameter out (or give the recorded value). Nothing was run.")
            }
        }
    }

    /// Which of these values another live resource of the same provider in the log was given too,
    /// and by which: a bucket's destroy keeps the storage account another bucket or key names.
    func sharedWithOthers(_ values: [String: String]) throws -> [String: [String]] {
        var shared: [String: [String]] = [:]
        for summary in try ws.ledger.summaries() {
            let provisions = try ws.ledger.detail(summary.id).workstream.provisions
            for other in provisions where other.resource.provider == resource.provider {
                guard !(summary.id == id && other.resource == resource), Self.mayHold(other) else { continue }
                for (name, value) in values.sorted(by: { $0.key < $1.key }) where other.params[name] == value {
                    shared[name, default: []].append("\(other.resource) of \(summary.id)")
                }
            }
        }
        return shared
    }

    /// Applied, or an apply that failed or was cut off (it may have made it). One whose destroy was
    /// asked for holds nothing a later destroy must keep: two buckets whose destroys each waited
    /// for the other would keep their account forever.
    static func mayHold(_ p: WorkstreamKit.Provision) -> Bool {
        switch p.state {
        case .succeeded: return true
        case .requested, .failed: return p.action == .apply
        case .destroyed, .planned: return false
        }
    }
}
