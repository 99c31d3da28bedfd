import Testing
import WorkstreamKit

/// One hours formatter for the documents, the board and the command line: the command line's
/// own (`%.2g`) printed 12.5 hours as "12" and 125.5 as "1.3e+02".
@Suite struct HoursFormatTests {
    @Test func hoursReadAsPeopleWriteThem() {
        #expect(Hours.format(4) == "4 h")
        #expect(Hours.format(2.5) == "2.5 h")
        #expect(Hours.format(0.25) == "0.25 h")
        #expect(Hours.format(1.0 / 3) == "0.33 h")
        #expect(Hours.format(12.5) == "12.5 h")
        #expect(Hours.format(125.5) == "125.5 h")
    }

    @Test func showPrintsLoggedHoursAsTheDocumentsDo() throws {
        let s = try Sandbox.planned()
        try s.ws("start", "A1", "--agent", "alice").check()
        try s.ws("log", "A1", "long day", "--hours", "12.5", "--agent", "alice").check()
        try s.ws("log", "A1", "longer week", "--hours", "125.5", "--agent", "alice").check()
        let shown = try s.ws("show", "A1").check().stdout
        #expect(shown.contains("alice: long day (12.5 h)"))
        #expect(shown.contains("alice: longer week (125.5 h)"))
    }
}
