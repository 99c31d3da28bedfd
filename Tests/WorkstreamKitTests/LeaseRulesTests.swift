import Testing
@testable import WorkstreamKit

/// Leases with the clock as an input: the decider is told `now`, events carry their time.
@Suite struct LeaseRulesTests {
    struct Step {
        var command: Command
        var actor: String
        var time: String
    }

    static func at(_ minutes: Int) -> String { Timestamp.adding(minutes: minutes, to: "2026-11-21T10:00:00.000Z") ?? "" }

    /// Runs each step through the decider at its time, folding the events as the log would.
    func fold(_ steps: [Step], into start: WorkspaceState = WorkspaceState()) throws -> WorkspaceState {
        var s = start
        var seq = Int64(s.workstreams.count * 10)
        for step in steps {
            for p in try Decider.decide(step.command, state: s, now: step.time) {
                seq += 1
                s.evolve(EventEnvelope(seq: seq, stream: p.stream, version: (s[p.stream]?.version ?? 0) + 1, actor: step.actor,
                                       time: step.time, event: p.event))
            }
        }
        return s
    }

    func held(by agent: String = "alice", minutes: Int = 60) throws -> WorkspaceState {
        try fold([Step(command: .declare(Declaration(id: "A1", title: "Infra")), actor: "pm", time: Self.at(0)),
                  Step(command: .declare(Declaration(id: "A2", title: "App", dependsOn: ["A1"])), actor: "pm", time: Self.at(0)),
                  Step(command: .start(id: "A1", agent: agent, leaseMinutes: minutes), actor: agent, time: Self.at(0))])
    }

    @Test func timestampsRoundTripAndAdd() {
        #expect(Timestamp.format(millis: Timestamp.millis("2026-11-21T10:04:05.123Z") ?? 0) == "2026-11-21T10:04:05.123Z")
        #expect(Timestamp.adding(minutes: 120, to: "2026-12-31T23:30:00Z") == "2027-01-01T01:30:00.000Z")
        #expect(Timestamp.adding(minutes: 24 * 60, to: "2028-02-28T12:00:00.000Z") == "2028-02-29T12:00:00.000Z")
        #expect(Timestamp.millis("1970-01-01T00:00:00.000Z") == 0)
        #expect(Timestamp.millis("yesterday") == nil)
        #expect(Timestamp.later("2026-11-21T10:04:05Z", "2026-11-21T10:04:05.500Z") == "2026-11-21T10:04:05.500Z")
        #expect(Timestamp.isPast(Self.at(60), now: Self.at(60)))
        #expect(!Timestamp.isPast(Self.at(61), now: Self.at(60)))
    }

