import Foundation
import Testing
@testable import Operations

/// Event times come from `Timestamp.format`, not ISO8601DateFormatter (whose ICU set-up
/// cost more than an append); both must write the same text.
@Suite struct ClockTests {
    @Test(arguments: [0, 0.5, 951_782_400.125, 1_763_789_669.1237, 1_763_789_669.9996, 1_798_761_599.875, 4_102_444_800] as [Double])
    func formatsAsISO8601DateFormatterDoes(seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        f.timeZone = TimeZone(identifier: "UTC")
        #expect(Clock.format(date) == f.string(from: date))
    }

    @Test func parsesWhatItFormats() {
        let text = Clock.format(Date(timeIntervalSince1970: 1_763_789_669.5))
        #expect(text == "2025-11-22T05:34:29.500Z")
        #expect(Clock.parse(text) == text)
    }

    /// A clock ws cannot read is a usage error before anything is opened: it made every lease look fresh.
    @Test(arguments: ["yesterday", "2026-12-02 10:00", "2026-13-45T99:00:00.000Z", "2026-02-30T10:00:00.000Z",
                      "0000-01-01T00:00:00.000Z", "9999-12-31T23:59:59.000Z",
                      "2026-11-21T16:00:60.000Z", "2026-11-21T16:00:00.123456789Z"])
    func anUnreadableWSNowIsRefused(value: String) throws {
        let s = try Sandbox()
        try s.ws("init").check()
        try s.ws("new", "A1", "--title", "One").check()
        let before = try s.ws("history", "--json").check().stdout
        let r = try s.ws("log", "A1", "a note", env: ["WS_NOW": value])
        #expect(r.code == 64 && r.stderr.contains("WS_NOW"), "exit \(r.code): \(r.stderr)")
        #expect(try s.ws("history", "--json").check().stdout == before)
    }
}
