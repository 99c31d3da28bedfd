import Foundation
import Testing
@testable import PostgresStore
import WorkstreamKit

/// The PostgreSQL read model stores each workstream through `WorkstreamRecord`,
/// a field-by-field mirror of `Workstream`. A field added to `Workstream` and
/// not to the mirror would be silently dropped by that store: this fails first.
@Suite struct WorkstreamRecordTests {
    @Test func theRecordMirrorsEveryFieldOfAWorkstream() {
        let w = Workstream(id: "A1", title: "Infrastructure")
        let fields = Mirror(reflecting: w).children.compactMap(\.label).sorted()
        let mirrored = Mirror(reflecting: WorkstreamRecord(w)).children.compactMap(\.label).sorted()
        #expect(fields == mirrored, "add the missing fields to Sources/PostgresStore/WorkstreamRecord.swift")
    }

    @Test func aFullWorkstreamSurvivesTheRoundTrip() throws {
        var w = Workstream(id: "A1", title: "Infrastructure")
        w.phase = "Phase 0"; w.owner = "devops"; w.estimate = 8.5; w.brief = "# A1\n- [ ] one"
        w.dependsOn = ["A0"]; w.tasks = [TaskItem(id: "1", text: "one", done: true)]
        w.artifacts = [Artifact(name: "DB_PASSWORD", value: nil, secret: true, fingerprint: "hmac-sha256:00", recordedAt: "t")]
        w.agent = "alice"; w.blockedReason = "waiting"; w.conflicts = [Conflict(kind: .holder, entries: [
            ConflictEntry(eventId: "e1", actor: "bob", time: "t1", effect: .holder("bob")),
            ConflictEntry(eventId: "e2", actor: "carol", time: "t2", effect: .holder("carol"))], outcome: "held by bob")]
        w.setters = [Register.holder: Setter(eventId: "e1", actor: "bob", time: "t1")]; w.lifecycle = .completed
        w.completion = Completion(summary: "done", next: ["B1 next"], forced: true, reason: "demo")
        w.cancelReason = "none"; w.version = 7; w.position = 3; w.declaredAt = "t0"; w.startedAt = "t1"; w.closedAt = "t2"; w.hoursLogged = 1.25
        w.leaseMinutes = 60; w.leaseRenewedAt = "2026-11-21T10:00:00.000Z"
        w.checks = [Check(name: "db answers", run: "psql -c 'select 1'",
                          last: CheckResult(exitCode: 2, durationMs: 31, output: "timeout", timedOut: false, ranAt: "t2", actor: "alice"))]
        #expect(try WorkstreamRecord.decode(WorkstreamRecord.encode(w)) == w)
    }
}