    @Test func startGrantsALeaseThatTheHoldersCommandsRenew() throws {
        var s = try held()
        #expect(s["A1"]?.leaseExpiresAt == Self.at(60))
        s = try fold([Step(command: .log(id: "A1", message: "working", kind: .note, hours: nil), actor: "alice", time: Self.at(45))], into: s)
        #expect(s["A1"]?.leaseExpiresAt == Self.at(105))
        // Someone else's event on the workstream renews nothing.
        s = try fold([Step(command: .log(id: "A1", message: "a note from the pm", kind: .note, hours: nil), actor: "pm", time: Self.at(100))], into: s)
        #expect(s["A1"]?.leaseExpiresAt == Self.at(105))
        #expect(!(s["A1"]?.leaseIsStale(now: Self.at(104)) ?? true))
        #expect(s["A1"]?.leaseIsStale(now: Self.at(105)) == true)
        // An explicit renewal, with a new length.
        s = try fold([Step(command: .renew(id: "A1", agent: "alice", leaseMinutes: 30), actor: "alice", time: Self.at(110))], into: s)
        #expect(s["A1"]?.leaseExpiresAt == Self.at(140))
        #expect(s.summary(of: "A1")?.leaseExpiresAt == Self.at(140))
        #expect(throws: Refusal.heldByAnotherAgent(id: "A1", holder: "alice")) {
            try Decider.decide(.renew(id: "A1", agent: "bob", leaseMinutes: 30), state: s, now: Self.at(111))
        }
        #expect(throws: Refusal.notHeld(id: "A2")) { try Decider.decide(.renew(id: "A2", agent: "bob", leaseMinutes: 30), state: s, now: Self.at(111)) }
    }

    @Test func takeOverIsRefusedBeforeExpiryAndAllowedAfter() throws {
        let s = try held()
        #expect(throws: Refusal.leaseActive(id: "A1", holder: "alice", until: Self.at(60))) {
            try Decider.decide(.takeOver(id: "A1", agent: "bob", leaseMinutes: 60, force: false, reason: nil), state: s, now: Self.at(59))
        }
        #expect(throws: Refusal.heldByAnotherAgent(id: "A1", holder: "alice")) {
            try Decider.decide(.start(id: "A1", agent: "bob", leaseMinutes: 60), state: s, now: Self.at(59))
        }
        // After expiry a plain start says how to take it over.
        #expect(throws: Refusal.leaseExpired(id: "A1", holder: "alice", since: Self.at(60))) {
            try Decider.decide(.start(id: "A1", agent: "bob", leaseMinutes: 60), state: s, now: Self.at(61))
        }
        let events = try Decider.decide(.takeOver(id: "A1", agent: "bob", leaseMinutes: 60, force: false, reason: nil), state: s, now: Self.at(61))
        #expect(events.map(\.event) == [.takenOver(.init(agent: "bob", previous: "alice", leaseMinutes: 60, expiredAt: Self.at(60), forced: false, reason: nil))])
        let after = try fold([Step(command: .takeOver(id: "A1", agent: "bob", leaseMinutes: 60, force: false, reason: nil), actor: "bob", time: Self.at(61))], into: s)
        #expect(after["A1"]?.agent == "bob")
        #expect(after["A1"]?.leaseExpiresAt == Self.at(121))
        // The old holder's later commands no longer renew anything.
        let stale = try fold([Step(command: .log(id: "A1", message: "still here?", kind: .note, hours: nil), actor: "alice", time: Self.at(90))], into: after)
        #expect(stale["A1"]?.leaseExpiresAt == Self.at(121))
    }

    @Test func forcedTakeOverNeedsAReasonAndRecordsIt() throws {
        let s = try held()
        #expect(throws: Refusal.forceNeedsReason(id: "A1")) {
            try Decider.decide(.takeOver(id: "A1", agent: "bob", leaseMinutes: 60, force: true, reason: " "), state: s, now: Self.at(5))
        }
        let events = try Decider.decide(.takeOver(id: "A1", agent: "bob", leaseMinutes: 60, force: true, reason: "alice is on leave"), state: s, now: Self.at(5))
        #expect(events.map(\.event) == [.takenOver(.init(agent: "bob", previous: "alice", leaseMinutes: 60, expiredAt: nil, forced: true, reason: "alice is on leave"))])
        // A take-over of something nobody holds is a start.
        let free = try fold([Step(command: .declare(Declaration(id: "B1", title: "Free")), actor: "pm", time: Self.at(0))])
        #expect(try Decider.decide(.takeOver(id: "B1", agent: "bob", leaseMinutes: 60, force: false, reason: nil), state: free, now: Self.at(1)).map(\.event)
                == [.started(.init(agent: "bob", leaseMinutes: 60))])
    }

    @Test func releaseMakesItReadyAgain() throws {
        var s = try held()
        #expect(throws: Refusal.heldByAnotherAgent(id: "A1", holder: "alice")) {
            try Decider.decide(.release(id: "A1", agent: "bob", force: false, reason: nil), state: s, now: Self.at(5))
        }
        #expect(throws: Refusal.forceNeedsReason(id: "A1")) {
            try Decider.decide(.release(id: "A1", agent: "bob", force: true, reason: nil), state: s, now: Self.at(5))
        }
        s = try fold([Step(command: .release(id: "A1", agent: "alice", force: false, reason: nil), actor: "alice", time: Self.at(5))], into: s)
        #expect(s.status(of: "A1") == .ready)
        #expect(s["A1"]?.agent == nil && s["A1"]?.leaseExpiresAt == nil)
        #expect(try Decider.decide(.release(id: "A1", agent: "alice", force: false, reason: nil), state: s, now: Self.at(6)).isEmpty)
        s = try fold([Step(command: .start(id: "A1", agent: "bob", leaseMinutes: 60), actor: "bob", time: Self.at(7))], into: s)
        #expect(s["A1"]?.agent == "bob")
    }

    /// Two clones took the same stale workstream over: every clone folds the events in one total
    /// order, the first take-over holds it, and the second is a `holder` conflict until resolved.
    @Test func twoTakeOversFromTwoClonesConvergeOnTheFirst() throws {
        let s = try held()
        let bob = WorkstreamEvent.takenOver(.init(agent: "bob", previous: "alice", leaseMinutes: 60, expiredAt: Self.at(60), forced: false, reason: nil))
        let carol = WorkstreamEvent.takenOver(.init(agent: "carol", previous: "alice", leaseMinutes: 60, expiredAt: Self.at(60), forced: false, reason: nil))
        var folded = s
        folded.evolve(EventEnvelope(seq: 100, stream: "A1", version: 2, actor: "bob", time: Self.at(70), event: bob, eventId: "e-bob", clock: 100))
        folded.evolve(EventEnvelope(seq: 101, stream: "A1", version: 2, actor: "carol", time: Self.at(65), event: carol, eventId: "e-carol", clock: 101))
        let w = try #require(folded["A1"])
        #expect(w.agent == "bob")
        let conflict = try #require(w.conflicts.first)
        #expect(conflict.kind == .holder)
        #expect(conflict.entries.map(\.eventId) == ["e-bob", "e-carol"])
        #expect(w.leaseExpiresAt == Self.at(130))
        // Settled like two starts: the kept side holds it, on every clone.
        var settled = folded
        let resolution = try Decider.decide(.resolveHolder(id: "A1", agent: "carol"), state: folded, now: Self.at(80))
        for p in resolution { settled.evolve(EventEnvelope(seq: 102, stream: "A1", version: 3, actor: "pm", time: Self.at(80), event: p.event)) }
        #expect(settled["A1"]?.agent == "carol")
        #expect(settled["A1"]?.conflicts.isEmpty == true)
    }

    /// A release on one clone and a take-over on the other: whichever the total order folds first,
    /// the taker holds it (a release names the holder it gave back, who no longer holds it).
    @Test(arguments: [false, true]) func releaseAndTakeOverConvergeInEitherOrder(releaseFirst: Bool) throws {
        let s = try held()
        let release = EventEnvelope(seq: 100, stream: "A1", version: 2, actor: "alice", time: Self.at(61),
                                    event: .released(.init(agent: "alice")), eventId: "e-release", clock: releaseFirst ? 100 : 101)
        let take = EventEnvelope(seq: 101, stream: "A1", version: 2, actor: "bob", time: Self.at(62),
                                 event: .takenOver(.init(agent: "bob", previous: "alice", leaseMinutes: 60, expiredAt: Self.at(60), forced: false, reason: nil)),
                                 eventId: "e-take", clock: releaseFirst ? 101 : 100)
        var folded = s
        for e in [release, take].sorted(by: { $0.clock < $1.clock }) { folded.evolve(e) }
        #expect(folded["A1"]?.agent == "bob")
        #expect(folded["A1"]?.conflicts.isEmpty == true)
    }

    @Test func leaseEventsRoundTripThroughTheCodec() throws {
        let events: [WorkstreamEvent] = [
            .started(.init(agent: "alice", leaseMinutes: 120)),
            .leaseRenewed(.init(agent: "alice", leaseMinutes: 30)),
            .released(.init(agent: "alice", reason: "going home")),
            .takenOver(.init(agent: "bob", previous: "alice", leaseMinutes: 60, expiredAt: Self.at(60), forced: false, reason: nil)),
            .takenOver(.init(agent: "bob", previous: "alice", leaseMinutes: nil, expiredAt: nil, forced: true, reason: "on leave")),
        ]
        for e in events {
            let back = try EventCodec.decode(type: EventCodec.typeName(of: e), schemaVersion: 1, payload: EventCodec.encodePayload(e))
            #expect(back == e)
        }
        // A start from before leases has no expiry: it is never stale.
        let old = try EventCodec.decode(type: "WorkstreamStarted", schemaVersion: 1, payload: #"{"agent":"alice"}"#)
        #expect(old == .started(.init(agent: "alice")))
        #expect(throws: Refusal.self) { try EventValidation.content(.started(.init(agent: "alice", leaseMinutes: 0))) }
    }
}
