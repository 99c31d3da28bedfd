import Foundation
import Testing
@testable import WorkstreamKit

/// Golden files for every kind of document, from a scenario modelled on
/// shared/examples. A difference fails the test; re-record on purpose with
/// WS_RECORD_SNAPSHOTS=1 and review the diff.
@Suite struct DocumentSnapshotTests {
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    @Test func everyDocumentMatchesItsGoldenFile() throws {
        let files = Documents.render(try SnapshotScenario.history())
        #expect(files.keys.sorted() == [
            "Handoffs/2025-12-05-A1-infrastructure-setup.md",
            "Workstreams/A1-infrastructure-setup.md",
            "Workstreams/A2-backend-api.md",
            "Workstreams/A3-frontend.md",
            "Workstreams/README.md",
            "Workstreams/spec-004-cloud-infrastructure-deployment-azure.md",
            "devlog/2025-12-04-A1-infrastructure-setup.md",
            "devlog/2025-12-05-A1-infrastructure-setup.md",
            "devlog/2025-12-05-A2-backend-api.md",
            "devlog/2025-12-05-spec-004-cloud-infrastructure-deployment-azure.md",
        ])
        let record = ProcessInfo.processInfo.environment["WS_RECORD_SNAPSHOTS"] == "1"
        for (path, text) in files {
            let golden = Self.snapshots.appendingPathComponent(path.replacingOccurrences(of: "/", with: "__"))
            if record {
                try Data(text.utf8).write(to: golden)
                // Recording is never a pass: the new golden files must be reviewed and the run repeated without it.
                Issue.record("recorded \(path); review the diff and run again without WS_RECORD_SNAPSHOTS")
                continue
            }
            let expected = try? String(contentsOf: golden, encoding: .utf8)
            #expect(expected != nil, "no golden file for \(path): record with WS_RECORD_SNAPSHOTS=1")
            #expect(text == expected, "\(path) differs from its golden file")
        }
    }

    @Test func renderingIsDeterministic() throws {
        #expect(Documents.render(try SnapshotScenario.history()) == Documents.render(try SnapshotScenario.history()))
    }

    @Test func secretsAppearByNameAndFingerprintOnly() throws {
        let files = Documents.render(try SnapshotScenario.history())
        for (path, text) in files {
            #expect(!text.contains(SnapshotScenario.secretValue), "\(path)")
        }
        #expect(files["Workstreams/A1-infrastructure-setup.md"]?.contains("DATABASE_PASSWORD | secret (hmac-sha256:5e1f00d2c0ffee00)") == true)
    }
}

/// Two days of an infrastructure workstream (A1) that a backend (A2) and a
/// frontend (A3) wait for, and an Azure spec that was dropped.
enum SnapshotScenario {
    static let secretValue = "correct-horse-battery-staple"

