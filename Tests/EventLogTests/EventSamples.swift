import WorkstreamKit

/// One sample of every event kind. The switch has no `default:`, so the tests do not compile until a new
/// event has its sample here, and `EventRoundTripTests` walks each through the forms ws stores it in.
extension EventType {
    /// An event of this kind with every field its stored form can carry set, for the round-trip test.
    var sample: WorkstreamEvent {
        let db = ResourceRef(provider: "local", type: "postgres", name: "db")
        let (commit, fingerprint) = (String(repeating: "c", count: 40), "hmac-sha256:" + String(repeating: "f", count: 16))
        switch self {
        case .declared: return .declared(.init(title: "Auth", phase: "1", owner: "ana", estimate: 2.5))
        case .detailsChanged: return .detailsChanged(.init(title: "Auth 2", estimate: 3, clear: ["owner"]))
        case .briefWritten: return .briefWritten(.init(markdown: "# Brief\n\nquote \" and é"))
        case .dependencyAdded: return .dependencyAdded(.init(dependsOn: "core"))
        case .dependencyRemoved: return .dependencyRemoved(.init(dependsOn: "core"))
        case .taskAdded: return .taskAdded(.init(taskId: "t1", text: "write the schema"))
        case .taskCompleted: return .taskCompleted(.init(taskId: "t1"))
        case .taskReopened: return .taskReopened(.init(taskId: "t1"))
        case .started: return .started(.init(agent: "ana", leaseMinutes: 120, head: String(repeating: "a", count: 40)))
        case .logged: return .logged(.init(message: "chose JWT", kind: .decision, hours: 1.5))
        case .artifactRecorded:
            return .artifactRecorded(.init(name: "url", value: "https://x/y", secret: false, fingerprint: nil, seen: ""))
        case .blocked: return .blocked(.init(reason: "waiting on core", seen: ""))
        case .unblocked: return .unblocked(.init(seen: "e1"))
        case .completed:
            let evidence = Evidence(base: commit, head: commit, commits: [.init(id: commit, summary: "s", author: "ana")],
                                    files: ["a.swift"], truncated: true)
            return .completed(.init(summary: "done", next: ["ship"], forced: true, reason: "late", openTasks: ["t2"],
                                    failedChecks: ["unit"], evidence: evidence, seen: ""))
        case .cancelled: return .cancelled(.init(reason: "dropped"))
        case .holderResolved: return .holderResolved(.init(agent: "bob", seen: "e2"))
        case .conflictResolved: return .conflictResolved(.init(kind: "artifact", name: "url", keep: "e3"))
        case .provisionRequested:
            return .provisionRequested(.init(key: "k1", resource: db, action: .apply, params: ["size": "s"],
                                             secretParams: ["password": fingerprint]))
        case .provisionSucceeded:
            return .provisionSucceeded(.init(key: "k1", resource: db, action: .apply, outputs: ["port": "5432"],
                                             secrets: ["password": fingerprint], commands: ["initdb"], reconciled: true))
        case .provisionFailed:
            return .provisionFailed(.init(key: "k1", resource: db, action: .apply, message: "no disk", retryable: true))
        case .provisionPlanned:
            return .provisionPlanned(.init(resource: db, action: .apply, params: ["size": "s"], commands: ["initdb"]))
        case .leaseRenewed: return .leaseRenewed(.init(agent: "ana", leaseMinutes: 60))
        case .released: return .released(.init(agent: "ana", reason: "handing over"))
        case .takenOver:
            return .takenOver(.init(agent: "bob", previous: "ana", leaseMinutes: 90, expiredAt: "2026-01-01T00:00:00Z",
                                    forced: true, reason: "ana is away"))
        case .checkDeclared: return .checkDeclared(.init(name: "unit", run: "swift test"))
        case .checkRan:
            return .checkRan(.init(name: "unit", run: "swift test", exitCode: 1, durationMs: 1200, output: "1 failed",
                                   timedOut: false))
        }
    }
}
