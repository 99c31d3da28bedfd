import Testing
@testable import WorkstreamKit

/// Fencing in the pure decider (who may change the work of a held workstream) and in `evolve`
/// (what two clones that did not see each other's change of holder end with).
@Suite struct FencingTests {
    static func at(_ minutes: Int) -> String { LeaseRulesTests.at(minutes) }

    func decide(_ command: Command, _ s: WorkspaceState, at minutes: Int, by actor: String) throws -> [PendingEvent] {
        try Decider.decide(command, state: s, now: Self.at(minutes), actor: actor)
    }

    /// An event of A1 as another clone would hand it over: its clock is its place in the total order.
    static func event(_ e: WorkstreamEvent, by actor: String, id: String, clock: Int64) -> EventEnvelope {
        EventEnvelope(seq: clock, stream: "A1", version: clock, actor: actor, time: at(Int(clock)), event: e,
                      eventId: id, clock: clock)
    }

    /// Folds `events` in the total order, as every clone does.
    func fold(_ events: [EventEnvelope], into start: WorkspaceState = WorkspaceState()) -> WorkspaceState {
        var s = start
        for e in events.sorted(by: { ($0.clock, $0.eventId) < ($1.clock, $1.eventId) }) { s.evolve(e) }
        return s
    }

    static let declared = event(.declared(.init(title: "Infra")), by: "pm", id: "d", clock: 1)

    /// A1 (one open task, one check) started by alice at 0 with a 60-minute lease; bob took it over at 61.
    func takenOver() throws -> WorkspaceState {
        var s = WorkspaceState()
        var seq: Int64 = 0
        func record(_ command: Command, by actor: String, at minutes: Int) throws {
            for p in try decide(command, s, at: minutes, by: actor) {
                seq += 1
                let version = (s[p.stream]?.version ?? 0) + 1
                s.evolve(EventEnvelope(seq: seq, stream: p.stream, version: version, actor: actor,
                                       time: Self.at(minutes), event: p.event, eventId: "e\(seq)", clock: seq))
            }
        }
        try record(.declare(Declaration(id: "A1", title: "Infra", tasks: [TaskItem(id: "1", text: "VPC")])),
                   by: "pm", at: 0)
        try record(.addCheck(id: "A1", name: "up", run: "true"), by: "pm", at: 0)
        try record(.start(id: "A1", agent: "alice", leaseMinutes: 60), by: "alice", at: 0)
        try record(.takeOver(id: "A1", agent: "bob", leaseMinutes: 60, force: false, reason: nil),
                   by: "bob", at: 61)
        return s
    }

    static let ran = WorkstreamEvent.CheckRan(name: "up", run: "true", exitCode: 0, durationMs: 1, output: "",
                                              timedOut: false)
    static let provision = WorkstreamEvent.ProvisionRequested(
        key: "k1", resource: ResourceRef(provider: "local", type: "dir", name: "x"), action: .apply, params: [:],
        secretParams: [:])

    /// Everything that changes the work: refused to the holder the take-over replaced, as to anyone else.
    static let work: [Command] = [
        .completeTask(id: "A1", taskId: "1"),
        .recordArtifact(id: "A1", name: "VPC_ID", value: "vpc-1", secret: false, fingerprint: nil),
        .addCheck(id: "A1", name: "more", run: "true"),
        .recordCheck(id: "A1", ran),
        .block(id: "A1", reason: "waiting"),
        .log(id: "A1", message: "decided", kind: .decision, hours: nil),
        .log(id: "A1", message: "worked", kind: .note, hours: 2),
        .requestProvision(id: "A1", provision, replace: false),
        .complete(id: "A1", agent: "alice", summary: "mine", next: [], force: true, reason: "I finished it"),
    ]

