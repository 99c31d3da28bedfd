import Testing
@testable import WorkstreamKit

/// Fencing in the pure decider (who may change the work of a held workstream) and in `evolve`
/// (what two clones that did not see each other's change of holder end with).
@Suite struct FencingTests {
    static func at(_ minutes: Int) -> String { LeaseRulesTests.at(minutes) }

    /// A1 (one open task, one check) started by alice at 0 with a 60-minute lease; bob took it over at 61.
    func takenOver() throws -> WorkspaceState {
        var s = WorkspaceState()
        var seq: Int64 = 0
        func record(_ command: Command, by actor: String, at minutes: Int) throws {
            for p in try Decider.decide(command, state: s, now: Self.at(minutes), actor: actor) {
                seq += 1
                s.evolve(EventEnvelope(seq: seq, stream: p.stream, version: (s[p.stream]?.version ?? 0) + 1, actor: actor,
                                       time: Self.at(minutes), event: p.event, eventId: "e\(seq)", clock: seq))
            }
        }
        try record(.declare(Declaration(id: "A1", title: "Infra", tasks: [TaskItem(id: "1", text: "VPC")])), by: "pm", at: 0)
        try record(.addCheck(id: "A1", name: "up", run: "true"), by: "pm", at: 0)
        try record(.start(id: "A1", agent: "alice", leaseMinutes: 60), by: "alice", at: 0)
        try record(.takeOver(id: "A1", agent: "bob", leaseMinutes: 60, force: false, reason: nil), by: "bob", at: 61)
        return s
    }

    static let ran = WorkstreamEvent.CheckRan(name: "up", run: "true", exitCode: 0, durationMs: 1, output: "", timedOut: false)

    /// Everything that changes the work: refused to the holder the take-over replaced, as to anyone else.
    static let work: [Command] = [
        .completeTask(id: "A1", taskId: "1"),
        .recordArtifact(id: "A1", name: "VPC_ID", value: "vpc-1", secret: false, fingerprint: nil),
        .addCheck(id: "A1", name: "more", run: "true"),
        .recordCheck(id: "A1", ran),
        .block(id: "A1", reason: "waiting"),
        .log(id: "A1", message: "decided", kind: .decision, hours: nil),
        .log(id: "A1", message: "worked", kind: .note, hours: 2),
        .requestProvision(id: "A1", .init(key: "k1", resource: ResourceRef(provider: "local", type: "dir", name: "x"), action: .apply,
                                          params: [:], secretParams: [:]), replace: false),
        .complete(id: "A1", agent: "alice", summary: "mine", next: [], force: true, reason: "I finished it"),
    ]

