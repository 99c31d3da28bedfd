import Testing
@testable import WorkstreamKit

/// The rules, with no store at all: state in, events or a refusal out.
@Suite struct DeciderTests {
    /// Folds the events a list of commands produce, as the log would.
    func state(_ commands: [Command]) throws -> WorkspaceState {
        var s = WorkspaceState()
        var seq: Int64 = 0
        for c in commands {
            for p in try Decider.decide(c, state: s) {
                seq += 1
                s.evolve(EventEnvelope(seq: seq, stream: p.stream, version: (s[p.stream]?.version ?? 0) + 1, actor: "t",
                                       time: "2026-11-21T10:00:00.000Z", event: p.event))
            }
        }
        return s
    }

    let base: [Command] = [
        .declare(Declaration(id: "A1", title: "Infra")),
        .declare(Declaration(id: "A2", title: "Backend", dependsOn: ["A1"])),
        .declare(Declaration(id: "A4", title: "Frontend", dependsOn: ["A2"])),
    ]

    @Test func statusIsDerivedFromDependenciesHoldersAndBlocks() throws {
        var s = try state(base)
        #expect(s.status(of: "A1") == .ready)
        #expect(s.status(of: "A2") == .planned)
        s = try state(base + [.start(id: "A1", agent: "alice")])
        #expect(s.status(of: "A1") == .inProgress)
        s = try state(base + [.start(id: "A1", agent: "alice"), .block(id: "A1", reason: "quota")])
        #expect(s.status(of: "A1") == .blocked)
        s = try state(base + [.start(id: "A1", agent: "alice"),
                              .complete(id: "A1", agent: "alice", summary: nil, next: [], force: false, reason: nil)])
        #expect(s.status(of: "A1") == .completed)
        #expect(s.status(of: "A2") == .ready)
        s = try state(base + [.cancel(id: "A4", reason: "descoped")])
        #expect(s.status(of: "A4") == .cancelled)
    }