    static func history() throws -> ProjectHistory {
        var history = ProjectHistory()
        var seq: Int64 = 0
        var minute = 0
        func run(_ c: Command, actor: String, day: Int = 4) throws {
            for p in try Decider.decide(c, state: history.state) {
                seq += 1; minute += 7
                let time = String(format: "2025-12-%02d T%02d:%02d:00.000Z", day, 9 + minute / 60 % 12, minute % 60).replacingOccurrences(of: " ", with: "")
                history.apply(EventEnvelope(seq: seq, stream: p.stream, version: (history.state[p.stream]?.version ?? 0) + 1,
                                            actor: actor, time: time, event: p.event))
            }
        }
        let brief = """
            # Workstream A1: Infrastructure Setup

            ## Mission
            Provision Google Cloud infrastructure for the platform: network, Cloud SQL, Memorystore, Cloud Run and monitoring.

            ### 1. Network and database
            - [ ] Custom VPC and subnet (10.128.0.0/20)
            - [ ] Cloud SQL PostgreSQL 15, private IP only
            - [ ] Database password in Secret Manager

            ### 2. Cache and delivery
            - [ ] Memorystore Redis 7.0, VPC only
            - [ ] Cloud Build pipeline for the backend
            """
        var infra = Declaration(id: "A1", title: "Infrastructure Setup", phase: "Phase 0 - MVP Foundation", owner: "Infrastructure/DevOps Engineer",
                                estimate: 6, brief: brief)
        infra.checks = [.init(name: "Cloud SQL answers", run: "psql \"$DATABASE_URL\" -c 'select 1'"),
                        .init(name: "Redis answers", run: "redis-cli -h \"$REDIS_HOST\" ping | grep -q PONG")]
        try run(.applyPlan(Plan(workstreams: [
            infra,
            Declaration(id: "A2", title: "Backend API", phase: "Phase 0 - MVP Foundation", owner: "Backend Engineer", estimate: 12,
                        dependsOn: ["A1"], tasks: [TaskItem(id: "1", text: "Run Alembic migrations"), TaskItem(id: "2", text: "Health check at /health")]),
            Declaration(id: "A3", title: "Frontend", phase: "Phase 0 - MVP Foundation", owner: "Frontend Engineer", estimate: 8, dependsOn: ["A1", "A2"]),
            Declaration(id: "spec-004", title: "Cloud Infrastructure & Deployment (Azure)", phase: "Phase 11", owner: "Platform"),
        ])), actor: "pm")
        try run(.start(id: "A1", agent: "infra-agent", leaseMinutes: 120), actor: "infra-agent")
        try run(.completeTask(id: "A1", taskId: "1.1"), actor: "infra-agent")
        try run(.log(id: "A1", message: "Private IP only for Cloud SQL and Memorystore; no public endpoints", kind: .decision, hours: 1), actor: "infra-agent")
        try run(.log(id: "A1", message: "VPC peering for Cloud SQL failed: reserved range overlapped the subnet", kind: .issue, hours: nil), actor: "infra-agent")
        try run(.log(id: "A1", message: "Reserved 10.130.0.0/16 for managed services instead", kind: .resolution, hours: 0.5), actor: "infra-agent")
        try run(.completeTask(id: "A1", taskId: "1.2"), actor: "infra-agent")
        try run(.recordArtifact(id: "A1", name: "DATABASE_PASSWORD", value: nil, secret: true, fingerprint: "hmac-sha256:5e1f00d2c0ffee00"), actor: "infra-agent")
        try run(.completeTask(id: "A1", taskId: "1.3"), actor: "infra-agent", day: 5)
        try run(.recordArtifact(id: "A1", name: "REDIS_HOST", value: "10.130.0.4", secret: false, fingerprint: nil), actor: "infra-agent", day: 5)
        try run(.completeTask(id: "A1", taskId: "2.1"), actor: "infra-agent", day: 5)
        try run(.completeTask(id: "A1", taskId: "2.2"), actor: "infra-agent", day: 5)
        try run(.log(id: "A1", message: "Scripts 00-06 and deploy-all.sh tested end to end", kind: .note, hours: 2.5), actor: "infra-agent", day: 5)
        try run(.recordCheck(id: "A1", .init(name: "Cloud SQL answers", run: "psql \"$DATABASE_URL\" -c 'select 1'", exitCode: 2, durationMs: 3012,
                                             output: "psql: error: connection to server failed: timeout", timedOut: false)), actor: "infra-agent", day: 5)
        try run(.recordCheck(id: "A1", .init(name: "Cloud SQL answers", run: "psql \"$DATABASE_URL\" -c 'select 1'", exitCode: 0, durationMs: 840,
                                             output: " ?column? \n----------\n        1\n(1 row)", timedOut: false)), actor: "infra-agent", day: 5)
        try run(.recordCheck(id: "A1", .init(name: "Redis answers", run: "redis-cli -h \"$REDIS_HOST\" ping | grep -q PONG", exitCode: 0, durationMs: 95,
                                             output: "", timedOut: false)), actor: "infra-agent", day: 5)
        let evidence = Evidence(base: "0f5e2c1d9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d", head: "9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b",
                                commits: [.init(id: "3a1f0c2d4e5b6a7980c1d2e3f4a5b6c7d8e9f0a1", summary: "Network and Cloud SQL scripts", author: "infra-agent"),
                                          .init(id: "9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b", summary: "Memorystore, Cloud Build | deploy-all.sh", author: "infra-agent")],
                                files: ["infra/00-network.sh", "infra/01-cloudsql.sh", "infra/deploy-all.sh"])
        try run(.complete(id: "A1", agent: "infra-agent", summary: "GCP infrastructure is provisioned: VPC, Cloud SQL (PostgreSQL 15), Memorystore (Redis 7.0), Cloud Run connector, CI/CD and monitoring. All scripts are idempotent.",
                          next: ["Backend: deploy with Cloud Build", "Run Alembic migrations with DATABASE_URL from Secret Manager"], force: false, reason: nil,
                          evidence: evidence),
                      actor: "infra-agent", day: 5)
        try run(.start(id: "A2", agent: "backend-agent", leaseMinutes: 120), actor: "backend-agent", day: 5)
        try run(.log(id: "A2", message: "Waiting for the CORS origin list from A3", kind: .note, hours: nil), actor: "backend-agent", day: 5)
        try run(.cancel(id: "spec-004", reason: "Moved to Google Cloud (A1)"), actor: "pm", day: 5)
        return history
    }
}
