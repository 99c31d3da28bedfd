import Foundation
import Testing
@testable import WorkstreamCLI

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
}
