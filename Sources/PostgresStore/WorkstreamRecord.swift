import EventLog
import WorkstreamKit

/// A workstream's folded state as the PostgreSQL read model stores it: one
/// JSON document per workstream. A mirror of `Workstream` (which the domain
/// keeps free of any storage format), with every field, so a load gives back
/// exactly what was saved and `verify` can compare it with a replay.
struct WorkstreamRecord: Codable {
    var id: String
    var title: String
    var phase: String?
    var owner: String?
    var estimate: Double?
    var brief: String?
    var dependsOn: [String]
    var tasks: [TaskItem]
    var artifacts: [Artifact]
    /// Optional so documents saved before provisioning existed still decode.
    var provisions: [Provision]?
    var agent: String?
    var blockedReason: String?
    /// Optional so documents saved before conflicts were recorded still decode.
    var conflicts: [Conflict]?
    var setters: [String: Setter]?
    var lifecycle: Lifecycle
    var completion: Completion?
    var cancelReason: String?
    var version: Int64
    var position: Int64
    var declaredAt: String
    var startedAt: String?
    var closedAt: String?
    var hoursLogged: Double
    /// Optional so documents saved before leases and checks still decode.
    var leaseMinutes: Int?
    var leaseRenewedAt: String?
    var checks: [Check]?

    init(_ w: Workstream) {
        id = w.id; title = w.title; phase = w.phase; owner = w.owner; estimate = w.estimate; brief = w.brief
        dependsOn = w.dependsOn; tasks = w.tasks; artifacts = w.artifacts; agent = w.agent
        provisions = w.provisions
        blockedReason = w.blockedReason; conflicts = w.conflicts; setters = w.setters; lifecycle = w.lifecycle; completion = w.completion
        cancelReason = w.cancelReason; version = w.version; position = w.position; declaredAt = w.declaredAt
        startedAt = w.startedAt; closedAt = w.closedAt; hoursLogged = w.hoursLogged
        leaseMinutes = w.leaseMinutes; leaseRenewedAt = w.leaseRenewedAt; checks = w.checks.isEmpty ? nil : w.checks
    }

    var workstream: Workstream {
        var w = Workstream(id: id, title: title)
        w.phase = phase; w.owner = owner; w.estimate = estimate; w.brief = brief
        w.dependsOn = dependsOn; w.tasks = tasks; w.artifacts = artifacts; w.agent = agent
        w.provisions = provisions ?? []
        w.blockedReason = blockedReason; w.conflicts = conflicts ?? []; w.setters = setters ?? [:]; w.lifecycle = lifecycle; w.completion = completion
        w.cancelReason = cancelReason; w.version = version; w.position = position; w.declaredAt = declaredAt
        w.startedAt = startedAt; w.closedAt = closedAt; w.hoursLogged = hoursLogged
        w.leaseMinutes = leaseMinutes; w.leaseRenewedAt = leaseRenewedAt; w.checks = checks ?? []
        return w
    }

    static func encode(_ w: Workstream) throws -> String {
        try CanonicalJSON.text(WorkstreamRecord(w))
    }

    static func decode(_ text: String) throws -> Workstream {
        do { return try CanonicalJSON.decode(WorkstreamRecord.self, from: text).workstream } catch {
            throw EventStoreError.io("the PostgreSQL read model holds a workstream this ws cannot read (\(error)). Run 'ws rebuild' to regenerate it from the log.")
        }
    }
}
