import Foundation

/// What one agent may ask of `/mcp`: at most `rate` calls a second on average (a bucket of `2 x rate`, so a
/// burst after a pause passes) and `concurrency` calls in flight at once. Past either, the request is refused
/// with 429 and `Retry-After` before anything runs; other agents are not slowed by it. Counted per agent, not
/// per token: an agent's several tokens share its allowance.
public final class MCPLimits: @unchecked Sendable {
    public struct Settings: Sendable {
        public var rate: Double
        public var concurrency: Int
        public init(rate: Double = 20, concurrency: Int = 4) { (self.rate, self.concurrency) = (rate, concurrency) }
    }

    struct Allowance {
        var tokens: Double
        var refilled: Date
        var inFlight = 0
    }

    let settings: Settings
    private let lock = NSLock()
    private var allowances: [String: Allowance] = [:]

    public init(_ settings: Settings) { self.settings = settings }

    /// Takes a call for `agent`: nil when admitted (end it with `finish`), else the refusal.
    func admit(_ agent: String, now: Date = Date()) -> MCPRefusal? {
        lock.withLock {
            let burst = settings.rate * 2
            var a = allowances[agent] ?? Allowance(tokens: burst, refilled: now)
            a.tokens = min(burst, a.tokens + now.timeIntervalSince(a.refilled) * settings.rate)
            a.refilled = now
            defer { allowances[agent] = a }
            guard a.inFlight < settings.concurrency else {
                return .limited("\(agent) has \(settings.concurrency) calls in flight, as many as an agent may; "
                                + "wait for one to end", retryAfter: 1)
            }
            guard a.tokens >= 1 else {
                let wait = Int(((1 - a.tokens) / settings.rate).rounded(.up))
                return .limited("\(agent) is past \(Self.shown(settings.rate)) calls a second; slow down",
                                retryAfter: max(1, wait))
            }
            a.tokens -= 1
            a.inFlight += 1
            return nil
        }
    }

    func finish(_ agent: String) {
        lock.withLock { allowances[agent]?.inFlight -= 1 }
    }

    static func shown(_ rate: Double) -> String { rate == rate.rounded() ? String(Int(rate)) : String(rate) }
}
