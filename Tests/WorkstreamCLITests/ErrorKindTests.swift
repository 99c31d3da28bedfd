import EventLog
import Foundation
import Operations
import Testing
import WorkstreamKit

/// One classification of typed errors: the kind the CLI exits with and MCP's cause come from one place.
@Suite struct ErrorKindTests {
    @Test func theCLIExitsWithTheKindAndSaysTheMessageOfTheError() throws {
        let s = try Sandbox()
        try s.ws("init").check()
        try s.ws("new", "A", "--title", "a").check()
        let cases: [([String], Error)] = [
            (["block", "NOPE", "--reason", "r"], Refusal.unknownWorkstream("NOPE")),
            (["new", "A", "--title", "again"], Refusal.alreadyExists("A")),
        ]
        for (arguments, error) in cases {
            let failure = try #require(ClassifiedError(error))
            let r = try s.ws(arguments)
            #expect(r.code == failure.kind.rawValue, "\(arguments): \(r.stderr)")
            #expect(r.stderr == "ws: \(failure.message)\n")
        }
    }

    @Test func kindsAreTheExitCodesOfDesignAndCausesAreKeptForMCP() throws {
        #expect(ClassifiedError(Refusal.unknownWorkstream("X"))?.kind == .notFound)
        #expect(ClassifiedError(Refusal.invalid("bad"))?.kind == .error)
        #expect(ClassifiedError(CLIError(code: ExitCodes.usage, message: "m"))?.kind == .usage)
        let stale = EventStoreError.versionConflict(stream: "A", expected: 1, actual: 2)
        let conflict = try #require(ClassifiedError(stale))
        #expect(conflict.kind == .refused)
        guard case .versionConflict = conflict.cause else {
            Issue.record("not a version conflict: \(conflict.cause)")
            return
        }
        #expect(ClassifiedError(CocoaError(.fileNoSuchFile)) == nil)
    }
}