    @Test(arguments: work) func theReplacedHolderIsFencedOut(command: Command) throws {
        let s = try takenOver()
        #expect(throws: Refusal.notTheHolder(id: "A1", holder: "bob", until: Self.at(121), action: FenceRules.fenced(command)?.action ?? "")) {
            try Decider.decide(command, state: s, now: Self.at(62), actor: "alice")
        }
        let refusal = Refusal.notTheHolder(id: "A1", holder: "bob", until: Self.at(121), action: "complete it")
        #expect(refusal.exitCode == 3)
        #expect(refusal.description.contains("held by bob") && refusal.description.contains("ws start A1 --take-over"))
    }

    @Test func theHolderABystandersNoteAndAStaleLeaseAreNotFenced() throws {
        let s = try takenOver()
        #expect(try !Decider.decide(.completeTask(id: "A1", taskId: "1"), state: s, now: Self.at(62), actor: "bob").isEmpty)
        #expect(try !Decider.decide(.log(id: "A1", message: "fyi", kind: .note, hours: nil), state: s, now: Self.at(62), actor: "alice").isEmpty)
        #expect(try !Decider.decide(.addTask(id: "A1", text: "More", taskId: nil), state: s, now: Self.at(62), actor: "pm").isEmpty)
        // Bob's lease ran out at 121: a stale hold fences nobody.
        #expect(try !Decider.decide(.completeTask(id: "A1", taskId: "1"), state: s, now: Self.at(122), actor: "alice").isEmpty)
    }

    // MARK: Across clones

    static func envelope(_ event: WorkstreamEvent, by actor: String, id: String, clock: Int64) -> EventEnvelope {
        EventEnvelope(seq: clock, stream: "A1", version: clock, actor: actor, time: at(Int(clock)), event: event, eventId: id, clock: clock)
    }

    /// Alice (holder at 0) completes on her clone; bob takes over on his; neither saw the other.
    @Test(arguments: [false, true]) func aTakeOverAndACompletionByTheOldHolderAreAFencedConflict(completionFirst: Bool) throws {
        var base = WorkspaceState()
        base.evolve(Self.envelope(.declared(.init(title: "Infra")), by: "pm", id: "d", clock: 1))
        base.evolve(Self.envelope(.started(.init(agent: "alice", leaseMinutes: 60)), by: "alice", id: "s-alice", clock: 2))
        let completion = try Decider.decide(.complete(id: "A1", agent: "alice", summary: "Shipped", next: [], force: false, reason: nil),
                                            state: base, now: Self.at(70), actor: "alice")
        let take = try Decider.decide(.takeOver(id: "A1", agent: "bob", leaseMinutes: 60, force: false, reason: nil),
                                      state: base, now: Self.at(70), actor: "bob")
        let c = Self.envelope(try #require(completion.first?.event), by: "alice", id: "e-complete", clock: completionFirst ? 70 : 71)
        let t = Self.envelope(try #require(take.first?.event), by: "bob", id: "e-take", clock: completionFirst ? 71 : 70)
        var s = base
        for e in [c, t].sorted(by: { $0.clock < $1.clock }) { s.evolve(e) }
        let w = try #require(s["A1"])
        #expect(w.lifecycle == .completed && w.agent == "alice" && w.completion?.summary == "Shipped")
        let conflict = try #require(w.conflicts.first)
        #expect(conflict.kind == .fenced && w.conflicts.count == 1)
        #expect(Set(conflict.entries.map(\.eventId)) == ["e-complete", "e-take"])
        #expect(conflict.outcome == Workstream.fencedOutcome(by: "alice"))
        // Keeping the take-over reopens it, held by bob.
        let keep = try Decider.decide(.resolveConflict(id: "A1", kind: nil, name: nil, keep: "e-take"), state: s, now: Self.at(80), actor: "pm")
        for p in keep { s.evolve(Self.envelope(p.event, by: "pm", id: "e-resolve", clock: 80)) }
        #expect(s["A1"]?.lifecycle == .open && s["A1"]?.agent == "bob" && s["A1"]?.completion == nil)
        #expect(s["A1"]?.conflicts.isEmpty == true && s.status(of: "A1") == .inProgress)
    }

    /// Released on one clone, then completed there; started by bob on the other: the start cannot have seen the
    /// completion (the decider refuses a start of a closed workstream), so it is the same `fenced` conflict.
    @Test func aStartFoldedOntoACompletionIsAFencedConflict() throws {
        var s = WorkspaceState()
        for e in [Self.envelope(.declared(.init(title: "Infra")), by: "pm", id: "d", clock: 1),
                  Self.envelope(.completed(.init(summary: "Shipped", next: [], forced: false, reason: nil, seen: "")),
                                by: "alice", id: "e-complete", clock: 5),
                  Self.envelope(.started(.init(agent: "bob", leaseMinutes: 60)), by: "bob", id: "s-bob", clock: 6)] { s.evolve(e) }
        let w = try #require(s["A1"])
        #expect(w.lifecycle == .completed && w.agent == "alice" && w.conflicts.map(\.kind) == [.fenced], "\(w.conflicts)")
    }

    /// A completion that saw the take-over (forced by the old holder once bob's lease ran out) is no conflict.
    @Test func aCompletionThatSawTheTakeOverIsNoConflict() throws {
        var s = try takenOver()
        let forced = try Decider.decide(.complete(id: "A1", agent: "alice", summary: nil, next: [], force: true, reason: "bob vanished"),
                                        state: s, now: Self.at(200), actor: "alice")
        for p in forced { s.evolve(Self.envelope(p.event, by: "alice", id: "e-forced", clock: 200)) }
        #expect(s["A1"]?.lifecycle == .completed && s["A1"]?.conflicts.isEmpty == true)
    }

    /// One holder conflict settled for alice on one clone and for bob on the other.
    @Test(arguments: [false, true]) func twoDifferentSettlementsOfOneHolderConflictAreAConflict(aliceFirst: Bool) throws {
        var s = WorkspaceState()
        s.evolve(Self.envelope(.declared(.init(title: "Infra")), by: "pm", id: "d", clock: 1))
        s.evolve(Self.envelope(.started(.init(agent: "alice", leaseMinutes: 60)), by: "alice", id: "s-alice", clock: 2))
        s.evolve(Self.envelope(.started(.init(agent: "bob", leaseMinutes: 60)), by: "bob", id: "s-bob", clock: 3))
        #expect(s["A1"]?.conflicts.map(\.kind) == [.holder])
        let forAlice = try Decider.decide(.resolveHolder(id: "A1", agent: "alice"), state: s, now: Self.at(10), actor: "pm")
        let forBob = try Decider.decide(.resolveConflict(id: "A1", kind: .holder, name: nil, keep: "s-bob"), state: s, now: Self.at(10), actor: "lead")
        let a = Self.envelope(try #require(forAlice.first?.event), by: "pm", id: "r-alice", clock: aliceFirst ? 10 : 11)
        let b = Self.envelope(try #require(forBob.first?.event), by: "lead", id: "r-bob", clock: aliceFirst ? 11 : 10)
        for e in [a, b].sorted(by: { $0.clock < $1.clock }) { s.evolve(e) }
        let w = try #require(s["A1"])
        #expect(w.agent == (aliceFirst ? "alice" : "bob"))
        let conflict = try #require(w.conflicts.first)
        #expect(conflict.kind == .holder && Set(conflict.entries.map(\.eventId)) == ["r-alice", "r-bob"], "\(conflict)")
        // Settled again, with both settlements seen: no conflict is left.
        let final = try Decider.decide(.resolveHolder(id: "A1", agent: "bob"), state: s, now: Self.at(20), actor: "pm")
        for p in final { s.evolve(Self.envelope(p.event, by: "pm", id: "r-final", clock: 20)) }
        #expect(s["A1"]?.agent == "bob" && s["A1"]?.conflicts.isEmpty == true)
        // The same settlement on both clones is no conflict.
        var same = WorkspaceState()
        for e in [Self.envelope(.declared(.init(title: "Infra")), by: "pm", id: "d", clock: 1),
                  Self.envelope(.started(.init(agent: "alice")), by: "alice", id: "s-alice", clock: 2),
                  Self.envelope(.started(.init(agent: "bob")), by: "bob", id: "s-bob", clock: 3),
                  Self.envelope(.holderResolved(.init(agent: "bob", seen: "s-alice")), by: "pm", id: "r1", clock: 10),
                  Self.envelope(.holderResolved(.init(agent: "bob", seen: "s-alice")), by: "lead", id: "r2", clock: 11)] { same.evolve(e) }
        #expect(same["A1"]?.agent == "bob" && same["A1"]?.conflicts.isEmpty == true)
    }

    @Test func theSeenFieldsRoundTripThroughTheCodec() throws {
        let events: [WorkstreamEvent] = [
            .holderResolved(.init(agent: "bob", seen: "s-alice")),
            .completed(.init(summary: "x", next: [], forced: false, reason: nil, seen: "e-take")),
        ]
        for e in events {
            #expect(try EventCodec.decode(type: EventCodec.typeName(of: e), schemaVersion: 1, payload: EventCodec.encodePayload(e)) == e)
        }
    }
}