    @Test func startRefusals() throws {
        let s = try state(base + [.start(id: "A1", agent: "alice")])
        #expect(throws: Refusal.heldByAnotherAgent(id: "A1", holder: "alice")) { try Decider.decide(.start(id: "A1", agent: "bob"), state: s) }
        #expect(try Decider.decide(.start(id: "A1", agent: "alice"), state: s).isEmpty)
        #expect(throws: Refusal.dependenciesOpen(id: "A2", open: [.init(id: "A1", status: .inProgress)])) {
            try Decider.decide(.start(id: "A2", agent: "bob"), state: s)
        }
        #expect(throws: Refusal.unknownWorkstream("Z9")) { try Decider.decide(.start(id: "Z9", agent: "bob"), state: s) }
    }

    @Test func cyclesAreRefusedWithTheirPath() throws {
        let s = try state(base)
        #expect(throws: Refusal.cycle(["A1", "A4", "A2", "A1"])) { try Decider.decide(.addDependency(id: "A1", dependsOn: "A4"), state: s) }
        #expect(throws: Refusal.cycle(["A2", "A2"])) { try Decider.decide(.addDependency(id: "A2", dependsOn: "A2"), state: s) }
        #expect(try Decider.decide(.addDependency(id: "A4", dependsOn: "A1"), state: s).count == 1)
        #expect(try Decider.decide(.addDependency(id: "A2", dependsOn: "A1"), state: s).isEmpty)
    }

    @Test func completeNeedsTasksDoneUnlessForcedWithAReason() throws {
        let s = try state(base + [.addTask(id: "A1", text: "VPC", taskId: "1.1"), .start(id: "A1", agent: "alice")])
        #expect(throws: Refusal.tasksOpen(id: "A1", open: [TaskItem(id: "1.1", text: "VPC")])) {
            try Decider.decide(.complete(id: "A1", agent: "alice", summary: nil, next: [], force: false, reason: nil), state: s)
        }
        #expect(throws: Refusal.forceNeedsReason(id: "A1")) {
            try Decider.decide(.complete(id: "A1", agent: "alice", summary: nil, next: [], force: true, reason: nil), state: s)
        }
        let forced = try Decider.decide(.complete(id: "A1", agent: "alice", summary: nil, next: [], force: true, reason: "moved"), state: s)
        guard case .completed(let c) = forced.first?.event else { Issue.record("expected a completion"); return }
        #expect(c.forced && c.reason == "moved" && c.openTasks == ["1.1"])
        #expect(throws: Refusal.heldByAnotherAgent(id: "A1", holder: "alice")) {
            try Decider.decide(.complete(id: "A1", agent: "bob", summary: nil, next: [], force: false, reason: nil), state: s)
        }
    }

    @Test func repeatedCommandsRecordNothing() throws {
        let s = try state(base + [.addTask(id: "A1", text: "VPC", taskId: "1"), .completeTask(id: "A1", taskId: "1"),
                                  .block(id: "A2", reason: "r")])
        #expect(try Decider.decide(.completeTask(id: "A1", taskId: "1"), state: s).isEmpty)
        #expect(try Decider.decide(.block(id: "A2", reason: "r"), state: s).isEmpty)
        #expect(try Decider.decide(.unblock(id: "A1"), state: s).isEmpty)
        #expect(try Decider.decide(.addTask(id: "A1", text: "VPC", taskId: "1"), state: s).isEmpty)
        #expect(try Decider.decide(.applyPlan(Plan(workstreams: [
            Declaration(id: "A1", title: "Infra"), Declaration(id: "A2", title: "Backend", dependsOn: ["A1"]),
            Declaration(id: "A4", title: "Frontend", dependsOn: ["A2"]),
        ])), state: s).isEmpty)
    }

    @Test func planTasksAreKnownByTheirText() throws {
        let v1 = Declaration(id: "A1", title: "Infra", tasks: [TaskItem(id: "1", text: "A"), TaskItem(id: "2", text: "B")])
        var s = try state([.applyPlan(Plan(workstreams: [v1])), .writeBrief(id: "A1", markdown: "- [ ] C\n")])
        #expect(s["A1"]?.tasks.map(\.id) == ["1", "2", "3"])
        // The same plan with a task put first: only that task is new, under a free id.
        let v2 = Declaration(id: "A1", title: "Infra", tasks: [TaskItem(id: "1", text: "Z"), TaskItem(id: "2", text: "A"), TaskItem(id: "3", text: "B")])
        s = try state([.applyPlan(Plan(workstreams: [v1])), .writeBrief(id: "A1", markdown: "- [ ] C\n"), .applyPlan(Plan(workstreams: [v2]))])
        #expect(s["A1"]?.tasks.map(\.text) == ["A", "B", "C", "Z"])
        #expect(s["A1"]?.tasks.map(\.id) == ["1", "2", "3", "4"])
        #expect(try Decider.decide(.applyPlan(Plan(workstreams: [v2])), state: s).isEmpty)
    }

    @Test func aSecondDeclarationFromAMergeNeverResetsAWorkstream() throws {
        var s = try state(base + [.addTask(id: "A1", text: "VPC", taskId: "1"), .start(id: "A1", agent: "alice")])
        s.evolve(EventEnvelope(seq: 99, stream: "A1", version: 99, actor: "other-clone", time: "2026-11-21T11:00:00.000Z",
                               event: .declared(.init(title: "Infrastructure (other branch)"))))
        #expect(s["A1"]?.agent == "alice")
        #expect(s["A1"]?.tasks.count == 1)
        #expect(s["A1"]?.conflicts.map(\.kind) == [.declared])
        #expect(s["A1"]?.title == "Infra")
    }

    @Test func criticalPathIgnoresFinishedWork() throws {
        let s = try state([
            .declare(Declaration(id: "A", title: "a", estimate: 5)),
            .declare(Declaration(id: "B", title: "b", estimate: 1, dependsOn: ["A"])),
            .declare(Declaration(id: "C", title: "c", dependsOn: ["A"])),
            .declare(Declaration(id: "D", title: "d", estimate: 3, dependsOn: ["C"])),
        ])
        let g = DependencyGraph(s)
        let open = g.criticalPath { s[$0]?.isClosed == false ? (s[$0]?.estimate ?? 1) : nil }
        #expect(open.path == ["A", "C", "D"] && open.total == 9)
        let withoutA = g.criticalPath { $0 == "A" ? nil : (s[$0]?.estimate ?? 1) }
        #expect(withoutA.path == ["C", "D"] && withoutA.total == 4)
    }

    @Test func eventsRoundTripThroughTheirStoredForm() throws {
        let events: [WorkstreamEvent] = [
            .declared(.init(title: "T \"quoted\" / slash", phase: "P", owner: nil, estimate: 2.5)),
            .logged(.init(message: "ünïcödé\nline", kind: .resolution, hours: 0.25)),
            .completed(.init(summary: nil, next: ["a", "b"], forced: true, reason: "r", openTasks: ["1"])),
            .unblocked(.init()),
        ]
        for e in events {
            let payload = EventCodec.encodePayload(e)
            #expect(try EventCodec.decode(type: EventCodec.typeName(of: e), schemaVersion: 1, payload: payload) == e)
            // Canonical form is a fixed point, so export/import re-serialization keeps hashes.
            #expect(CanonicalJSON.canonicalize(payload) == payload)
        }
        #expect(throws: EventCodec.DecodingFailure.unsupportedSchema(type: "TaskAdded", version: 9)) {
            try EventCodec.decode(type: "TaskAdded", schemaVersion: 9, payload: "{}")
        }
        #expect(throws: EventCodec.DecodingFailure.unknownType("Nope")) { try EventCodec.decode(type: "Nope", schemaVersion: 1, payload: "{}") }
    }
}
