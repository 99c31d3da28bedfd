import ArgumentParser
import Foundation
import Testing
@testable import WorkstreamCLI

/// `ws --version` is answered by the entry point before swift-argument-parser runs
/// (`CLI.versionAnswer`); these hold that answer to the full parser's, and check that
/// only the exact command line `ws --version` is taken there.
@Suite struct VersionFastPathTests {
    /// The fast answer for `arguments` (the program name first), built as the kernel passes them.
    static func answer(_ arguments: [String]) -> String? {
        var pointers: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return pointers.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            return CLI.versionAnswer(raw: base, count: arguments.count)
        }
    }

    /// What swift-argument-parser prints for `--version`, as `CLI.run` prints its clean exit.
    static func parserAnswer() -> String {
        do {
            _ = try WS.parseAsRoot(["--version"])
            return "(the parser ran a command)"
        } catch {
            return WS.fullMessage(for: error) + "\n"
        }
    }

    @Test func theFastAnswerIsTheParsersAnswer() {
        #expect(Self.answer(["ws", "--version"]) == Self.parserAnswer())
        #expect(Self.parserAnswer() == "\(WS.version)\n")
    }

    @Test func onlyTheExactCommandLineIsTaken() {
        let declined: [[String]] = [
            ["ws"], ["ws", "version"], ["ws", "--versio"], ["ws", "--version=1"], ["ws", "--Version"],
            ["ws", "--version", "--version"], ["ws", "--version", "ready"], ["ws", "ready", "--version"],
            ["ws", "-h"], ["ws", ""], ["ws", "--version "],
        ]
        for line in declined { #expect(Self.answer(line) == nil, "\(line)") }
    }

    @Test func theProcessPrintsTheParsersAnswerAndNothingElse() throws {
        let s = try Sandbox()
        let fast = try s.ws("--version")
        #expect(fast.code == 0 && fast.stdout == Self.parserAnswer() && fast.stderr.isEmpty, "\(fast)")
        // The same question through the full parser (an extra argument declines the fast path).
        let full = try s.ws("--version", "--version")
        #expect(full.code == 0 && full.stdout == fast.stdout, "\(full)")
    }
}