    @Test(arguments: work) func theReplacedHolderIsFencedOut(command: Command) throws {
        let s = try takenOver()
        let action = FenceRules.fenced(command)?.action ?? ""
        #expect(throws: Refusal.notTheHolder(id: "A1", holder: "bob", until: Self.at(121), action: action)) {
            try decide(command, s, at: 62, by: "alice")
        }
        let refusal = Refusal.notTheHolder(id: "A1", holder: "bob", until: Self.at(121), action: "complete it")
        #expect(refusal.exitCode == 3)
        #expect(refusal.description.contains("held by bob") && refusal.description.contains("ws start A1 --take-over"))
    }

    @Test func theHolderABystandersNoteAndAStaleLeaseAreNotFenced() throws {
        let s = try takenOver()
        #expect(try !decide(.completeTask(id: "A1", taskId: "1"), s, at: 62, by: "bob").isEmpty)
        #expect(try !decide(.log(id: "A1", message: "fyi", kind: .note, hours: nil), s, at: 62, by: "alice").isEmpty)
        #expect(try !decide(.addTask(id: "A1", text: "More", taskId: nil), s, at: 62, by: "pm").isEmpty)
        // Bob's lease ran out at 121: a stale hold fences nobody.
        #expect(try !decide(.completeTask(id: "A1", taskId: "1"), s, at: 122, by: "alice").isEmpty)
    }

    // MARK: Across clones

    /// Alice (holder since 2) completes on her clone; bob takes over on his; neither saw the other.
    @Test(arguments: [false, true]) func takeOverAndOldHoldersCompletionConflict(completionFirst: Bool) throws {
        let base = fold([Self.declared, Self.event(.started(.init(agent: "alice", leaseMinutes: 60)), by: "alice",
                                                    id: "s-alice", clock: 2)])
        let done = Command.complete(id: "A1", agent: "alice", summary: "Shipped", next: [], force: false, reason: nil)
        let take = Command.takeOver(id: "A1", agent: "bob", leaseMinutes: 60, force: false, reason: nil)
        let c = try #require(try decide(done, base, at: 70, by: "alice").first?.event)
        let t = try #require(try decide(take, base, at: 70, by: "bob").first?.event)
        var s = fold([Self.event(c, by: "alice", id: "e-complete", clock: completionFirst ? 70 : 71),
                      Self.event(t, by: "bob", id: "e-take", clock: completionFirst ? 71 : 70)], into: base)
        let w = try #require(s["A1"])
        #expect(w.lifecycle == .completed && w.agent == "alice" && w.completion?.summary == "Shipped")
        let conflict = try #require(w.conflicts.first)
        #expect(conflict.kind == .fenced && w.conflicts.count == 1)
        #expect(Set(conflict.entries.map(\.eventId)) == ["e-complete", "e-take"])
        #expect(conflict.outcome == Workstream.fencedOutcome(by: "alice"))
        // Keeping the take-over reopens it, held by bob.
        let keep = try decide(.resolveConflict(id: "A1", kind: nil, name: nil, keep: "e-take"), s, at: 80, by: "pm")
        s = fold(keep.map { Self.event($0.event, by: "pm", id: "e-resolve", clock: 80) }, into: s)
        #expect(s["A1"]?.lifecycle == .open && s["A1"]?.agent == "bob" && s["A1"]?.completion == nil)
        #expect(s["A1"]?.conflicts.isEmpty == true && s.status(of: "A1") == .inProgress)
    }

    /// Completed on one clone, started by bob on the other: the start cannot have seen the completion
    /// (the decider refuses a start of a closed workstream), so it is the same `fenced` conflict.
    @Test func aStartFoldedOntoACompletionIsAFencedConflict() throws {
        let completed = WorkstreamEvent.completed(.init(summary: "Shipped", next: [], forced: false, reason: nil,
                                                        seen: ""))
        let s = fold([Self.declared, Self.event(completed, by: "alice", id: "e-complete", clock: 5),
                      Self.event(.started(.init(agent: "bob", leaseMinutes: 60)), by: "bob", id: "s-bob", clock: 6)])
        let w = try #require(s["A1"])
        #expect(w.lifecycle == .completed && w.agent == "alice", "\(w)")
        #expect(w.conflicts.map(\.kind) == [.fenced], "\(w.conflicts)")
    }

    /// A completion that saw the take-over (forced by the old holder once bob's lease ran out) is no conflict.
    @Test func aCompletionThatSawTheTakeOverIsNoConflict() throws {
        var s = try takenOver()
        let forced = Command.complete(id: "A1", agent: "alice", summary: nil, next: [], force: true,
                                      reason: "bob vanished")
        let events = try decide(forced, s, at: 200, by: "alice")
        s = fold(events.map { Self.event($0.event, by: "alice", id: "f", clock: 200) }, into: s)
        #expect(s["A1"]?.lifecycle == .completed && s["A1"]?.conflicts.isEmpty == true)
    }

    /// One holder conflict settled for alice on one clone and for bob on the other.
    @Test(arguments: [false, true]) func twoSettlementsOfOneHolderConflict(aliceFirst: Bool) throws {
        var s = fold([Self.declared,
                      Self.event(.started(.init(agent: "alice", leaseMinutes: 60)), by: "alice", id: "s-alice",
                                 clock: 2),
                      Self.event(.started(.init(agent: "bob", leaseMinutes: 60)), by: "bob", id: "s-bob", clock: 3)])
        #expect(s["A1"]?.conflicts.map(\.kind) == [.holder])
        let forAlice = try #require(try decide(.resolveHolder(id: "A1", agent: "alice"), s, at: 10, by: "pm").first)
        let keepBob = Command.resolveConflict(id: "A1", kind: .holder, name: nil, keep: "s-bob")
        let forBob = try #require(try decide(keepBob, s, at: 10, by: "lead").first)
        s = fold([Self.event(forAlice.event, by: "pm", id: "r-alice", clock: aliceFirst ? 10 : 11),
                  Self.event(forBob.event, by: "lead", id: "r-bob", clock: aliceFirst ? 11 : 10)], into: s)
        let w = try #require(s["A1"])
        #expect(w.agent == (aliceFirst ? "alice" : "bob"))
        let conflict = try #require(w.conflicts.first)
        #expect(conflict.kind == .holder, "\(conflict)")
        #expect(Set(conflict.entries.map(\.eventId)) == ["r-alice", "r-bob"], "\(conflict)")
        // Settled again, with both settlements seen: no conflict is left.
        let final = try decide(.resolveHolder(id: "A1", agent: "bob"), s, at: 20, by: "pm")
        s = fold(final.map { Self.event($0.event, by: "pm", id: "r-final", clock: 20) }, into: s)
        #expect(s["A1"]?.agent == "bob" && s["A1"]?.conflicts.isEmpty == true)
        // The same settlement on both clones is no conflict.
        let settled = WorkstreamEvent.holderResolved(.init(agent: "bob", seen: "s-alice"))
        let same = fold([Self.declared,
                         Self.event(.started(.init(agent: "alice")), by: "alice", id: "s-alice", clock: 2),
                         Self.event(.started(.init(agent: "bob")), by: "bob", id: "s-bob", clock: 3),
                         Self.event(settled, by: "pm", id: "r1", clock: 10),
                         Self.event(settled, by: "lead", id: "r2", clock: 11)])
        #expect(same["A1"]?.agent == "bob" && same["A1"]?.conflicts.isEmpty == true)
    }

    @Test func theSeenFieldsRoundTripThroughTheCodec() throws {
        let events: [WorkstreamEvent] = [
            .holderResolved(.init(agent: "bob", seen: "s-alice")),
            .completed(.init(summary: "x", next: [], forced: false, reason: nil, seen: "e-take")),
        ]
        for e in events {
            let payload = EventCodec.encodePayload(e)
            #expect(try EventCodec.decode(type: EventCodec.typeName(of: e), schemaVersion: 1, payload: payload) == e)
        }
    }
}
