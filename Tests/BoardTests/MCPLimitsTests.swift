@testable import Board
import Foundation
import Testing

/// `/mcp`'s allowance per agent, at times the test sets: the rate with its burst, the calls in flight, and one
/// agent never spending another's.
@Suite struct MCPLimitsTests {
    static func refused(_ refusal: MCPRefusal?) -> Int? {
        if case .limited(_, let retryAfter)? = refusal { return retryAfter }
        return nil
    }

    @Test func aBurstOfTwiceTheRateThenTheRate() {
        let limits = MCPLimits(.init(rate: 5, concurrency: 64))
        let start = Date(timeIntervalSince1970: 1_000_000)
        for _ in 0..<10 {
            #expect(limits.admit("alice", now: start) == nil)
            limits.finish("alice")
        }
        #expect(Self.refused(limits.admit("alice", now: start)) == 1)
        // Another agent has an allowance of its own.
        #expect(limits.admit("bob", now: start) == nil)
        // A fifth of a second later one more call is allowed (5 a second), and only one.
        let later = start.addingTimeInterval(0.2)
        #expect(limits.admit("alice", now: later) == nil)
        limits.finish("alice")
        #expect(Self.refused(limits.admit("alice", now: later)) != nil)
        // A long pause refills the bucket to its burst, never past it.
        let much = start.addingTimeInterval(3600)
        for _ in 0..<10 {
            #expect(limits.admit("alice", now: much) == nil)
            limits.finish("alice")
        }
        #expect(Self.refused(limits.admit("alice", now: much)) != nil)
    }

    @Test func callsInFlightAreCappedAndFreedWhenTheyEnd() {
        let limits = MCPLimits(.init(rate: 1000, concurrency: 2))
        let now = Date()
        #expect(limits.admit("alice", now: now) == nil)
        #expect(limits.admit("alice", now: now) == nil)
        #expect(Self.refused(limits.admit("alice", now: now)) == 1)
        #expect(limits.admit("bob", now: now) == nil)
        limits.finish("alice")
        #expect(limits.admit("alice", now: now) == nil)
    }
}
